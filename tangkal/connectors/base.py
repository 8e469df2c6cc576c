"""What every platform connector offers, and the one error type they raise.

A platform is a folder `tangkal/connectors/<code>/` whose `connector.py` defines `CONNECTOR`, an
instance of a `Connector` subclass. The registry finds the folders; nothing else lists platforms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Literal
from urllib.parse import parse_qs, urlsplit

from django.utils.translation import gettext_lazy as _


class ConnectorError(Exception):
    """Anything a platform did that is not a follower count.

    `code` is one of: not_found, private, rate_limited, unavailable, bad_response, not_configured,
    auth_failed. `message` is Indonesian text a person can act on.
    """

    def __init__(self, code: str, message: str = "", *, retry_after: float | None = None, status: int | None = None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message or str(ERROR_MESSAGES.get(code, _("Platform tidak dapat dihubungi.")))
        self.retry_after = retry_after
        self.status = status


ERROR_MESSAGES = {
    "not_found": _("Akun tidak ditemukan di platform. Periksa kembali nama pengguna atau tautannya."),
    "private": _("Akun ini privat atau dibatasi, sehingga jumlah pengikutnya tidak dapat dibaca."),
    "rate_limited": _("Platform sedang membatasi permintaan. Coba lagi beberapa menit lagi."),
    "unavailable": _("Platform sedang tidak dapat dihubungi. Coba lagi nanti."),
    "bad_response": _("Platform mengirim jawaban yang tidak dapat dibaca. Coba lagi nanti."),
    "not_configured": _("Penghubung platform ini belum dikonfigurasi oleh admin."),
    "auth_failed": _("Masuk ke platform gagal atau dibatalkan."),
}


class HandleError(ValueError):
    """What a person pasted cannot be read as an account of this platform; `message` says why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Identity:
    """The canonical identity of one account: lower-case handle and/or the platform's own id."""

    platform: str
    handle: str = ""
    platform_id: str = ""

    @property
    def key(self) -> str:
        return self.platform_id or self.handle


@dataclass(frozen=True)
class Profile:
    """What a platform says about an account right now."""

    platform_id: str
    handle: str
    followers: int
    display_name: str = ""
    bio: str = ""
    created_at: datetime | None = None
    is_private: bool = False


PostCheck = Literal["yes", "no", "unknown"]

_URL_START = re.compile(r"^(https?://)?(www\.|m\.|mobile\.|web\.)?", re.IGNORECASE)


def split_url(raw: str) -> tuple[str, list[str], dict[str, list[str]]] | None:
    """(host, path segments, query) of something that looks like a URL, else None."""
    text = raw.strip()
    if "/" not in text and not text.lower().startswith(("http:", "https:", "www.")):
        return None  # a bare handle, which may itself contain dots (dewi.lestari)
    if not re.match(r"^[a-z]+://", text, re.IGNORECASE):
        text = "https://" + text
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "m.", "mobile.", "web.", "mbasic."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    segments = [s for s in parts.path.split("/") if s]
    return host, segments, parse_qs(parts.query)


class Connector:
    code: ClassVar[str]
    label: ClassVar[str]
    hosts: ClassVar[tuple[str, ...]]
    handle_pattern: ClassVar[re.Pattern]
    # A connector that can prove ownership by signing in with the platform sets this to its OAuth name.
    oauth: ClassVar[str | None] = None
    # True when the profile lookup returns a bio/description where a one-time code can be placed.
    bio_code: ClassVar[bool] = True

    # ---- identity -------------------------------------------------------------------------
    def normalise(self, raw: str) -> Identity:
        """Read what a person pasted (`@handle`, a profile URL in any of its forms) as one identity."""
        text = (raw or "").strip()
        if not text:
            raise HandleError(_("Isi nama pengguna atau tautan profil."))
        url = split_url(text)
        if url is not None:
            host, segments, query = url
            if host and not any(host == h or host.endswith("." + h) for h in self.hosts):
                raise HandleError(
                    _("Tautan ini bukan tautan %(platform)s.") % {"platform": self.label}
                )
            return self.from_url(segments, query)
        return self.from_handle(text.lstrip("@"))

    def from_handle(self, handle: str) -> Identity:
        if not self.handle_pattern.fullmatch(handle):
            raise HandleError(self.handle_rule())
        return Identity(platform=self.code, handle=handle.lower())

    def from_url(self, segments: list[str], query: dict[str, list[str]]) -> Identity:  # pragma: no cover
        raise NotImplementedError

    def handle_rule(self) -> str:
        return str(_("Nama pengguna %(platform)s tidak sah.") % {"platform": self.label})

    def profile_url(self, identity: Identity) -> str:  # pragma: no cover
        raise NotImplementedError

    # ---- measuring --------------------------------------------------------------------------
    def fetch_profile(self, identity: Identity) -> Profile:  # pragma: no cover
        raise NotImplementedError

    # ---- posts ------------------------------------------------------------------------------
    def post_url_check(self, url: str, account) -> PostCheck:  # pragma: no cover
        raise NotImplementedError

    def post_url_belongs_to(self, url: str, account) -> bool:
        return self.post_url_check(url, account) == "yes"
