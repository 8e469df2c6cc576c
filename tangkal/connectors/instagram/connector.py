"""Instagram: Graph API `business_discovery` (professional accounts only), `followers_count`."""

from __future__ import annotations

import re

from django.conf import settings
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

NOT_PROFILES = {"p", "reel", "reels", "tv", "explore", "accounts", "direct", "stories", "about", "legal"}
DISCOVERY_FIELDS = "followers_count,media_count,biography,username,id"


def graph_error(data) -> ConnectorError | None:
    """The Graph API's error envelope (shared with Facebook) as a ConnectorError."""
    if not isinstance(data, dict) or "error" not in data:
        return None
    error = data["error"] if isinstance(data["error"], dict) else {}
    code, subcode = error.get("code"), error.get("error_subcode")
    if code in (4, 17, 32, 613) or subcode == 2207051:
        return ConnectorError("rate_limited")
    if code == 803 or (code == 110 and subcode == 2207013) or code == 100 and "exist" in str(error.get("message")):
        return ConnectorError("not_found")
    if code in (190, 200, 10):
        return ConnectorError("not_configured")
    return ConnectorError("bad_response")


class InstagramConnector(Connector):
    code = "instagram"
    label = "Instagram"
    hosts = ("instagram.com", "instagr.am")
    handle_pattern = re.compile(r"(?!.*\.\.)(?!\.)[A-Za-z0-9._]{1,30}(?<!\.)")

    def handle_rule(self) -> str:
        return _("Nama pengguna Instagram terdiri dari 1–30 huruf, angka, titik, atau garis bawah, "
                 "tanpa titik di awal, di akhir, atau dua titik berurutan.")

    def from_url(self, segments, query) -> Identity:
        if segments and segments[0] == "stories" and len(segments) >= 2:
            return self.from_handle(segments[1])
        if not segments or segments[0].lower() in NOT_PROFILES:
            raise HandleError(_("Tempel tautan profil Instagram (https://instagram.com/namapengguna), "
                                "bukan tautan unggahan."))
        return self.from_handle(segments[0].lstrip("@"))

    def profile_url(self, identity: Identity) -> str:
        return f"https://www.instagram.com/{identity.handle}/"

    def parse_discovery(self, data) -> Profile:
        error = graph_error(data)
        if error is not None:
            if error.code == "not_found":
                error.message = _("Akun Instagram tidak ditemukan, atau bukan akun profesional (bisnis/kreator). "
                                  "Hanya akun profesional yang jumlah pengikutnya dapat dibaca.")
            raise error
        found = expect_dict(data, "business_discovery")
        return Profile(
            platform_id=str(expect_dict(found, "id")),
            handle=str(expect_dict(found, "username")).lower(),
            followers=as_count(found.get("followers_count")),
            bio=str(found.get("biography", "") or ""),
        )

    def fetch_profile(self, identity: Identity, *, client: PlatformClient | None = None) -> Profile:
        client = client or PlatformClient(self.code)
        ig_user = client.conf.get("ig_user_id")
        if not ig_user:
            raise ConnectorError("not_configured")
        params = {
            "fields": f"business_discovery.username({identity.handle}){{{DISCOVERY_FIELDS}}}",
            "access_token": client.conf["token"],
        }
        _status, data = client.request("GET", f"/{settings.CONNECTOR_GRAPH_VERSION}/{ig_user}", params=params)
        return self.parse_discovery(data)

    def post_url_check(self, url: str, account) -> PostCheck:
        parts = split_url(url)
        if parts is None or parts[0] not in self.hosts:
            return "no"
        _host, segments, _query = parts
        if len(segments) >= 3 and segments[1] in ("p", "reel", "tv"):
            return "yes" if segments[0].lower() == (account.handle or "").lower() else "no"
        if len(segments) >= 2 and segments[0] in ("p", "reel", "tv"):
            return "unknown"  # the short form does not name the author
        return "no"


CONNECTOR = InstagramConnector()
