"""X (Twitter): API v2 user lookup, `public_metrics.followers_count`; ownership by signing in with X."""

from __future__ import annotations

import re
from datetime import datetime

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

RESERVED = {"home", "i", "intent", "search", "explore", "settings", "messages", "notifications", "share",
            "hashtag", "login", "signup", "tos", "privacy"}
USER_FIELDS = "created_at,description,protected,public_metrics"


def parse_created(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


class XConnector(Connector):
    code = "x"
    label = "X"
    hosts = ("x.com", "twitter.com")
    handle_pattern = re.compile(r"[A-Za-z0-9_]{1,15}")
    oauth = "x"

    def handle_rule(self) -> str:
        return _("Nama pengguna X terdiri dari 1–15 huruf, angka, atau garis bawah (_).")

    def from_handle(self, handle: str) -> Identity:
        if handle.lower() in RESERVED:
            raise HandleError(self.handle_rule())
        return super().from_handle(handle)

    def from_url(self, segments, query) -> Identity:
        if not segments or segments[0].lower() in RESERVED:
            raise HandleError(_("Tempel tautan profil X, misalnya https://x.com/namapengguna."))
        return self.from_handle(segments[0].lstrip("@"))

    def profile_url(self, identity: Identity) -> str:
        return f"https://x.com/{identity.handle}"

    def parse_user(self, data) -> Profile:
        if isinstance(data, dict) and "data" not in data and data.get("errors"):
            error = data["errors"][0] if isinstance(data["errors"], list) and data["errors"] else {}
            kind = str(error.get("type", "")) + str(error.get("title", ""))
            if "resource-not-found" in kind or "Not Found" in kind:
                raise ConnectorError("not_found")
            if "suspended" in str(error.get("detail", "")).lower():
                raise ConnectorError("not_found")
            raise ConnectorError("bad_response")
        user = expect_dict(data, "data")
        metrics = expect_dict(user, "public_metrics")
        return Profile(
            platform_id=str(expect_dict(user, "id")),
            handle=str(expect_dict(user, "username")).lower(),
            followers=as_count(metrics.get("followers_count")),
            display_name=str(user.get("name", "")),
            bio=str(user.get("description", "") or ""),
            created_at=parse_created(user.get("created_at")),
            is_private=bool(user.get("protected", False)),
        )

    def parse_me(self, data) -> Identity:
        """`GET /2/users/me` ({"data": {"id", "name", "username"}}) as the canonical identity."""
        user = expect_dict(data, "data")
        platform_id = str(expect_dict(user, "id"))
        username = str(expect_dict(user, "username"))
        if not re.fullmatch(r"[0-9]{1,20}", platform_id) or not self.handle_pattern.fullmatch(username):
            raise ConnectorError("bad_response")
        return Identity(platform=self.code, handle=username.lower(), platform_id=platform_id)

    def fetch_profile(self, identity: Identity, *, client: PlatformClient | None = None) -> Profile:
        client = client or PlatformClient(self.code)
        headers = {"Authorization": f"Bearer {client.conf['token']}"}
        params = {"user.fields": USER_FIELDS}
        if identity.platform_id:
            status, data = client.request("GET", f"/2/users/{identity.platform_id}", params=params, headers=headers)
        else:
            status, data = client.request("GET", f"/2/users/by/username/{identity.handle}", params=params,
                                          headers=headers)
        if status == 404:
            raise ConnectorError("not_found")
        if status in (401, 403):
            raise ConnectorError("not_configured", status=status)
        return self.parse_user(data)

    def post_url_check(self, url: str, account) -> PostCheck:
        parts = split_url(url)
        if parts is None or parts[0] not in self.hosts:
            return "no"
        _host, segments, _query = parts
        if len(segments) >= 3 and segments[1] == "status" and segments[2].isdigit():
            if segments[0] == "i":  # x.com/i/web/status/<id> does not name the author
                return "unknown"
            return "yes" if segments[0].lower() == (account.handle or "").lower() else "no"
        if len(segments) >= 4 and segments[:3] == ["i", "web", "status"]:
            return "unknown"
        return "no"


CONNECTOR = XConnector()
