"""Open Badges 3.0 ``OpenBadgeCredential``: building, signing and full verification.

``verify_credential`` runs every check it can and reports each one (see ``results.py``), so
a caller can tell a tampered credential (``signature``) from an expired one
(``validity_period``) or a revoked/suspended one (``status:revocation``/``status:suspension``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .datetimes import format_datetime, parse_datetime, utc_now
from .eddsa_rdfc_2022 import KeyResolver, sign_document, verify_proof
from .loader import CREDENTIALS_V2_URL, OB_V3P0_CONTEXT_URL
from .results import Check, VerificationResult
from .status_list import STATUS_PURPOSES, StatusListError, read_status

__all__ = [
    "DEFAULT_ACHIEVEMENT_NAME",
    "OB_CONTEXT",
    "AchievementInfo",
    "EvidenceItem",
    "IssuerProfile",
    "StatusListFetcher",
    "build_open_badge_credential",
    "identity_hash",
    "identity_matches",
    "sign_credential",
    "structure_problems",
    "verify_credential",
]

OB_CONTEXT: Final = (CREDENTIALS_V2_URL, OB_V3P0_CONTEXT_URL)
DEFAULT_ACHIEVEMENT_NAME: Final = "Influencer Pemerintah"
_CREDENTIAL_TYPES: Final = frozenset({"OpenBadgeCredential", "AchievementCredential"})

# Given a statusListCredential URL, return the (signed) status list credential as parsed
# JSON, or raise. Injected so this package stays free of HTTP, Django and caching policy.
StatusListFetcher = Callable[[str], Mapping[str, Any]]


@dataclass(frozen=True, slots=True, kw_only=True)
class IssuerProfile:
    id: str  # the issuer's did:web DID
    name: str
    url: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AchievementInfo:
    id: str
    description: str
    criteria_narrative: str
    name: str = DEFAULT_ACHIEVEMENT_NAME
    image_url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EvidenceItem:
    id: str | None = None  # URL of the evidence, when it is published
    name: str | None = None
    description: str | None = None
    narrative: str | None = None
    genre: str | None = None


def identity_hash(*, email: str, salt: str) -> str:
    """OB ``identityHash``: ``sha256$`` + hex SHA-256 of the normalised email + salt."""
    # Addresses are compared case-insensitively in practice; normalising here means a
    # recipient who types their address differently still matches.
    normalised = email.strip().lower()
    return "sha256$" + hashlib.sha256((normalised + salt).encode("utf-8")).hexdigest()


def identity_matches(*, identifier: Mapping[str, Any], email: str) -> bool:
    """Does a hashed ``IdentityObject`` belong to ``email``? (constant-time compare)"""
    salt, expected = identifier.get("salt"), identifier.get("identityHash")
    if not isinstance(salt, str) or not isinstance(expected, str):
        return False
    return hmac.compare_digest(identity_hash(email=email, salt=salt), expected)


def build_open_badge_credential(
    *,
    credential_id: str,
    issuer: IssuerProfile,
    recipient_email: str,
    achievement: AchievementInfo,
    valid_from: datetime,
    valid_until: datetime | None = None,
    salt: str | None = None,
    evidence: Sequence[EvidenceItem] = (),
    credential_status: Sequence[Mapping[str, str]] = (),
    name: str | None = None,
) -> dict[str, Any]:
    """An unsigned OpenBadgeCredential; the recipient is identified by a salted email hash."""
    issuer_profile: dict[str, Any] = {"id": issuer.id, "type": ["Profile"], "name": issuer.name}
    if issuer.url:
        issuer_profile["url"] = issuer.url
    if issuer.email:
        issuer_profile["email"] = issuer.email
    salt = salt if salt is not None else secrets.token_hex(16)
    achievement_doc: dict[str, Any] = {
        "id": achievement.id,
        "type": ["Achievement"],
        "name": achievement.name,
        "description": achievement.description,
        "criteria": {"narrative": achievement.criteria_narrative},
    }
    if achievement.image_url:
        achievement_doc["image"] = {"id": achievement.image_url, "type": "Image"}
    credential: dict[str, Any] = {
        "@context": list(OB_CONTEXT),
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name or achievement.name,
        "issuer": issuer_profile,
        "validFrom": format_datetime(valid_from),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": identity_hash(email=recipient_email, salt=salt),
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": salt,
                }
            ],
            "achievement": achievement_doc,
        },
    }
    if valid_until is not None:
        credential["validUntil"] = format_datetime(valid_until)
    if evidence:
        credential["evidence"] = [_evidence(item) for item in evidence]
    if credential_status:
        credential["credentialStatus"] = [dict(entry) for entry in credential_status]
    return credential


def sign_credential(
    *,
    credential: Mapping[str, Any],
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime | None = None,
) -> dict[str, Any]:
    """Validate and sign; refuses credentials the verifier would reject structurally."""
    problems = structure_problems(credential)
    if problems:
        raise ValueError("refusing to sign an invalid credential: " + "; ".join(problems))
    issuer_id = _issuer_id(credential)
    if verification_method.split("#", 1)[0] != issuer_id:
        raise ValueError(f"verification method {verification_method!r} is not the issuer's key")
    return sign_document(
        document=credential,
        private_key=private_key,
        verification_method=verification_method,
        created=created,
    )


def verify_credential(
    *,
    credential: Mapping[str, Any],
    resolve_key: KeyResolver,
    fetch_status_list: StatusListFetcher | None,
    now: datetime | None = None,
) -> VerificationResult:
    """Check structure, proof, validity period and every status entry.

    With ``fetch_status_list=None`` status checks are reported as skipped, so the result is
    not ``ok``: an unchecked credential must not be presented as valid.
    """
    now = now or utc_now()
    if not isinstance(credential, Mapping):  # e.g. a JSON array posted to a verify endpoint
        return VerificationResult((Check.failed("structure", "structure_invalid", "not a JSON object"),))
    checks = [_structure_check(credential)]
    issuer_id = _issuer_id(credential)
    checks.append(
        verify_proof(
            document=credential, resolve_key=resolve_key, expected_controller=issuer_id, now=now
        ).as_check("signature")
    )
    checks.append(_validity_check(credential, now=now, name="validity_period"))
    checks.extend(
        _status_checks(
            credential,
            resolve_key=resolve_key,
            fetch=fetch_status_list,
            issuer_id=issuer_id,
            now=now,
        )
    )
    return VerificationResult(tuple(checks))


def structure_problems(credential: Mapping[str, Any]) -> list[str]:
    """Human-readable violations of the OB 3.0 / VC 2.0 required structure (empty if fine)."""
    problems: list[str] = []
    context = credential.get("@context")
    if not isinstance(context, list) or context[:1] != [CREDENTIALS_V2_URL]:
        problems.append(f"@context must be a list starting with {CREDENTIALS_V2_URL}")
    elif OB_V3P0_CONTEXT_URL not in context:
        problems.append(f"@context must include {OB_V3P0_CONTEXT_URL}")
    if not _is_uri(credential.get("id")):
        problems.append("id must be a URI")
    types = _types(credential)
    if "VerifiableCredential" not in types or not types & _CREDENTIAL_TYPES:
        problems.append("type must include VerifiableCredential and OpenBadgeCredential")
    if not _non_empty_str(credential.get("name")):
        problems.append("name is required")
    issuer = credential.get("issuer")
    if not isinstance(issuer, Mapping) or not _is_uri(issuer.get("id")) or "Profile" not in _types(issuer):
        problems.append("issuer must be a Profile object with an id")
    for field in ("validFrom", "validUntil"):
        if field in credential or field == "validFrom":
            try:
                parse_datetime(credential.get(field))
            except ValueError:
                problems.append(f"{field} must be an XML Schema dateTimeStamp")
    problems.extend(_subject_problems(credential.get("credentialSubject")))
    for entry in _as_list(credential.get("credentialStatus", [])):
        if (
            not isinstance(entry, Mapping)
            or entry.get("type") != "BitstringStatusListEntry"
            or entry.get("statusPurpose") not in STATUS_PURPOSES
            or not str(entry.get("statusListIndex", "")).isdecimal()
            or not isinstance(entry.get("statusListIndex"), str)
            or not _is_uri(entry.get("statusListCredential"))
        ):
            problems.append("credentialStatus entries must be valid BitstringStatusListEntry objects")
            break
    return problems


def _subject_problems(subject: Any) -> list[str]:
    if not isinstance(subject, Mapping):
        return ["credentialSubject must be a single object"]
    problems = []
    if "AchievementSubject" not in _types(subject):
        problems.append("credentialSubject type must include AchievementSubject")
    identifiers = _as_list(subject.get("identifier", []))
    if "id" not in subject and not identifiers:
        problems.append("credentialSubject needs an id or an identifier")
    for identity in identifiers:
        if (
            not isinstance(identity, Mapping)
            or "IdentityObject" not in _types(identity)
            or not isinstance(identity.get("hashed"), bool)
            or not _non_empty_str(identity.get("identityHash"))
            or not _non_empty_str(identity.get("identityType"))
        ):
            problems.append("identifier entries must be complete IdentityObjects")
            break
    achievement = subject.get("achievement")
    if (
        not isinstance(achievement, Mapping)
        or not _is_uri(achievement.get("id"))
        or "Achievement" not in _types(achievement)
        or not _non_empty_str(achievement.get("name"))
        or not _non_empty_str(achievement.get("description"))
        or not isinstance(achievement.get("criteria"), Mapping)
    ):
        problems.append("achievement needs id, type Achievement, name, description and criteria")
    return problems


def _structure_check(credential: Mapping[str, Any]) -> Check:
    problems = structure_problems(credential)
    if problems:
        return Check.failed("structure", "structure_invalid", "; ".join(problems))
    return Check.passed("structure", "required OpenBadgeCredential fields are present")


def _validity_check(document: Mapping[str, Any], *, now: datetime, name: str) -> Check:
    try:
        valid_from = parse_datetime(document.get("validFrom"))
        valid_until = parse_datetime(document["validUntil"]) if "validUntil" in document else None
    except ValueError as exc:
        return Check.failed(name, "dates_malformed", str(exc))
    if now < valid_from:
        return Check.failed(name, "not_yet_valid", f"not valid before {document['validFrom']}")
    if valid_until is not None and now >= valid_until:
        return Check.failed(name, "expired", f"expired at {document['validUntil']}")
    return Check.passed(name, "within its validity period")


def _status_checks(
    credential: Mapping[str, Any],
    *,
    resolve_key: KeyResolver,
    fetch: StatusListFetcher | None,
    issuer_id: str | None,
    now: datetime,
) -> list[Check]:
    checks: list[Check] = []
    fetched: dict[str, Mapping[str, Any]] = {}
    for position, entry in enumerate(_as_list(credential.get("credentialStatus", []))):
        purpose = entry.get("statusPurpose") if isinstance(entry, Mapping) else None
        name = f"status:{purpose}" if isinstance(purpose, str) else f"status:{position}"
        if fetch is None:
            checks.append(Check.skipped(name, "status lists were not consulted"))
            continue
        checks.append(
            _status_check(
                entry,
                name=name,
                resolve_key=resolve_key,
                fetch=fetch,
                fetched=fetched,
                issuer_id=issuer_id,
                now=now,
            )
        )
    return checks


def _status_check(
    entry: Any,
    *,
    name: str,
    resolve_key: KeyResolver,
    fetch: StatusListFetcher,
    fetched: dict[str, Mapping[str, Any]],
    issuer_id: str | None,
    now: datetime,
) -> Check:
    if not isinstance(entry, Mapping) or not isinstance(entry.get("statusListCredential"), str):
        return Check.failed(name, "status_entry_malformed", "credentialStatus entry is malformed")
    url = entry["statusListCredential"]
    if url not in fetched:
        try:
            fetched[url] = fetch(url)
        except Exception as exc:  # injected I/O; report which list could not be fetched
            return Check.failed(name, "status_list_unavailable", f"could not fetch {url}: {exc}")
    status_list = fetched[url]
    if not isinstance(status_list, Mapping):
        return Check.failed(name, "status_list_malformed", f"{url} did not return a JSON object")
    # The list must come from the same issuer, or anyone able to serve that URL could
    # un-revoke credentials.
    if issuer_id is None or _issuer_id(status_list) != issuer_id:
        return Check.failed(
            name, "status_list_issuer_mismatch", "status list issuer differs from credential issuer"
        )
    proof = verify_proof(
        document=status_list, resolve_key=resolve_key, expected_controller=issuer_id, now=now
    )
    if not proof.ok:
        return Check.failed(name, "status_list_proof_invalid", f"status list proof: {proof.message}")
    validity = _validity_check(status_list, now=now, name=name)
    if not validity.ok:
        return Check.failed(name, f"status_list_{validity.code}", f"status list {validity.message}")
    try:
        flagged = read_status(entry=entry, status_list_credential=status_list)
    except StatusListError as exc:
        return Check.failed(name, exc.code, str(exc))
    purpose = entry.get("statusPurpose")
    if flagged:
        code = "revoked" if purpose == "revocation" else "suspended"
        return Check.failed(name, code, f"the credential is {code} (index {entry.get('statusListIndex')})")
    return Check.passed(name, f"not {'revoked' if purpose == 'revocation' else 'suspended'}")


def _evidence(item: EvidenceItem) -> dict[str, Any]:
    fields = {
        "id": item.id,
        "name": item.name,
        "description": item.description,
        "narrative": item.narrative,
        "genre": item.genre,
    }
    return {"type": ["Evidence"], **{k: v for k, v in fields.items() if v is not None}}


def _issuer_id(document: Mapping[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _types(node: Mapping[str, Any]) -> set[str]:
    return {t for t in _as_list(node.get("type", [])) if isinstance(t, str)}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _non_empty_str(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_uri(value: Any) -> bool:
    return isinstance(value, str) and ":" in value and not value.startswith(":")
