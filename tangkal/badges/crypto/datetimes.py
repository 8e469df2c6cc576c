"""XML Schema ``dateTimeStamp`` helpers for credential and proof timestamps."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Final

__all__ = ["format_datetime", "parse_datetime", "utc_now"]

# VC 2.0 requires a time-zone offset on validFrom/validUntil (xsd:dateTimeStamp); a naive
# timestamp would be read in the verifier's local zone, so it is rejected rather than guessed.
_DATETIME_STAMP: Final = re.compile(r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def utc_now() -> datetime:
    return datetime.now(UTC)


def format_datetime(value: datetime) -> str:
    """Format as ``YYYY-MM-DDThh:mm:ssZ`` (UTC, whole seconds), the form the specs use."""
    if value.tzinfo is None:
        raise ValueError("datetime must be timezone-aware")
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datetime(value: object) -> datetime:
    """Parse an xsd:dateTimeStamp string into an aware datetime; raise ValueError otherwise."""
    if not isinstance(value, str) or not _DATETIME_STAMP.fullmatch(value):
        raise ValueError(f"{value!r} is not an XML Schema dateTimeStamp")
    return datetime.fromisoformat(value)
