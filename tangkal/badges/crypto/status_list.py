"""W3C Bitstring Status List v1.0: the bitstring, its encoding, and the credentials using it.

Bit 0 is the left-most (most significant) bit of the first byte, as the spec requires. The
published ``encodedList`` is ``u`` + base64url(no padding) of the GZIP-compressed bitstring.
Only ``statusSize`` 1 with the ``revocation`` and ``suspension`` purposes is supported.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final, Literal

from .datetimes import format_datetime
from .loader import CREDENTIALS_V2_URL
from .multibase import (
    BASE64URL_PREFIX,
    MultibaseError,
    multibase_decode,
    multibase_encode_base64url,
)

__all__ = [
    "MIN_BITS",
    "STATUS_PURPOSES",
    "StatusList",
    "StatusListError",
    "StatusPurpose",
    "build_status_entry",
    "build_status_list_credential",
    "read_status",
]

# The spec's minimum (16 KiB) gives herd privacy: one fetch reveals nothing about which
# of ~131k credentials the verifier cares about.
MIN_BITS: Final = 131_072
# A hostile status list could be a gzip bomb; no legitimate list we read is near this size.
_MAX_DECODED_BYTES: Final = 16 * 1024 * 1024

StatusPurpose = Literal["revocation", "suspension"]
STATUS_PURPOSES: Final[frozenset[str]] = frozenset({"revocation", "suspension"})


class StatusListError(ValueError):
    """A status list or status entry is malformed, too short, or the index is out of range."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class StatusList:
    """A mutable bitstring of status flags (1 = revoked / suspended)."""

    __slots__ = ("_bits",)

    def __init__(self, *, size: int = MIN_BITS, data: bytes | None = None) -> None:
        if data is not None:
            self._bits = bytearray(data)
        else:
            if size < MIN_BITS or size % 8:
                raise ValueError(f"size must be a multiple of 8 and at least {MIN_BITS}")
            self._bits = bytearray(size // 8)

    @property
    def size(self) -> int:
        return len(self._bits) * 8

    def get(self, index: int) -> bool:
        byte, mask = self._locate(index)
        return bool(self._bits[byte] & mask)

    def set(self, index: int, value: bool = True) -> None:
        byte, mask = self._locate(index)
        if value:
            self._bits[byte] |= mask
        else:
            self._bits[byte] &= ~mask & 0xFF

    def to_bytes(self) -> bytes:
        return bytes(self._bits)

    def encode(self) -> str:
        # mtime=0 makes the output deterministic, so re-publishing an unchanged list
        # yields an identical credential (and cache validators stay stable).
        return multibase_encode_base64url(gzip.compress(bytes(self._bits), mtime=0))

    @classmethod
    def decode(cls, encoded: str) -> StatusList:
        try:
            compressed = multibase_decode(encoded, allowed=BASE64URL_PREFIX)
        except MultibaseError as exc:
            raise StatusListError("status_list_malformed", f"encodedList: {exc}") from None
        data = _gunzip_bounded(compressed)
        if len(data) * 8 < MIN_BITS:
            raise StatusListError(
                "status_list_length_error",
                f"status list has {len(data) * 8} bits, fewer than the required {MIN_BITS}",
            )
        return cls(data=data)

    def _locate(self, index: int) -> tuple[int, int]:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < self.size:
            raise StatusListError("range_error", f"index {index!r} is outside 0..{self.size - 1}")
        return index // 8, 0x80 >> (index % 8)


def build_status_list_credential(
    *,
    credential_id: str,
    issuer: str | Mapping[str, Any],
    status_purpose: StatusPurpose,
    status_list: StatusList,
    valid_from: datetime,
    valid_until: datetime | None = None,
) -> dict[str, Any]:
    """An unsigned ``BitstringStatusListCredential``, ready for ``sign_document``."""
    _check_purpose(status_purpose)
    credential: dict[str, Any] = {
        "@context": [CREDENTIALS_V2_URL],
        "id": credential_id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer if isinstance(issuer, str) else dict(issuer),
        "validFrom": format_datetime(valid_from),
        "credentialSubject": {
            "id": f"{credential_id}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_purpose,
            "encodedList": status_list.encode(),
        },
    }
    if valid_until is not None:
        credential["validUntil"] = format_datetime(valid_until)
    return credential


def build_status_entry(
    *,
    status_list_credential: str,
    index: int,
    status_purpose: StatusPurpose,
) -> dict[str, str]:
    """A ``BitstringStatusListEntry`` for a credential's ``credentialStatus``."""
    _check_purpose(status_purpose)
    if not isinstance(index, int) or index < 0:
        raise ValueError("index must be a non-negative integer")
    return {
        "id": f"{status_list_credential}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": status_purpose,
        # The spec types statusListIndex as a string of digits.
        "statusListIndex": str(index),
        "statusListCredential": status_list_credential,
    }


def read_status(*, entry: Mapping[str, Any], status_list_credential: Mapping[str, Any]) -> bool:
    """Return the bit an entry points at (True = revoked/suspended).

    Only checks consistency and reads the bit; verifying the status list credential's
    proof and validity period is the caller's job (see ``credential.verify_credential``).
    """
    purpose = entry.get("statusPurpose")
    if entry.get("type") != "BitstringStatusListEntry" or purpose not in STATUS_PURPOSES:
        raise StatusListError("status_entry_malformed", "not a supported BitstringStatusListEntry")
    raw_index = entry.get("statusListIndex")
    if not isinstance(raw_index, str) or not raw_index.isdecimal():
        raise StatusListError("status_entry_malformed", "statusListIndex must be a string of digits")
    if entry.get("statusListCredential") != status_list_credential.get("id"):
        raise StatusListError(
            "status_list_mismatch", "status list credential id differs from statusListCredential"
        )
    types = status_list_credential.get("type")
    if not isinstance(types, list) or "BitstringStatusListCredential" not in types:
        raise StatusListError("status_list_malformed", "not a BitstringStatusListCredential")
    subject = status_list_credential.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("type") != "BitstringStatusList":
        raise StatusListError("status_list_malformed", "credentialSubject is not a BitstringStatusList")
    subject_purposes = subject.get("statusPurpose")
    if purpose not in _as_list(subject_purposes):
        raise StatusListError(
            "status_purpose_mismatch",
            f"entry purpose {purpose!r} does not match list purpose {subject_purposes!r}",
        )
    if subject.get("statusSize", 1) != 1:
        raise StatusListError("status_list_malformed", "only statusSize 1 is supported")
    encoded = subject.get("encodedList")
    if not isinstance(encoded, str):
        raise StatusListError("status_list_malformed", "encodedList is missing")
    return StatusList.decode(encoded).get(int(raw_index))


def _gunzip_bounded(compressed: bytes) -> bytes:
    # wbits=16+MAX_WBITS: accept the gzip container only, as the spec mandates GZIP.
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = decompressor.decompress(compressed, _MAX_DECODED_BYTES)
    except zlib.error as exc:
        raise StatusListError("status_list_malformed", f"encodedList is not GZIP data: {exc}") from None
    if decompressor.unconsumed_tail:
        raise StatusListError("status_list_malformed", "status list exceeds the size limit")
    if not decompressor.eof:
        raise StatusListError("status_list_malformed", "encodedList GZIP stream is truncated")
    return data


def _check_purpose(purpose: str) -> None:
    if purpose not in STATUS_PURPOSES:
        raise ValueError(f"statusPurpose must be one of {sorted(STATUS_PURPOSES)}")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
