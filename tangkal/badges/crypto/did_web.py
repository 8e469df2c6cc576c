"""did:web identifiers and DID documents with Multikey verification methods.

Key rotation: every key that ever signed credentials stays listed under ``assertionMethod``
so credentials issued with it keep verifying; a retired key is only dropped from
``authentication``. A *compromised* key must instead be removed from the document entirely
(and the affected credentials re-issued), which is the caller's decision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from urllib.parse import quote, unquote

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .eddsa_rdfc_2022 import KeyResolver
from .keys import public_key_from_multibase, public_key_to_multibase
from .multibase import MultibaseError

__all__ = [
    "DID_CONTEXTS",
    "DidKey",
    "build_did_document",
    "did_web",
    "did_web_document_url",
    "key_fragment",
    "key_resolver",
]

DID_CONTEXTS: Final = ("https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1")

_HOST: Final = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")
_PATH_SEGMENT: Final = re.compile(r"[A-Za-z0-9._~-]+")
_FRAGMENT: Final = re.compile(r"[A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class DidKey:
    fragment: str  # e.g. "key-2026-11"; becomes "<did>#key-2026-11"
    public_key: Ed25519PublicKey
    retired: bool = False  # still verifies old credentials, no longer used to sign

    def __post_init__(self) -> None:
        if not _FRAGMENT.fullmatch(self.fragment):
            raise ValueError(f"invalid key fragment {self.fragment!r}")


def did_web(*, host: str, port: int | None = None, path: Sequence[str] = ()) -> str:
    """``did:web`` for a host; a port is percent-encoded (``example.com%3A8443``)."""
    host = host.strip().lower().rstrip(".")
    if not _HOST.fullmatch(host):
        raise ValueError(f"invalid did:web host {host!r} (use the IDNA/punycode form)")
    authority = host
    if port is not None:
        if not 0 < port < 65536:
            raise ValueError(f"invalid port {port}")
        # did:web uses ":" as the path separator, so the port's colon must be encoded.
        authority += quote(f":{port}", safe="")
    for segment in path:
        if not _PATH_SEGMENT.fullmatch(segment):
            raise ValueError(f"invalid did:web path segment {segment!r}")
    return ":".join(["did:web", authority, *path])


def did_web_document_url(did: str) -> str:
    """The HTTPS URL a resolver fetches the DID document from."""
    if not did.startswith("did:web:"):
        raise ValueError(f"{did!r} is not a did:web DID")
    authority, *path = did.removeprefix("did:web:").split("#", 1)[0].split(":")
    if not authority:
        raise ValueError(f"{did!r} has no host")
    base = f"https://{unquote(authority)}"
    return f"{base}/{'/'.join(path)}/did.json" if path else f"{base}/.well-known/did.json"


def key_fragment(when: datetime) -> str:
    """Fragment naming a key by its creation month, e.g. ``key-2026-11``."""
    return f"key-{when:%Y-%m}"


def build_did_document(*, did: str, keys: Iterable[DidKey]) -> dict[str, Any]:
    keys = list(keys)
    if not keys:
        raise ValueError("a DID document needs at least one key")
    fragments = [key.fragment for key in keys]
    if len(set(fragments)) != len(fragments):
        raise ValueError("key fragments must be unique")
    methods = [
        {
            "id": f"{did}#{key.fragment}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": public_key_to_multibase(key.public_key),
        }
        for key in keys
    ]
    return {
        "@context": list(DID_CONTEXTS),
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
        "authentication": [f"{did}#{key.fragment}" for key in keys if not key.retired],
    }


def key_resolver(*, did_document: Mapping[str, Any], relationship: str = "assertionMethod") -> KeyResolver:
    """A ``resolve_key`` callable answering only for keys authorised for ``relationship``.

    Raises ValueError if the document itself is malformed, so a broken DID document is
    reported once rather than as an unknown key.
    """
    did = did_document.get("id")
    if not isinstance(did, str):
        raise ValueError("DID document has no id")
    methods: dict[str, Mapping[str, Any]] = {}
    for method in did_document.get("verificationMethod", []):
        if isinstance(method, Mapping) and isinstance(method.get("id"), str):
            methods[_absolute(did, method["id"])] = method
    keys: dict[str, Ed25519PublicKey] = {}
    for reference in did_document.get(relationship, []):
        # Relationships may reference a method by id or embed it.
        if isinstance(reference, str):
            method_id = _absolute(did, reference)
            method = methods.get(method_id)
        elif isinstance(reference, Mapping) and isinstance(reference.get("id"), str):
            method_id, method = _absolute(did, reference["id"]), reference
        else:
            continue
        if method is None or method.get("type") != "Multikey" or method.get("controller") != did:
            continue
        try:
            keys[method_id] = public_key_from_multibase(method.get("publicKeyMultibase", ""))
        except (MultibaseError, ValueError) as exc:
            raise ValueError(f"verification method {method_id} has a bad key: {exc}") from None
    return keys.get


def _absolute(did: str, method_id: str) -> str:
    return f"{did}{method_id}" if method_id.startswith("#") else method_id
