"""Personal short links: `/s/<code><channel letter>`.

The code is 12 lower-case hex characters made by the database at launch; an optional trailing
letter (never a hex digit) says which kit channel the link was copied from.
"""

from __future__ import annotations

import re

from django.conf import settings

CODE_LENGTH = 12
CHANNEL_LETTERS = {"x": "x", "instagram": "i", "facebook": "k", "tiktok": "t", "whatsapp": "w",
                   "telegram": "g", "youtube": "y", "image": "m"}
LETTER_CHANNELS = {letter: channel for channel, letter in CHANNEL_LETTERS.items()}
SHORT_RE = re.compile(r"^([0-9a-f]{12})([g-z]?)$")


def parse(raw: str) -> tuple[str, str] | None:
    """(code, channel) of a short path segment, or None when it cannot be one of ours."""
    match = SHORT_RE.match(raw)
    if not match:
        return None
    code, letter = match.groups()
    if letter and letter not in LETTER_CHANNELS:
        return None
    return code, LETTER_CHANNELS.get(letter, "")


def base() -> str:
    return (getattr(settings, "CAMPAIGN_SHORTLINK_BASE", "") or settings.SITE_URL).rstrip("/")


def short_url(code: str, channel: str = "") -> str:
    return f"{base()}/s/{code}{CHANNEL_LETTERS.get(channel, '')}"


def code_sql(vendor: str) -> str:
    """SQL for a fresh random 12-hex-digit code, evaluated once per inserted row."""
    if vendor == "postgresql":
        return "substr(md5(random()::text || clock_timestamp()::text), 1, 12)"
    if vendor == "sqlite":
        return "lower(hex(randomblob(6)))"
    raise NotImplementedError(f"no random code expression for {vendor}")  # pragma: no cover
