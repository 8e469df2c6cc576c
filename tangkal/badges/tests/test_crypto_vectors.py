"""Reproduce the W3C ``eddsa-rdfc-2022`` test vectors byte for byte.

The vectors live outside the repository (``<repo>/../shared/standards/eddsa-rdfc-2022``) and
are read in place, never copied. The test is skipped when they are not available.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tangkal.badges.crypto.eddsa_rdfc_2022 import hash_data, sign_document, verify_proof
from tangkal.badges.crypto.keys import (
    private_key_from_multibase,
    private_key_from_text,
    private_key_to_multibase,
    public_key_from_multibase,
    public_key_to_multibase,
)
from tangkal.badges.crypto.loader import canonicalize
from tangkal.badges.crypto.multibase import base58btc_encode

VECTORS = Path(__file__).resolve().parents[3].parent / "shared" / "standards" / "eddsa-rdfc-2022"


@pytest.fixture(scope="module")
def vectors() -> dict[str, Any]:
    if not (VECTORS / "signedDataInt.json").is_file():
        pytest.skip(f"W3C eddsa-rdfc-2022 test vectors not found at {VECTORS}")

    def text(name: str) -> str:
        return (VECTORS / name).read_text(encoding="utf-8")

    return {
        "key_pair": json.loads(text("keyPair.json")),
        "unsigned": json.loads(text("unsigned.json")),
        "proof_config": json.loads(text("proofConfigDataInt.json")),
        "signed": json.loads(text("signedDataInt.json")),
        "canon_doc": text("canonDocDataInt.txt"),
        "canon_proof": text("proofCanonDataInt.txt"),
        "doc_hash": text("docHashDataInt.txt").strip(),
        "proof_hash": text("proofHashDataInt.txt").strip(),
        "combined_hash": text("combinedHashDataInt.txt").strip(),
        "sig_hex": text("sigHexDataInt.txt").strip(),
        "sig_b58": text("sigBTC58DataInt.txt").strip(),
    }


def _proof_options(vectors: dict[str, Any]) -> dict[str, Any]:
    # The vector's proof config carries the document @context; hash_data adds it itself.
    return {k: v for k, v in vectors["proof_config"].items() if k != "@context"}


def _did_key_resolver(vectors: dict[str, Any]):
    public = vectors["key_pair"]["publicKeyMultibase"]
    method = f"did:key:{public}#{public}"
    return lambda vm: public_key_from_multibase(public) if vm == method else None


def test_key_pair_round_trips(vectors: dict[str, Any]) -> None:
    key = private_key_from_multibase(vectors["key_pair"]["privateKeyMultibase"])
    assert public_key_to_multibase(key.public_key()) == vectors["key_pair"]["publicKeyMultibase"]
    assert private_key_to_multibase(key) == vectors["key_pair"]["privateKeyMultibase"]
    # The vector file itself is a JSON Multikey our loader accepts.
    assert private_key_from_text(json.dumps(vectors["key_pair"])) is not None


def test_every_intermediate_value_matches(vectors: dict[str, Any]) -> None:
    data = hash_data(document=vectors["unsigned"], proof_options=_proof_options(vectors))

    assert data.canonical_document == vectors["canon_doc"]
    assert data.canonical_proof_config == vectors["canon_proof"]
    assert canonicalize(vectors["proof_config"]) == vectors["canon_proof"]
    assert data.document_hash.hex() == vectors["doc_hash"]
    assert data.proof_config_hash.hex() == vectors["proof_hash"]
    assert data.combined.hex() == vectors["combined_hash"]

    key = private_key_from_multibase(vectors["key_pair"]["privateKeyMultibase"])
    signature = key.sign(data.combined)  # Ed25519 is deterministic
    assert signature.hex() == vectors["sig_hex"]
    assert "z" + base58btc_encode(signature) == vectors["sig_b58"]


def test_signed_document_matches(vectors: dict[str, Any]) -> None:
    options = _proof_options(vectors)
    signed = sign_document(
        document=vectors["unsigned"],
        private_key=private_key_from_multibase(vectors["key_pair"]["privateKeyMultibase"]),
        verification_method=options["verificationMethod"],
        proof_purpose=options["proofPurpose"],
        created=datetime.fromisoformat(options["created"]).astimezone(UTC),
    )
    assert signed == vectors["signed"]
    assert signed["proof"]["proofValue"] == vectors["sig_b58"]
    assert "proof" not in vectors["unsigned"]  # signing must not mutate its input


def test_verifies_signed_vector(vectors: dict[str, Any]) -> None:
    result = verify_proof(document=vectors["signed"], resolve_key=_did_key_resolver(vectors))
    assert result.ok, result.message


def test_tampered_vector_fails(vectors: dict[str, Any]) -> None:
    tampered = json.loads(json.dumps(vectors["signed"]))
    tampered["credentialSubject"]["alumniOf"] = "Another School"
    result = verify_proof(document=tampered, resolve_key=_did_key_resolver(vectors))
    assert (result.ok, result.code) == (False, "signature_invalid")


def test_vector_verification_uses_proof_context_when_present(vectors: dict[str, Any]) -> None:
    # A proof may carry @context (as proofConfigDataInt.json does); it must prefix the document's.
    with_context = json.loads(json.dumps(vectors["signed"]))
    with_context["proof"]["@context"] = vectors["unsigned"]["@context"]
    assert verify_proof(document=with_context, resolve_key=_did_key_resolver(vectors)).ok

    with_context["proof"]["@context"] = ["https://www.w3.org/ns/credentials/examples/v2"]
    result = verify_proof(document=with_context, resolve_key=_did_key_resolver(vectors))
    assert result.code == "context_mismatch"
