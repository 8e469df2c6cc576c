"""TikTok: Research API user info, `follower_count`."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from tangkal.connectors.base import (
    Connector,
    ConnectorError,
    HandleError,
    Identity,
    PostCheck,
    Profile,
    split_url,
)
from tangkal.connectors.http import PlatformClient, as_count, expect_dict

USER_FIELDS = "display_name,bio_description,is_verified,follower_count,following_count,likes_count,video_count"


class TikTokConnector(Connector):
    code = "tiktok"
    label = "TikTok"
    hosts = ("tiktok.com",)
    handle_pattern = re.compile(r"(?!.*\.$)[A-Za-z0-9_.]{2,24}")

    def handle_rule(self) -> str:
        return _("Nama pengguna TikTok terdiri dari 2–24 huruf, angka, garis bawah, atau titik (tidak diakhiri titik).")

    def from_url(self, segments, query) -> Identity:
        if segments and segments[0].startswith("@"):
            return self.from_handle(segments[0][1:])
        raise HandleError(_("Tempel tautan profil TikTok lengkap, misalnya https://www.tiktok.com/@namapengguna "
                            "(tautan pendek vm.tiktok.com tidak dapat dibaca)."))

    def profile_url(self, identity: Identity) -> str:
        return f"https://www.tiktok.com/@{identity.handle}"

    def parse_user(self, data, handle: str) -> Profile:
        error = data.get("error") if isinstance(data, dict) else None
        if not isinstance(error, dict):
            raise ConnectorError("bad_response")
        code = str(error.get("code", ""))
        message = str(error.get("message", "")).lower()
        if code != "ok":
            if "not exist" in message or "not found" in message or code == "user_not_found":
                raise ConnectorError("not_found")
            if "private" in message or code == "user_has_private_account":
                raise ConnectorError("private")
            if code == "rate_limit_exceeded":
                raise ConnectorError("rate_limited")
            if code in ("access_token_invalid", "scope_not_authorized"):
                raise ConnectorError("not_configured")
            raise ConnectorError("bad_response")
        user = expect_dict(data, "data")
        return Profile(
            platform_id=handle,  # the Research API identifies users by username
            handle=handle,
            followers=as_count(user.get("follower_count")),
            display_name=str(user.get("display_name", "")),
            bio=str(user.get("bio_description", "") or ""),
        )

    def fetch_profile(self, identity: Identity, *, client: PlatformClient | None = None) -> Profile:
        client = client or PlatformClient(self.code)
        headers = {"Authorization": f"Bearer {client.conf['token']}"}
        _status, data = client.request("POST", "/v2/research/user/info/", params={"fields": USER_FIELDS},
                                       json={"username": identity.handle}, headers=headers)
        return self.parse_user(data, identity.handle)

    def post_url_check(self, url: str, account) -> PostCheck:
        parts = split_url(url)
        if parts is None:
            return "no"
        host, segments, _query = parts
        if host in ("vm.tiktok.com", "vt.tiktok.com"):
            return "unknown"
        if host not in self.hosts:
            return "no"
        if len(segments) >= 3 and segments[0].startswith("@") and segments[1] in ("video", "photo"):
            return "yes" if segments[0][1:].lower() == (account.handle or "").lower() else "no"
        return "no"


CONNECTOR = TikTokConnector()
