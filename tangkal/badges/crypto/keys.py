"""Ed25519 key handling: generation, loading, and Multikey (multibase) encodings.

A private key can be supplied as PEM (PKCS#8, optionally encrypted), as a JSON Multikey
object (``secretKeyMultibase``, or ``privateKeyMultibase`` as in the W3C test vectors), or as
a bare ``z...`` secret-key multibase string. The same parser serves files and environment
variables so deployments can pick whichever their secret store supports.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from .multibase import (
    BASE58BTC_PREFIX,
    ED25519_PRIV_CODEC,
    ED25519_PUB_CODEC,
    MultibaseError,
    multibase_decode,
    multibase_encode_base58btc,
    strip_multicodec,
)

__all__ = [
    "KeyLoadError",
    "generate_private_key",
    "load_private_key_file",
    "load_private_key_from_env",
    "private_key_from_multibase",
    "private_key_from_text",
    "private_key_to_multibase",
    "private_key_to_multikey_json",
    "private_key_to_pem",
    "public_key_from_multibase",
    "public_key_to_multibase",
]

_KEY_BYTES = 32


class KeyLoadError(ValueError):
    """The key material could not be parsed as an Ed25519 private key."""


def generate_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_key_to_multibase(public_key: Ed25519PublicKey) -> str:
    """Multikey ``publicKeyMultibase``: ``z`` + base58btc(0xed01 + 32-byte key)."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return multibase_encode_base58btc(ED25519_PUB_CODEC + raw)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    raw = strip_multicodec(
        multibase_decode(value, allowed=BASE58BTC_PREFIX),
        codec=ED25519_PUB_CODEC,
        length=_KEY_BYTES,
    )
    return Ed25519PublicKey.from_public_bytes(raw)


def private_key_to_multibase(private_key: Ed25519PrivateKey) -> str:
    """Multikey ``secretKeyMultibase``: ``z`` + base58btc(0x8026 + 32-byte seed)."""
    seed = private_key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return multibase_encode_base58btc(ED25519_PRIV_CODEC + seed)


def private_key_from_multibase(value: str) -> Ed25519PrivateKey:
    seed = strip_multicodec(
        multibase_decode(value, allowed=BASE58BTC_PREFIX),
        codec=ED25519_PRIV_CODEC,
        length=_KEY_BYTES,
    )
    return Ed25519PrivateKey.from_private_bytes(seed)


def private_key_to_pem(private_key: Ed25519PrivateKey, *, password: bytes | None = None) -> bytes:
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    )
    return private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def private_key_to_multikey_json(private_key: Ed25519PrivateKey) -> dict[str, str]:
    return {
        "type": "Multikey",
        "publicKeyMultibase": public_key_to_multibase(private_key.public_key()),
        "secretKeyMultibase": private_key_to_multibase(private_key),
    }


def private_key_from_text(text: str, *, password: bytes | None = None) -> Ed25519PrivateKey:
    """Parse PEM, a JSON Multikey object, or a bare secret-key multibase string."""
    stripped = text.strip()
    try:
        if stripped.startswith("-----BEGIN"):
            return _from_pem(stripped.encode("ascii"), password=password)
        if stripped.startswith("{"):
            return _from_multikey_json(json.loads(stripped))
        if stripped.startswith(BASE58BTC_PREFIX):
            return private_key_from_multibase(stripped)
    except (ValueError, TypeError, MultibaseError) as exc:
        # Never echo the input: it is secret material.
        raise KeyLoadError(f"invalid Ed25519 private key: {exc}") from None
    raise KeyLoadError("unrecognised private key format (expected PEM, JSON Multikey or z-multibase)")


def load_private_key_file(
    *, path: str | os.PathLike[str], password: bytes | None = None
) -> Ed25519PrivateKey:
    return private_key_from_text(Path(path).read_text(encoding="utf-8"), password=password)


def load_private_key_from_env(
    *,
    name: str,
    environ: Mapping[str, str] | None = None,
    password: bytes | None = None,
) -> Ed25519PrivateKey:
    """Read a key from an environment variable (PEM newlines may be written as ``\\n``)."""
    env = os.environ if environ is None else environ
    value = env.get(name)
    if not value:
        raise KeyLoadError(f"environment variable {name} is not set")
    # Many secret stores cannot hold multi-line values, so accept escaped newlines in PEM.
    if value.lstrip().startswith("-----BEGIN") and "\\n" in value:
        value = value.replace("\\n", "\n")
    return private_key_from_text(value, password=password)


def _from_pem(data: bytes, *, password: bytes | None) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(data, password=password)
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyLoadError(f"PEM key is {type(key).__name__}, not Ed25519")
    return key


def _from_multikey_json(document: Any) -> Ed25519PrivateKey:
    if not isinstance(document, dict):
        raise KeyLoadError("JSON key must be an object")
    secret = document.get("secretKeyMultibase") or document.get("privateKeyMultibase")
    if not isinstance(secret, str):
        raise KeyLoadError("JSON key has no secretKeyMultibase")
    key = private_key_from_multibase(secret)
    # A mismatched public half would publish a DID key that cannot verify our signatures.
    public = document.get("publicKeyMultibase")
    if public is not None and public != public_key_to_multibase(key.public_key()):
        raise KeyLoadError("publicKeyMultibase does not match the secret key")
    return key
