"""Turning a Badge row into a signed OpenBadgeCredential, and naming the public URLs it uses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from tangkal.badges import issuer
from tangkal.badges.crypto.credential import (
    AchievementInfo,
    EvidenceItem,
    IssuerProfile,
    build_open_badge_credential,
    sign_credential,
)
from tangkal.badges.crypto.status_list import build_status_entry
from tangkal.badges.models import Badge
from tangkal.badges.prerequisites import Prerequisites
from tangkal.badges.status_lists import status_list_url

# The credential is a public, signed statement: its text is fixed in Indonesian, not translated
# per request, so every copy of it says (and hashes to) the same thing.
ACHIEVEMENT_DESCRIPTION = (
    "Aparatur Sipil Negara yang akun media sosialnya terverifikasi, telah menyelesaikan pelatihan "
    "wajib program Influencer Pemerintah, dan disetujui koordinator instansinya untuk menyebarkan "
    "informasi publik dan klarifikasi hoaks."
)
ACHIEVEMENT_CRITERIA = (
    "Akun media sosial milik ASN terverifikasi dengan sedikitnya 500 pengikut; kurikulum pelatihan "
    "wajib selesai; disetujui koordinator instansi. Berlaku satu tahun dan dapat diperbarui."
)


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def credential_url(badge: Badge) -> str:
    return absolute(reverse("badges:verify", kwargs={"public_id": badge.public_id}))


def short_url(badge: Badge) -> str:
    return absolute(reverse("badges:short", kwargs={"code": badge.short_code}))


def achievement_url() -> str:
    return absolute(reverse("badges:achievement"))


def _training_evidence(report: Prerequisites) -> EvidenceItem:
    evidence_id = None
    if report.training_reference:
        # The training app's public certificate page (named either way across its versions).
        for name in ("training:certificate", "training:certificate_verify"):
            try:
                evidence_id = absolute(reverse(name, kwargs={"public_id": report.training_reference}))
                break
            except NoReverseMatch:
                continue
    when = f" pada {report.training_completed_at:%Y-%m-%d}" if report.training_completed_at else ""
    return EvidenceItem(id=evidence_id, name="Pelatihan wajib Influencer Pemerintah",
                        narrative=f"Kurikulum pelatihan wajib diselesaikan{when}.", genre="Pelatihan")


def _follower_evidence(report: Prerequisites) -> EvidenceItem:
    # The credential is public and permanent, so it never names the accounts; the badge page
    # shows them, and only while the holder consents.
    verified = [account for account in report.accounts if account.verified_at]
    total = f"{sum(account.followers for account in verified):,}".replace(",", ".")
    platforms = ", ".join(sorted({account.platform for account in verified}))
    narrative = f"{len(verified)} akun media sosial terverifikasi ({platforms}), total {total} pengikut."
    return EvidenceItem(name="Verifikasi akun dan pengikut", narrative=narrative, genre="Verifikasi pengikut")


def build_signed_credential(*, badge: Badge, report: Prerequisites, valid_from: datetime,
                            valid_until: datetime) -> dict[str, Any]:
    keyring = issuer.load_keyring()
    status = [
        build_status_entry(status_list_credential=status_list_url(badge.revocation_list),
                           index=badge.revocation_index, status_purpose="revocation"),
        build_status_entry(status_list_credential=status_list_url(badge.suspension_list),
                           index=badge.suspension_index, status_purpose="suspension"),
    ]
    unsigned = build_open_badge_credential(
        credential_id=credential_url(badge),
        issuer=IssuerProfile(id=issuer.site_did(), name=settings.BADGE_ISSUER_NAME, url=settings.SITE_URL),
        recipient_email=badge.holder.email,
        achievement=AchievementInfo(
            id=achievement_url(),
            description=ACHIEVEMENT_DESCRIPTION,
            criteria_narrative=ACHIEVEMENT_CRITERIA,
            image_url=absolute(reverse("badges:achievement_image")),
        ),
        valid_from=valid_from,
        valid_until=valid_until,
        evidence=[_training_evidence(report), _follower_evidence(report)],
        credential_status=status,
    )
    badge.key_fragment = keyring.current_fragment
    return sign_credential(credential=unsigned, private_key=keyring.current_key,
                           verification_method=issuer.verification_method(keyring), created=valid_from)
