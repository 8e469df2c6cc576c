"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C VC-DI-EdDSA).

Signing input = SHA-256(canonical proof config) || SHA-256(canonical document), both
canonicalised with RDFC-1.0; the proof config is the proof without ``proofValue`` and with
the document's ``@context``. The Ed25519 signature is stored as a base58btc multibase string.
Each intermediate value is exposed (``hash_data``) so tests can compare them with the W3C
test vectors byte for byte.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from .datetimes import format_datetime, parse_datetime, utc_now
from .loader import CanonicalizationError, ContextNotAllowedError, canonicalize
from .multibase import (
    BASE58BTC_PREFIX,
    MultibaseError,
    multibase_decode,
    multibase_encode_base58btc,
)
from .results import Check

__all__ = [
    "CRYPTOSUITE",
    "PROOF_TYPE",
    "HashData",
    "KeyResolver",
    "ProofVerification",
    "create_proof",
    "hash_data",
    "sign_document",
    "verify_proof",
]

CRYPTOSUITE: Final = "eddsa-rdfc-2022"
PROOF_TYPE: Final = "DataIntegrityProof"
_SIGNATURE_BYTES: Final = 64

# Maps a verificationMethod id to its public key, or None when the id is unknown or not
# authorised for the proof purpose. Injected so this module never does network I/O.
KeyResolver = Callable[[str], Ed25519PublicKey | None]


@dataclass(frozen=True, slots=True)
class HashData:
    canonical_document: str
    canonical_proof_config: str
    document_hash: bytes
    proof_config_hash: bytes

    @property
    def combined(self) -> bytes:
        # Order fixed by the spec: proof config hash first.
        return self.proof_config_hash + self.document_hash


@dataclass(frozen=True, slots=True)
class ProofVerification:
    ok: bool
    code: str
    message: str
    verification_method: str | None = None

    def as_check(self, name: str = "signature") -> Check:
        if self.ok:
            return Check.passed(name, self.message)
        return Check.failed(name, self.code, self.message)


def hash_data(*, document: Mapping[str, Any], proof_options: Mapping[str, Any]) -> HashData:
    """Canonicalise and hash an unsecured document and its proof options."""
    if "proof" in document:
        raise ValueError("hash_data expects the document without its proof")
    _check_suite(proof_options)
    proof_config = {k: v for k, v in proof_options.items() if k != "proofValue"}
    if "created" in proof_config:
        parse_datetime(proof_config["created"])
    proof_config["@context"] = document.get("@context")
    canonical_document = canonicalize(dict(document))
    canonical_proof_config = canonicalize(proof_config)
    return HashData(
        canonical_document=canonical_document,
        canonical_proof_config=canonical_proof_config,
        document_hash=hashlib.sha256(canonical_document.encode("utf-8")).digest(),
        proof_config_hash=hashlib.sha256(canonical_proof_config.encode("utf-8")).digest(),
    )


def create_proof(
    *,
    document: Mapping[str, Any],
    private_key: Ed25519PrivateKey,
    verification_method: str,
    proof_purpose: str = "assertionMethod",
    created: datetime | None = None,
) -> dict[str, Any]:
    """Return a ``DataIntegrityProof`` object for ``document`` (which must have no proof)."""
    proof: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": format_datetime(created or utc_now()),
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    data = hash_data(document=document, proof_options=proof)
    proof["proofValue"] = multibase_encode_base58btc(private_key.sign(data.combined))
    return proof


def sign_document(
    *,
    document: Mapping[str, Any],
    private_key: Ed25519PrivateKey,
    verification_method: str,
    proof_purpose: str = "assertionMethod",
    created: datetime | None = None,
) -> dict[str, Any]:
    """Return a deep copy of ``document`` with an ``eddsa-rdfc-2022`` proof attached."""
    if "proof" in document:
        raise ValueError("document already has a proof; multiple proofs are not supported")
    signed = copy.deepcopy(dict(document))
    signed["proof"] = create_proof(
        document=signed,
        private_key=private_key,
        verification_method=verification_method,
        proof_purpose=proof_purpose,
        created=created,
    )
    return signed


def verify_proof(
    *,
    document: Mapping[str, Any],
    resolve_key: KeyResolver,
    expected_proof_purpose: str = "assertionMethod",
    expected_controller: str | None = None,
    now: datetime | None = None,
) -> ProofVerification:
    """Verify the document's single ``eddsa-rdfc-2022`` proof.

    ``expected_controller`` (usually the issuer id) makes a proof made with somebody else's
    key fail as ``verification_method_mismatch`` even if the signature itself is valid.
    """
    proof = document.get("proof")
    if proof is None:
        return _fail("proof_missing", "the document has no proof")
    if isinstance(proof, list):
        return _fail("proof_unsupported", "multiple proofs are not supported")
    if not isinstance(proof, dict):
        return _fail("proof_malformed", "proof must be a JSON object")
    if proof.get("type") != PROOF_TYPE:
        return _fail("proof_type_unsupported", f"proof type {proof.get('type')!r} is not {PROOF_TYPE}")
    if proof.get("cryptosuite") != CRYPTOSUITE:
        return _fail(
            "cryptosuite_unsupported",
            f"cryptosuite {proof.get('cryptosuite')!r} is not supported (expected {CRYPTOSUITE})",
        )
    if proof.get("proofPurpose") != expected_proof_purpose:
        return _fail(
            "proof_purpose_mismatch",
            f"proofPurpose {proof.get('proofPurpose')!r} is not {expected_proof_purpose!r}",
        )
    method = proof.get("verificationMethod")
    if not isinstance(method, str) or not method:
        return _fail("proof_malformed", "proof has no verificationMethod")
    if expected_controller is not None and method.split("#", 1)[0] != expected_controller:
        return _fail(
            "verification_method_mismatch",
            f"verificationMethod {method!r} is not controlled by {expected_controller!r}",
            method,
        )
    timing = _check_proof_times(proof, now=now or utc_now())
    if timing is not None:
        return ProofVerification(False, timing[0], timing[1], method)
    try:
        signature = multibase_decode(proof.get("proofValue", ""), allowed=BASE58BTC_PREFIX)
    except MultibaseError as exc:
        return _fail("proof_value_malformed", f"proofValue is not base58btc multibase: {exc}", method)
    if len(signature) != _SIGNATURE_BYTES:
        return _fail("proof_value_malformed", f"signature is {len(signature)} bytes, not 64", method)

    unsecured = {k: v for k, v in document.items() if k != "proof"}
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in options:
        # Spec: a proof carrying its own @context must be a prefix of the document's, and
        # the document is then canonicalised with the proof's context.
        proof_context = options.pop("@context")
        if not _context_is_prefix(proof_context, unsecured.get("@context")):
            return _fail("context_mismatch", "proof @context does not match the document's", method)
        unsecured["@context"] = proof_context

    try:
        public_key = resolve_key(method)
    except Exception as exc:  # the resolver is injected and may do I/O; report, don't crash
        return _fail("verification_method_unresolvable", f"could not resolve {method!r}: {exc}", method)
    if public_key is None:
        return _fail(
            "verification_method_unknown",
            f"verificationMethod {method!r} is unknown or not authorised for {expected_proof_purpose}",
            method,
        )
    try:
        data = hash_data(document=unsecured, proof_options=options)
    except (CanonicalizationError, ContextNotAllowedError, ValueError) as exc:
        return _fail("canonicalization_failed", str(exc), method)
    try:
        public_key.verify(signature, data.combined)
    except InvalidSignature:
        return _fail("signature_invalid", "the signature does not match the document", method)
    return ProofVerification(True, "ok", f"valid {CRYPTOSUITE} proof by {method}", method)


def _check_suite(proof_options: Mapping[str, Any]) -> None:
    if proof_options.get("type") != PROOF_TYPE or proof_options.get("cryptosuite") != CRYPTOSUITE:
        raise ValueError(f"proof options must have type {PROOF_TYPE} and cryptosuite {CRYPTOSUITE}")


def _check_proof_times(proof: Mapping[str, Any], *, now: datetime) -> tuple[str, str] | None:
    try:
        if "created" in proof:
            parse_datetime(proof["created"])
        expires = parse_datetime(proof["expires"]) if "expires" in proof else None
    except ValueError as exc:
        return "proof_malformed", str(exc)
    if expires is not None and expires <= now:
        return "proof_expired", f"the proof expired at {proof['expires']}"
    return None


def _context_is_prefix(proof_context: Any, document_context: Any) -> bool:
    proof_list, document_list = _as_list(proof_context), _as_list(document_context)
    return document_list[: len(proof_list)] == proof_list


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _fail(code: str, message: str, method: str | None = None) -> ProofVerification:
    return ProofVerification(False, code, message, method)
