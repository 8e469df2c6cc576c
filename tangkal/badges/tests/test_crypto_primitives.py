"""Multibase, keys, the offline loader, Bitstring Status List and did:web."""

from __future__ import annotations

import gzip
import json
import os
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tangkal.badges.crypto.did_web import (
    DidKey,
    build_did_document,
    did_web,
    did_web_document_url,
    key_resolver,
)
from tangkal.badges.crypto.keys import (
    KeyLoadError,
    generate_private_key,
    load_private_key_file,
    load_private_key_from_env,
    private_key_from_text,
    private_key_to_multibase,
    private_key_to_multikey_json,
    private_key_to_pem,
    public_key_from_multibase,
    public_key_to_multibase,
)
from tangkal.badges.crypto.loader import (
    PINNED_CONTEXTS,
    CanonicalizationError,
    ContextNotAllowedError,
    canonicalize,
    document_loader,
)
from tangkal.badges.crypto.multibase import (
    MultibaseError,
    base58btc_decode,
    base58btc_encode,
    multibase_decode,
    multibase_encode_base64url,
)
from tangkal.badges.crypto.status_list import (
    MIN_BITS,
    StatusList,
    StatusListError,
    build_status_entry,
    build_status_list_credential,
    read_status,
)

# --- multibase -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [(b"", ""), (b"\x00", "1"), (b"\x00\x00\x01", "112"), (b"hello world", "StV1DL6CwTryKyV")],
)
def test_base58btc_known_values(raw: bytes, encoded: str) -> None:
    assert base58btc_encode(raw) == encoded
    assert base58btc_decode(encoded) == raw


def test_base58btc_round_trip_random() -> None:
    for length in (1, 31, 32, 33, 64):
        for prefix in (b"", b"\x00", b"\x00\x00\x00"):
            data = prefix + os.urandom(length)
            assert base58btc_decode(base58btc_encode(data)) == data


@pytest.mark.parametrize("bad", ["0abc", "Oops", "Il", "abc+"])
def test_base58btc_rejects_foreign_characters(bad: str) -> None:
    with pytest.raises(MultibaseError):
        base58btc_decode(bad)


def test_multibase_base64url_round_trip_and_strictness() -> None:
    data = os.urandom(100)
    encoded = multibase_encode_base64url(data)
    assert encoded.startswith("u") and "=" not in encoded
    assert multibase_decode(encoded) == data
    for bad in ["uAB+/", "uQUJD=", "mQUJD", "", "uA"]:
        with pytest.raises(MultibaseError):
            multibase_decode(bad)


# --- keys ------------------------------------------------------------------------------


def test_public_key_multibase_has_ed25519_header() -> None:
    key = generate_private_key()
    encoded = public_key_to_multibase(key.public_key())
    assert encoded.startswith("z6Mk")  # what 0xed01 + 32 bytes always looks like
    assert base58btc_decode(encoded[1:])[:2] == b"\xed\x01"
    assert public_key_from_multibase(encoded) == key.public_key()
    assert private_key_to_multibase(key).startswith("z3u2")  # 0x8026 header


def test_load_private_key_from_pem_json_env_and_file(tmp_path) -> None:
    key = generate_private_key()
    expected = public_key_to_multibase(key.public_key())

    def public(loaded) -> str:
        return public_key_to_multibase(loaded.public_key())

    assert public(private_key_from_text(private_key_to_pem(key).decode())) == expected
    encrypted = private_key_to_pem(key, password=b"s3cret").decode()
    assert public(private_key_from_text(encrypted, password=b"s3cret")) == expected
    assert public(private_key_from_text(json.dumps(private_key_to_multikey_json(key)))) == expected
    assert public(private_key_from_text(private_key_to_multibase(key))) == expected

    escaped = private_key_to_pem(key).decode().replace("\n", "\\n")
    assert public(load_private_key_from_env(name="BADGE_KEY", environ={"BADGE_KEY": escaped})) == expected

    path = tmp_path / "key.json"
    path.write_text(json.dumps(private_key_to_multikey_json(key)))
    assert public(load_private_key_file(path=path)) == expected


def test_key_loading_errors() -> None:
    key = generate_private_key()
    other = generate_private_key()
    mismatched = private_key_to_multikey_json(key) | {
        "publicKeyMultibase": public_key_to_multibase(other.public_key())
    }
    ec_pem = (
        ec.generate_private_key(ec.SECP256R1())
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    for bad in [json.dumps(mismatched), ec_pem, "not a key", "{}", "zzzz"]:
        with pytest.raises(KeyLoadError):
            private_key_from_text(bad)
    with pytest.raises(KeyLoadError, match="not set"):
        load_private_key_from_env(name="MISSING", environ={})
    secret = private_key_to_multibase(key)
    with pytest.raises(KeyLoadError) as info:
        private_key_from_text(secret[:-2])
    assert secret[:-2] not in str(info.value)  # never echo secret material


# --- loader ----------------------------------------------------------------------------


def test_loader_serves_pinned_contexts_only() -> None:
    for url in PINNED_CONTEXTS:
        document = document_loader(url)["document"]
        assert "@context" in document
    for url in [
        "https://example.com/context.json",
        "http://www.w3.org/ns/credentials/v2",  # scheme variant
        "https://www.w3.org/ns/credentials/v2/",  # trailing slash variant
        "https://w3id.org/security/data-integrity/v2",
    ]:
        with pytest.raises(ContextNotAllowedError, match="not pinned"):
            document_loader(url)


def test_canonicalize_refuses_unknown_context() -> None:
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://evil.example/ctx.jsonld"],
        "id": "urn:uuid:1",
        "type": ["VerifiableCredential"],
    }
    with pytest.raises(ContextNotAllowedError) as info:
        canonicalize(document)
    assert info.value.url == "https://evil.example/ctx.jsonld"


def test_canonicalize_refuses_protected_term_redefinition() -> None:
    document = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            {"name": "https://evil.example/name"},
        ],
        "id": "urn:uuid:1",
        "type": ["VerifiableCredential"],
        "name": "Mallory",
    }
    with pytest.raises(CanonicalizationError, match="protected term redefinition"):
        canonicalize(document)


@pytest.mark.parametrize(
    "change",
    [
        {"id": "relative/path"},  # relative IRIs are silently dropped from RDF
        {"@context": [{"@vocab": None, "known": "https://example.com/known"}], "unknown": 1},
        {"name": "bell\x07character"},  # RDFC-1.0 and pyld escape this differently
    ],
)
def test_canonicalize_refuses_data_the_signature_would_not_cover(change: dict) -> None:
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:1",
        "type": ["VerifiableCredential"],
    } | change
    with pytest.raises(CanonicalizationError):
        canonicalize(document)


def test_canonicalize_bounds_poison_graphs() -> None:
    # A clique of look-alike blank nodes makes RDFC-1.0 exponential (n=8 takes about a
    # minute unbounded); verification input is untrusted, so the work is capped.
    nodes = 10
    document = {
        "@context": {"@vocab": "https://example.com/#"},
        "@graph": [
            {"@id": f"_:b{i}", "knows": [{"@id": f"_:b{j}"} for j in range(nodes) if j != i]}
            for i in range(nodes)
        ],
    }
    with pytest.raises(CanonicalizationError, match="too complex"):
        canonicalize(document)


# --- Bitstring Status List --------------------------------------------------------------


def test_status_list_bit_order_and_round_trip() -> None:
    status = StatusList()
    assert status.size == MIN_BITS
    for index in (0, 7, 8, 94567, MIN_BITS - 1):
        status.set(index)
    assert status.to_bytes()[0] == 0x81  # bit 0 is the most significant bit of byte 0
    decoded = StatusList.decode(status.encode())
    assert decoded.to_bytes() == status.to_bytes()
    assert [decoded.get(i) for i in (0, 1, 7, 8, 9, 94567, MIN_BITS - 1)] == [
        True,
        False,
        True,
        True,
        False,
        True,
        True,
    ]
    decoded.set(7, False)
    assert not decoded.get(7)
    assert status.encode() == StatusList.decode(status.encode()).encode()  # deterministic


def test_status_list_errors() -> None:
    status = StatusList()
    with pytest.raises(StatusListError) as info:
        status.get(MIN_BITS)
    assert info.value.code == "range_error"
    with pytest.raises(ValueError):
        StatusList(size=1024)
    short = multibase_encode_base64url(gzip.compress(bytes(1024)))
    with pytest.raises(StatusListError) as info:
        StatusList.decode(short)
    assert info.value.code == "status_list_length_error"
    bomb = multibase_encode_base64url(gzip.compress(bytes(32 * 1024 * 1024), mtime=0))
    with pytest.raises(StatusListError, match="size limit"):
        StatusList.decode(bomb)
    with pytest.raises(StatusListError):
        StatusList.decode("u" + "A" * 40)


def test_status_list_credential_and_entry() -> None:
    url = "https://badges.example.id/status/revocation/1"
    status = StatusList()
    status.set(42)
    credential = build_status_list_credential(
        credential_id=url,
        issuer="did:web:badges.example.id",
        status_purpose="revocation",
        status_list=status,
        valid_from=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert credential["credentialSubject"]["encodedList"].startswith("uH4sI")  # gzip magic
    entry = build_status_entry(status_list_credential=url, index=42, status_purpose="revocation")
    assert entry == {
        "id": f"{url}#42",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "42",
        "statusListCredential": url,
    }
    assert read_status(entry=entry, status_list_credential=credential) is True
    other = build_status_entry(status_list_credential=url, index=43, status_purpose="revocation")
    assert read_status(entry=other, status_list_credential=credential) is False
    wrong_purpose = build_status_entry(status_list_credential=url, index=42, status_purpose="suspension")
    with pytest.raises(StatusListError) as info:
        read_status(entry=wrong_purpose, status_list_credential=credential)
    assert info.value.code == "status_purpose_mismatch"
    canonicalize(credential)  # the status list terms come from the VC 2.0 context


# --- did:web ---------------------------------------------------------------------------


def test_did_web_with_port_and_path() -> None:
    assert did_web(host="Badges.Example.ID") == "did:web:badges.example.id"
    assert did_web(host="localhost", port=8443) == "did:web:localhost%3A8443"
    assert did_web(host="example.com", path=["issuers", "kominfo"]) == "did:web:example.com:issuers:kominfo"
    assert did_web_document_url("did:web:localhost%3A8443") == "https://localhost:8443/.well-known/did.json"
    assert did_web_document_url("did:web:example.com:issuers:kominfo") == (
        "https://example.com/issuers/kominfo/did.json"
    )
    for bad_host in ["exa mple.com", "example.com/path", "-bad.com", ""]:
        with pytest.raises(ValueError):
            did_web(host=bad_host)
    with pytest.raises(ValueError):
        did_web(host="example.com", port=70000)


def test_did_document_keeps_rotated_keys() -> None:
    did = did_web(host="localhost", port=8443)
    old, new = generate_private_key(), generate_private_key()
    document = build_did_document(
        did=did,
        keys=[
            DidKey(fragment="key-2026-05", public_key=old.public_key(), retired=True),
            DidKey(fragment="key-2026-11", public_key=new.public_key()),
        ],
    )
    assert [m["id"] for m in document["verificationMethod"]] == [f"{did}#key-2026-05", f"{did}#key-2026-11"]
    assert all(m["type"] == "Multikey" and m["controller"] == did for m in document["verificationMethod"])
    assert document["assertionMethod"] == [f"{did}#key-2026-05", f"{did}#key-2026-11"]
    assert document["authentication"] == [f"{did}#key-2026-11"]

    resolve = key_resolver(did_document=document)
    assert resolve(f"{did}#key-2026-05") == old.public_key()
    assert resolve(f"{did}#key-2026-11") == new.public_key()
    assert resolve(f"{did}#key-1999-01") is None
    assert key_resolver(did_document=document, relationship="authentication")(f"{did}#key-2026-05") is None
    with pytest.raises(ValueError):
        build_did_document(
            did=did,
            keys=[
                DidKey(fragment="k", public_key=old.public_key()),
                DidKey(fragment="k", public_key=new.public_key()),
            ],
        )
