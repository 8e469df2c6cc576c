"""YouTube: Data API v3 `channels.list`, `statistics.subscriberCount`; ownership by Google OAuth."""

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

CHANNEL_ID = re.compile(r"UC[A-Za-z0-9_-]{22}")


class YouTubeConnector(Connector):
    code = "youtube"
    label = "YouTube"
    hosts = ("youtube.com", "youtu.be")
    handle_pattern = re.compile(r"[A-Za-z0-9._-]{3,30}")
    oauth = "google"

    def handle_rule(self) -> str:
        return _("Handle YouTube diawali @ dan terdiri dari 3–30 huruf, angka, titik, garis bawah, atau tanda hubung; "
                 "atau tempel ID kanal yang diawali UC.")

    def normalise(self, raw: str) -> Identity:
        text = (raw or "").strip()
        if CHANNEL_ID.fullmatch(text):
            return Identity(platform=self.code, platform_id=text)
        return super().normalise(text)

    def from_handle(self, handle: str) -> Identity:
        if CHANNEL_ID.fullmatch(handle):
            return Identity(platform=self.code, platform_id=handle)
        return super().from_handle(handle)

    def from_url(self, segments, query) -> Identity:
        if segments and segments[0].startswith("@"):
            return super().from_handle(segments[0][1:])
        if len(segments) >= 2 and segments[0] == "channel" and CHANNEL_ID.fullmatch(segments[1]):
            return Identity(platform=self.code, platform_id=segments[1])
        if segments and segments[0] in ("c", "user"):
            raise HandleError(_("Tautan lama /c/ atau /user/ tidak dapat dipakai. Buka kanal Anda lalu salin "
                                "tautan yang berisi @handle."))
        raise HandleError(_("Tempel tautan kanal YouTube, misalnya https://www.youtube.com/@namakanal."))

    def profile_url(self, identity: Identity) -> str:
        if identity.handle:
            return f"https://www.youtube.com/@{identity.handle}"
        return f"https://www.youtube.com/channel/{identity.platform_id}"

    def parse_channels(self, data) -> Profile:
        items = data.get("items") if isinstance(data, dict) else None
        if isinstance(data, dict) and "error" in data:
            raise ConnectorError("bad_response")
        if not isinstance(data, dict) or "pageInfo" not in data and "items" not in data:
            raise ConnectorError("bad_response")
        if not items:
            raise ConnectorError("not_found")
        channel = items[0]
        snippet = channel.get("snippet", {}) if isinstance(channel, dict) else {}
        stats = expect_dict(channel, "statistics")
        if stats.get("hiddenSubscriberCount"):
            raise ConnectorError("private")
        created = None
        if snippet.get("publishedAt"):
            try:
                created = datetime.fromisoformat(str(snippet["publishedAt"]).replace("Z", "+00:00"))
            except ValueError:
                created = None
        return Profile(
            platform_id=str(expect_dict(channel, "id")),
            handle=str(snippet.get("customUrl", "")).lstrip("@").lower(),
            followers=as_count(stats.get("subscriberCount")),
            display_name=str(snippet.get("title", "")),
            bio=str(snippet.get("description", "") or ""),
            created_at=created,
        )

    def fetch_profile(self, identity: Identity, *, client: PlatformClient | None = None) -> Profile:
        client = client or PlatformClient(self.code)
        params = {"part": "snippet,statistics", "key": client.conf["token"]}
        if identity.platform_id:
            params["id"] = identity.platform_id
        else:
            params["forHandle"] = "@" + identity.handle
        status, data = client.request("GET", "/youtube/v3/channels", params=params)
        if status in (400, 401, 403):
            raise ConnectorError("not_configured", status=status)
        if status == 404:
            raise ConnectorError("not_found")
        return self.parse_channels(data)

    def post_url_check(self, url: str, account) -> PostCheck:
        parts = split_url(url)
        if parts is None or parts[0] not in self.hosts:
            return "no"
        host, segments, query = parts
        if segments and segments[0].startswith("@"):
            same = segments[0][1:].lower() == (account.handle or "").lower()
            return "yes" if same and len(segments) > 1 else "no"
        if len(segments) >= 3 and segments[0] == "channel":
            return "yes" if segments[1] == account.platform_id else "no"
        if host == "youtu.be" or (segments and segments[0] in ("watch", "shorts", "post", "live")):
            return "unknown"  # video links do not name the channel; campaigns may ask the API
        return "no"


CONNECTOR = YouTubeConnector()
