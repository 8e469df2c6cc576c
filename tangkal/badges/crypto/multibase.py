"""Multibase and multicodec helpers used by Data Integrity proofs and Multikey documents.

Only the two multibase encodings the badge stack needs are implemented:

* ``z`` — base58btc (Bitcoin alphabet), used for ``proofValue`` and Multikey values;
* ``u`` — base64url without padding, used for the Bitstring Status List ``encodedList``.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Final

__all__ = [
    "BASE58BTC_PREFIX",
    "BASE64URL_PREFIX",
    "ED25519_PRIV_CODEC",
    "ED25519_PUB_CODEC",
    "MultibaseError",
    "base58btc_decode",
    "base58btc_encode",
    "multibase_decode",
    "multibase_encode_base58btc",
    "multibase_encode_base64url",
    "strip_multicodec",
]

BASE58BTC_PREFIX: Final = "z"
BASE64URL_PREFIX: Final = "u"

# Unsigned-varint encodings of the multicodec codes: 0xed = ed25519-pub, 0x1300 = ed25519-priv.
ED25519_PUB_CODEC: Final = b"\xed\x01"
ED25519_PRIV_CODEC: Final = b"\x80\x26"

_B58_ALPHABET: Final = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX: Final = {char: value for value, char in enumerate(_B58_ALPHABET)}
_B64URL_RE: Final = re.compile(r"[A-Za-z0-9_-]*")


class MultibaseError(ValueError):
    """A multibase or multicodec value is malformed or uses an unsupported encoding."""


def base58btc_encode(data: bytes) -> str:
    """Encode bytes with the base58btc alphabet (no multibase prefix)."""
    # Leading zero bytes carry no numeric value, so base58 spells each of them as "1".
    zeros = len(data) - len(data.lstrip(b"\x00"))
    number = int.from_bytes(data, "big")
    digits: list[str] = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(_B58_ALPHABET[remainder])
    return "1" * zeros + "".join(reversed(digits))


def base58btc_decode(text: str) -> bytes:
    """Decode a base58btc string (no multibase prefix); raise MultibaseError on bad input."""
    number = 0
    for char in text:
        try:
            number = number * 58 + _B58_INDEX[char]
        except KeyError:
            raise MultibaseError(f"invalid base58btc character {char!r}") from None
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\x00" * zeros + body


def multibase_encode_base58btc(data: bytes) -> str:
    return BASE58BTC_PREFIX + base58btc_encode(data)


def multibase_encode_base64url(data: bytes) -> str:
    return BASE64URL_PREFIX + base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def multibase_decode(value: str, *, allowed: str = BASE58BTC_PREFIX + BASE64URL_PREFIX) -> bytes:
    """Decode a multibase string whose prefix is one of ``allowed``."""
    if not isinstance(value, str) or not value:
        raise MultibaseError("multibase value must be a non-empty string")
    prefix, body = value[0], value[1:]
    if prefix not in allowed:
        raise MultibaseError(f"unsupported multibase prefix {prefix!r}")
    if prefix == BASE58BTC_PREFIX:
        return base58btc_decode(body)
    # base64url: padding is forbidden by the multibase spec, and "+" or "/" would be
    # silently accepted by the standard decoder, so check the alphabet ourselves.
    if not _B64URL_RE.fullmatch(body):
        raise MultibaseError("base64url multibase value must be unpadded base64url")
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as exc:
        raise MultibaseError(f"invalid base64url: {exc}") from None


def strip_multicodec(data: bytes, *, codec: bytes, length: int) -> bytes:
    """Check the multicodec header and payload length, and return the payload."""
    if not data.startswith(codec):
        raise MultibaseError(f"expected multicodec header {codec.hex()}, got {data[:2].hex()}")
    payload = data[len(codec) :]
    if len(payload) != length:
        raise MultibaseError(f"expected a {length}-byte key, got {len(payload)} bytes")
    return payload
