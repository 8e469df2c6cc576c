"""OpenBadgeCredential sign/verify with freshly generated keys (no external files)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tangkal.badges.crypto.credential import (
    AchievementInfo,
    EvidenceItem,
    IssuerProfile,
    build_open_badge_credential,
    identity_hash,
    identity_matches,
    sign_credential,
    verify_credential,
)
from tangkal.badges.crypto.did_web import DidKey, build_did_document, did_web, key_resolver
from tangkal.badges.crypto.eddsa_rdfc_2022 import sign_document
from tangkal.badges.crypto.keys import generate_private_key
from tangkal.badges.crypto.loader import canonicalize
from tangkal.badges.crypto.results import CheckStatus
from tangkal.badges.crypto.status_list import (
    StatusList,
    build_status_entry,
    build_status_list_credential,
)

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
HOST = "badges.example.go.id"
INDEX = 1234


@dataclass
class Issuer:
    did: str
    keys: dict[str, Ed25519PrivateKey]
    lists: dict[str, StatusList] = field(default_factory=dict)
    published: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def current_method(self) -> str:
        return f"{self.did}#key-2026-11"

    def resolver(self) -> Callable[[str], Any]:
        document = build_did_document(
            did=self.did,
            keys=[DidKey(fragment=f, public_key=k.public_key()) for f, k in self.keys.items()],
        )
        return key_resolver(did_document=document)

    def list_url(self, purpose: str) -> str:
        return f"https://{HOST}:8443/status/{purpose}/1"

    def publish(self, purpose: str) -> None:
        url = self.list_url(purpose)
        unsigned = build_status_list_credential(
            credential_id=url,
            issuer=self.did,
            status_purpose=purpose,  # type: ignore[arg-type]
            status_list=self.lists.setdefault(purpose, StatusList()),
            valid_from=NOW - timedelta(days=30),
        )
        self.published[url] = sign_document(
            document=unsigned,
            private_key=self.keys["key-2026-11"],
            verification_method=self.current_method,
            created=NOW - timedelta(days=1),
        )

    def fetch(self, url: str) -> dict[str, Any]:
        return copy.deepcopy(self.published[url])


@pytest.fixture
def issuer() -> Issuer:
    result = Issuer(
        did=did_web(host=HOST, port=8443),
        keys={"key-2026-05": generate_private_key(), "key-2026-11": generate_private_key()},
    )
    result.publish("revocation")
    result.publish("suspension")
    return result


def make_credential(issuer: Issuer, **overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "credential_id": "urn:uuid:5f0e7a52-3c1b-4c1e-9a55-0d7e3a9b1f00",
        "issuer": IssuerProfile(id=issuer.did, name="Kementerian Komunikasi", url="https://example.go.id"),
        "recipient_email": "Siti.Rahma@example.id",
        "salt": "b1c5e0f0a4d7",
        "achievement": AchievementInfo(
            id=f"https://{HOST}/achievements/influencer-pemerintah",
            description="Diberikan kepada pembuat konten yang menyebarkan informasi publik.",
            criteria_narrative="Menerbitkan minimal tiga konten terverifikasi.",
            image_url=f"https://{HOST}/static/badge.png",
        ),
        "valid_from": NOW - timedelta(days=1),
        "valid_until": NOW + timedelta(days=365),
        "evidence": [
            EvidenceItem(
                id="https://example.id/posts/1", name="Konten 1", narrative="Video edukasi", genre="Video"
            ),
            EvidenceItem(name="Konten 2", description="Tanpa URL"),
        ],
        "credential_status": [
            build_status_entry(status_list_credential=issuer.list_url(p), index=INDEX, status_purpose=p)
            for p in ("revocation", "suspension")
        ],
    }
    return build_open_badge_credential(**(arguments | overrides))


def sign(issuer: Issuer, credential: dict[str, Any], fragment: str = "key-2026-11") -> dict[str, Any]:
    return sign_credential(
        credential=credential,
        private_key=issuer.keys[fragment],
        verification_method=f"{issuer.did}#{fragment}",
        created=NOW - timedelta(hours=1),
    )


def verify(issuer: Issuer, credential: dict[str, Any], *, now: datetime = NOW):
    return verify_credential(
        credential=credential, resolve_key=issuer.resolver(), fetch_status_list=issuer.fetch, now=now
    )


def codes(result) -> dict[str, str]:
    return {check.name: check.code for check in result.checks}


def test_build_matches_open_badges_shape(issuer: Issuer) -> None:
    credential = make_credential(issuer)
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == "did:web:badges.example.go.id%3A8443"
    subject = credential["credentialSubject"]
    assert subject["achievement"]["name"] == "Influencer Pemerintah"
    identifier = subject["identifier"][0]
    assert identifier["identityHash"] == identity_hash(email="siti.rahma@example.id", salt="b1c5e0f0a4d7")
    assert identifier["identityHash"].startswith("sha256$") and identifier["hashed"] is True
    assert identity_matches(identifier=identifier, email=" SITI.RAHMA@example.id ")
    assert not identity_matches(identifier=identifier, email="someone@example.id")
    assert [e["statusPurpose"] for e in credential["credentialStatus"]] == ["revocation", "suspension"]


def test_real_credential_canonicalises_with_both_contexts(issuer: Issuer) -> None:
    # VC 2.0 and OB 3.0.3 are both @protected; they must combine without redefinition errors
    # and every field must land in the RDF graph (safe mode would raise otherwise).
    nquads = canonicalize(make_credential(issuer))
    assert "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential>" in nquads
    assert "ob/vocab.html#identityHash>" in nquads
    assert "ob/vocab.html#narrative>" in nquads
    assert 'credentials/status#statusListIndex> "1234"' in nquads


def test_sign_and_verify(issuer: Issuer) -> None:
    credential = make_credential(issuer)
    signed = sign(issuer, credential)
    assert "proof" not in credential
    assert signed["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    result = verify(issuer, signed)
    assert result.ok, result.as_dict()
    assert [c.name for c in result.checks] == [
        "structure",
        "signature",
        "validity_period",
        "status:revocation",
        "status:suspension",
    ]


def test_credential_signed_with_rotated_key_still_verifies(issuer: Issuer) -> None:
    assert verify(issuer, sign(issuer, make_credential(issuer), fragment="key-2026-05")).ok


TAMPERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "name": lambda c: c.update(name="Influencer Swasta"),
    "issuer name": lambda c: c["issuer"].update(name="Kementerian Palsu"),
    "validFrom": lambda c: c.update(validFrom="2020-01-01T00:00:00Z"),
    "validUntil": lambda c: c.update(validUntil="2099-01-01T00:00:00Z"),
    "recipient hash": lambda c: c["credentialSubject"]["identifier"][0].update(
        identityHash="sha256$" + "0" * 64
    ),
    "salt": lambda c: c["credentialSubject"]["identifier"][0].update(salt="other"),
    "achievement name": lambda c: c["credentialSubject"]["achievement"].update(name="Other"),
    "criteria": lambda c: c["credentialSubject"]["achievement"]["criteria"].update(narrative="x"),
    "evidence narrative": lambda c: c["evidence"][0].update(narrative="edited"),
    "evidence removed": lambda c: c["evidence"].pop(),
    "status index": lambda c: c["credentialStatus"][0].update(statusListIndex="7"),
    "added field": lambda c: c.update(description="new claim"),
    "added subject field": lambda c: c["credentialSubject"].update(role="Menteri"),
    "proof created": lambda c: c["proof"].update(created="2026-01-01T00:00:00Z"),
    "proof method": lambda c: c["proof"].update(verificationMethod=c["issuer"]["id"] + "#key-2026-05"),
}


@pytest.mark.parametrize("tamper", TAMPERS.values(), ids=TAMPERS.keys())
def test_any_tampering_fails_the_signature_check(issuer: Issuer, tamper) -> None:
    signed = sign(issuer, make_credential(issuer))
    tamper(signed)
    result = verify(issuer, signed)
    assert not result.ok
    assert result.get("signature").code == "signature_invalid"


def test_corrupted_proof_value_fails(issuer: Issuer) -> None:
    signed = sign(issuer, make_credential(issuer))
    value = signed["proof"]["proofValue"]
    signed["proof"]["proofValue"] = value[:20] + ("A" if value[20] != "A" else "B") + value[21:]
    assert verify(issuer, signed).get("signature").code in {"signature_invalid", "proof_value_malformed"}
    signed["proof"]["proofValue"] = "not-multibase"
    assert verify(issuer, signed).get("signature").code == "proof_value_malformed"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda c: c.pop("proof"), "proof_missing"),
        (lambda c: c["proof"].update(cryptosuite="ecdsa-rdfc-2019"), "cryptosuite_unsupported"),
        (lambda c: c["proof"].update(type="Ed25519Signature2020"), "proof_type_unsupported"),
        (lambda c: c["proof"].update(proofPurpose="authentication"), "proof_purpose_mismatch"),
        (
            lambda c: c["proof"].update(verificationMethod="did:web:evil.example#key-1"),
            "verification_method_mismatch",
        ),
        (
            lambda c: c["proof"].update(verificationMethod=c["issuer"]["id"] + "#key-1999-01"),
            "verification_method_unknown",
        ),
        (lambda c: c["@context"].append("https://evil.example/ctx"), "canonicalization_failed"),
    ],
)
def test_proof_problems_are_reported_precisely(issuer: Issuer, change, code: str) -> None:
    signed = sign(issuer, make_credential(issuer))
    change(signed)
    result = verify(issuer, signed)
    assert not result.ok
    assert result.get("signature").code == code


def test_credential_by_another_issuer_key_is_a_mismatch(issuer: Issuer) -> None:
    # The signature is valid, but with a key the claimed issuer does not control.
    mallory = generate_private_key()
    forged = sign_document(
        document=make_credential(issuer),
        private_key=mallory,
        verification_method="did:web:mallory.example#key-1",
    )
    result = verify(issuer, forged)
    assert result.get("signature").code == "verification_method_mismatch"


def test_expired_and_not_yet_valid(issuer: Issuer) -> None:
    signed = sign(issuer, make_credential(issuer))
    expired = verify(issuer, signed, now=NOW + timedelta(days=400))
    assert codes(expired)["validity_period"] == "expired"
    assert expired.get("signature").ok  # only the date check fails
    early = verify(issuer, signed, now=NOW - timedelta(days=2))
    assert codes(early)["validity_period"] == "not_yet_valid"


@pytest.mark.parametrize(("purpose", "code"), [("revocation", "revoked"), ("suspension", "suspended")])
def test_revoked_and_suspended(issuer: Issuer, purpose: str, code: str) -> None:
    signed = sign(issuer, make_credential(issuer))
    issuer.lists[purpose].set(INDEX)
    issuer.publish(purpose)
    result = verify(issuer, signed)
    assert not result.ok
    assert [c.name for c in result.failures] == [f"status:{purpose}"]
    assert result.get(f"status:{purpose}").code == code

    issuer.lists[purpose].set(INDEX, False)  # reinstated (e.g. suspension lifted)
    issuer.publish(purpose)
    assert verify(issuer, signed).ok


def test_status_list_must_be_authentic(issuer: Issuer) -> None:
    signed = sign(issuer, make_credential(issuer))
    # Someone flips the bit back on a published list without the issuer's key.
    issuer.lists["revocation"].set(INDEX)
    issuer.publish("revocation")
    url = issuer.list_url("revocation")
    issuer.published[url]["credentialSubject"]["encodedList"] = StatusList().encode()
    assert codes(verify(issuer, signed))["status:revocation"] == "status_list_proof_invalid"

    # A list signed by someone else is rejected before its proof is even considered.
    issuer.published[url]["issuer"] = "did:web:mallory.example"
    assert codes(verify(issuer, signed))["status:revocation"] == "status_list_issuer_mismatch"


def test_status_list_unavailable_and_unchecked(issuer: Issuer) -> None:
    signed = sign(issuer, make_credential(issuer))

    def offline(url: str) -> dict[str, Any]:
        raise ConnectionError("network down")

    result = verify_credential(
        credential=signed, resolve_key=issuer.resolver(), fetch_status_list=offline, now=NOW
    )
    assert codes(result)["status:revocation"] == "status_list_unavailable"
    unchecked = verify_credential(
        credential=signed, resolve_key=issuer.resolver(), fetch_status_list=None, now=NOW
    )
    assert not unchecked.ok  # unchecked status is not "valid"
    assert unchecked.get("status:revocation").status is CheckStatus.SKIPPED
    assert unchecked.failures == ()


def test_structure_check_and_refusal_to_sign(issuer: Issuer) -> None:
    credential = make_credential(issuer)
    del credential["credentialSubject"]["achievement"]["criteria"]
    with pytest.raises(ValueError, match="achievement needs"):
        sign(issuer, credential)
    signed = sign(issuer, make_credential(issuer))
    signed["type"] = ["VerifiableCredential"]
    result = verify(issuer, signed)
    assert codes(result)["structure"] == "structure_invalid"
    with pytest.raises(ValueError, match="not the issuer's key"):
        sign_credential(
            credential=make_credential(issuer),
            private_key=issuer.keys["key-2026-11"],
            verification_method="did:web:other.example#key-1",
        )


def test_non_object_input_is_a_structure_failure(issuer: Issuer) -> None:
    result = verify_credential(
        credential=[], resolve_key=issuer.resolver(), fetch_status_list=issuer.fetch, now=NOW
    )
    assert not result.ok and result.failures[0].code == "structure_invalid"
