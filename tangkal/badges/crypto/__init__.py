"""Cryptographic core for Open Badges 3.0 credentials (pure Python, no Django imports).

Modules:

* ``loader`` — offline JSON-LD document loader (pinned contexts only) and RDFC-1.0.
* ``multibase`` / ``keys`` — base58btc / base64url multibase, Ed25519 Multikey handling.
* ``eddsa_rdfc_2022`` — Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite.
* ``status_list`` — W3C Bitstring Status List v1.0.
* ``did_web`` — did:web identifiers and DID documents.
* ``credential`` — OpenBadgeCredential building, signing and verification.
"""

from .credential import (
    AchievementInfo,
    EvidenceItem,
    IssuerProfile,
    build_open_badge_credential,
    identity_hash,
    identity_matches,
    sign_credential,
    verify_credential,
)
from .did_web import DidKey, build_did_document, did_web, did_web_document_url, key_fragment, key_resolver
from .eddsa_rdfc_2022 import sign_document, verify_proof
from .keys import (
    KeyLoadError,
    generate_private_key,
    load_private_key_file,
    load_private_key_from_env,
    private_key_from_text,
    public_key_to_multibase,
)
from .loader import ContextNotAllowedError, canonicalize, document_loader
from .results import Check, CheckStatus, VerificationResult
from .status_list import StatusList, build_status_entry, build_status_list_credential

__all__ = [
    "AchievementInfo",
    "Check",
    "CheckStatus",
    "ContextNotAllowedError",
    "DidKey",
    "EvidenceItem",
    "IssuerProfile",
    "KeyLoadError",
    "StatusList",
    "VerificationResult",
    "build_did_document",
    "build_open_badge_credential",
    "build_status_entry",
    "build_status_list_credential",
    "canonicalize",
    "did_web",
    "did_web_document_url",
    "document_loader",
    "generate_private_key",
    "identity_hash",
    "identity_matches",
    "key_fragment",
    "key_resolver",
    "load_private_key_file",
    "load_private_key_from_env",
    "private_key_from_text",
    "public_key_to_multibase",
    "sign_credential",
    "sign_document",
    "verify_credential",
    "verify_proof",
]
