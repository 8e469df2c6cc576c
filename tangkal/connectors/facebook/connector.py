"""Facebook: Graph API Page node, `followers_count` (Pages only: personal profiles are not readable)."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.translation import gettext as _

from tangkal.connectors.base import (
    Connector,
    HandleError,
    Identity,
    PostCheck,
    Profile,
    split_url,
)
from tangkal.connectors.http import PlatformClient, as_count, expect_dict
from tangkal.connectors.instagram.connector import graph_error

NOT_PROFILES = {"watch", "groups", "events", "marketplace", "share", "sharer", "story.php", "photo.php",
                "login", "help", "gaming", "hashtag", "reel"}
PAGE_FIELDS = "id,name,username,followers_count,about"


class FacebookConnector(Connector):
    code = "facebook"
    label = "Facebook"
    hosts = ("facebook.com", "fb.com", "fb.me")
    handle_pattern = re.compile(r"[A-Za-z0-9.]{5,50}")

    def handle_rule(self) -> str:
        return _("Nama pengguna Facebook terdiri dari minimal 5 huruf, angka, atau titik; "
                 "atau tempel tautan halaman Facebook Anda.")

    def from_handle(self, handle: str) -> Identity:
        if handle.isdigit():
            return Identity(platform=self.code, platform_id=handle)
        return super().from_handle(handle)

    def from_url(self, segments, query) -> Identity:
        if segments and segments[0] == "profile.php" and query.get("id", [""])[0].isdigit():
            return Identity(platform=self.code, platform_id=query["id"][0])
        if len(segments) >= 3 and segments[0] == "people" and segments[2].isdigit():
            return Identity(platform=self.code, platform_id=segments[2])
        if segments and segments[0] == "pages" and len(segments) >= 3 and segments[-1].isdigit():
            return Identity(platform=self.code, platform_id=segments[-1])
        if not segments or segments[0].lower() in NOT_PROFILES:
            raise HandleError(_("Tempel tautan halaman Facebook, misalnya https://facebook.com/namahalaman."))
        return self.from_handle(segments[0])

    def profile_url(self, identity: Identity) -> str:
        if identity.handle:
            return f"https://www.facebook.com/{identity.handle}"
        return f"https://www.facebook.com/profile.php?id={identity.platform_id}"

    def parse_page(self, data) -> Profile:
        error = graph_error(data)
        if error is not None:
            raise error
        return Profile(
            platform_id=str(expect_dict(data, "id")),
            handle=str(data.get("username", "") or "").lower(),
            followers=as_count(data.get("followers_count")),
            display_name=str(data.get("name", "")),
            bio=str(data.get("about", "") or ""),
        )

    def fetch_profile(self, identity: Identity, *, client: PlatformClient | None = None) -> Profile:
        client = client or PlatformClient(self.code)
        node = identity.platform_id or identity.handle
        params = {"fields": PAGE_FIELDS, "access_token": client.conf["token"]}
        _status, data = client.request("GET", f"/{settings.CONNECTOR_GRAPH_VERSION}/{node}", params=params)
        return self.parse_page(data)

    def post_url_check(self, url: str, account) -> PostCheck:
        parts = split_url(url)
        if parts is None or parts[0] not in self.hosts:
            return "no"
        _host, segments, query = parts
        names = {(account.handle or "").lower(), str(account.platform_id or "")} - {""}
        if segments and segments[0] in ("permalink.php", "story.php"):
            owner = query.get("id", [""])[0]
            return "yes" if owner and owner in names else "no"
        if len(segments) >= 3 and segments[1] in ("posts", "videos", "photos"):
            return "yes" if segments[0].lower() in names else "no"
        if segments and segments[0] in ("share", "watch", "reel"):
            return "unknown"
        return "no"


CONNECTOR = FacebookConnector()
