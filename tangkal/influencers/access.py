"""Who may reach each of this app's routes; the access test walks every route against this list."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tangkal.core.access import ADMIN, ADMIN_COORD_A, ADMIN_COORDS, EVERYONE, INFLUENCER, SIGNED_IN, Route


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def build(world) -> None:
    from tangkal.influencers.models import (
        AnomalyFlag,
        ASNProfile,
        Cohort,
        RosterImport,
        SocialAccount,
        Stage,
        Verification,
    )
    from tangkal.influencers.services import invitation_issue

    world.cohort = Cohort.objects.create(agency=world.agency_a, name="CPNS 2019", intake_year=2019)
    world.asn = ASNProfile.objects.create(
        user=world.influencer, agency=world.agency_a, nip="199001152019032001", full_name="Asn Uji",
        email=world.influencer.email, email_verified_at=timezone.now(), cohort=world.cohort, stage=Stage.REGISTERED,
    )
    world.asn_account = SocialAccount.objects.create(
        profile=world.asn, platform="instagram", handle="asn_uji_700", profile_url="https://instagram.com/asn_uji_700/",
        bio_code="TGK-ABCDEF", bio_code_expires_at=timezone.now() + timedelta(hours=1),
    )
    world.pending_account = SocialAccount.objects.create(
        profile=world.asn, platform="x", handle="asn_uji_x", profile_url="https://x.com/asn_uji_x",
        verification=Verification.PENDING_EVIDENCE,
    )
    world.pending_account.evidence.save("bukti.png", ContentFile(_png()), save=True)
    world.anomaly = AnomalyFlag.objects.create(account=world.pending_account, kind=AnomalyFlag.Kind.JUMP,
                                               detail={"from": 100, "to": 900})
    world.roster_import = RosterImport.objects.create(
        agency=world.agency_a, created_by=world.coord_a, original_name="daftar.csv",
        status=RosterImport.Status.VALIDATED, file=ContentFile(b"nip\n", name="daftar.csv"),
    )
    world.roster_import.error_report.save("galat.csv", ContentFile(b"baris,kolom\n"), save=True)
    invited = ASNProfile.objects.create(agency=world.agency_a, nip="198502102010012003", full_name="Asn Undangan",
                                        email="undangan@a.go.id", stage=Stage.IMPORTED, cohort=world.cohort)
    world.invitation_token = invitation_issue(profile=invited, by=world.coord_a)


def _account(w) -> dict:
    return {"public_id": w.asn_account.public_id}


def _pending(w) -> dict:
    return {"public_id": w.pending_account.public_id}


def _import(w) -> dict:
    return {"public_id": w.roster_import.public_id}


def _asn(w) -> dict:
    return {"public_id": w.asn.public_id}


def _fresh_asn(w) -> dict:
    """A new ASN of agency A for every request: a confirmed transfer moves its ASN out of agency A, so
    the second allowed actor (the coordinator, after the admin) must get one still there to move."""
    from tangkal.influencers.models import ASNProfile, Stage

    w.transfer_seq = getattr(w, "transfer_seq", 0) + 1
    profile = ASNProfile.objects.create(agency=w.agency_a, nip=f"198502102010011{w.transfer_seq:03d}",
                                        full_name=f"Asn Mutasi {w.transfer_seq}", stage=Stage.IMPORTED)
    return {"public_id": profile.public_id}


def _transfer(w, *, confirm: bool) -> dict:
    data = {"to_agency": w.agency_b.pk, "reason": "SK mutasi nomor 800/1/2026", "effective_date": ""}
    return {**data, "confirm": "on"} if confirm else data


def _erasure_confirmed(w) -> dict:
    from conftest import PASSWORD  # the shared test actors' password; access checks run only in tests

    return {"password": PASSWORD, "confirmation": "HAPUS"}


def _csv_upload(w) -> dict:
    return {"file": SimpleUploadedFile("daftar.csv", b"nip,nama,email\n", content_type="text/csv")}


ROUTES: list[Route] = [
    # Public enrolment: anyone may open them; signed-in people are sent to their own page.
    Route("influencers:register", EVERYONE),
    Route("influencers:register_done", EVERYONE),
    Route("influencers:verify_email", EVERYONE, kwargs=lambda w: {"token": "tautan-rusak"}),
    Route("influencers:accept_invitation", EVERYONE, kwargs=lambda w: {"token": w.invitation_token}),
    # The ASN's own pages: only the ASN, and only their own accounts.
    Route("influencers:home", INFLUENCER),
    Route("influencers:account_add", INFLUENCER),
    Route("influencers:account", INFLUENCER, kwargs=_account),
    Route("influencers:bio_code_issue", INFLUENCER, kwargs=_account, method="POST"),
    Route("influencers:bio_code_check", INFLUENCER, kwargs=_account, method="POST"),
    Route("influencers:evidence_submit", INFLUENCER, kwargs=_account, method="POST"),
    Route("influencers:account_refresh", INFLUENCER, kwargs=_account, method="POST"),
    Route("influencers:account_remove", INFLUENCER, kwargs=_account, method="POST"),
    # Personal data (UU 27/2022): the ASN's own; staff are refused (their accounts are closed by an admin).
    Route("influencers:my_data", INFLUENCER),
    Route("influencers:my_data_export", INFLUENCER, method="POST"),
    Route("influencers:my_data_erase", INFLUENCER),
    Route("influencers:my_data_erase", INFLUENCER, method="POST", label="wrong password",
          data=lambda w: {"password": "bukan-sandinya", "confirmation": "HAPUS"}),
    # Every check builds a fresh world, so erasing the shared influencer here harms no other check.
    Route("influencers:my_data_erase", INFLUENCER, method="POST", label="confirmed", data=_erasure_confirmed),
    # Coordinators see their own agency, programme admins every agency; verifiers see no ASN data.
    Route("influencers:roster", ADMIN_COORDS),
    Route("influencers:roster_export", ADMIN_COORDS),
    Route("influencers:roster_export", ADMIN_COORDS, data=lambda w: {"format": "xlsx"}, label="xlsx"),
    Route("influencers:asn", ADMIN_COORD_A, kwargs=_asn),
    # A transfer (mutasi) is recorded by the releasing side: admins, and the coordinator of the ASN's agency.
    Route("influencers:asn_transfer", ADMIN_COORD_A, kwargs=_asn, method="POST", label="unconfirmed",
          data=lambda w: _transfer(w, confirm=False)),
    Route("influencers:asn_transfer", ADMIN_COORD_A, kwargs=_fresh_asn, method="POST", label="confirmed",
          data=lambda w: _transfer(w, confirm=True)),
    Route("influencers:evidence_queue", ADMIN_COORDS),
    Route("influencers:evidence_review", ADMIN_COORD_A, kwargs=_pending),
    Route("influencers:evidence_review", ADMIN_COORD_A, kwargs=_pending, method="POST",
          data=lambda w: {"decision": "approve", "note": "sesuai"}),
    Route("influencers:evidence_file", ADMIN_COORD_A, kwargs=_pending),
    Route("influencers:anomalies", ADMIN_COORDS),
    Route("influencers:anomaly_clear", ADMIN_COORD_A, kwargs=lambda w: {"public_id": w.anomaly.public_id},
          method="POST", data=lambda w: {"note": "sudah dicek"}),
    Route("influencers:imports", ADMIN_COORDS),
    Route("influencers:import_template", ADMIN_COORDS),
    Route("influencers:import", ADMIN_COORD_A, kwargs=_import),
    Route("influencers:import_progress", ADMIN_COORD_A, kwargs=_import),
    Route("influencers:import_commit", ADMIN_COORD_A, kwargs=_import, method="POST"),
    Route("influencers:import_errors", ADMIN_COORD_A, kwargs=_import),
    Route("influencers:cohorts", ADMIN_COORDS),
    Route("influencers:cohort", ADMIN_COORD_A, kwargs=lambda w: {"public_id": w.cohort.public_id}),
    Route("influencers:cohort_invite", ADMIN_COORD_A, kwargs=lambda w: {"public_id": w.cohort.public_id},
          method="POST"),
    Route("influencers:policy", ADMIN),
    Route("influencers:policy", ADMIN, method="POST", label="publish",
          data=lambda w: {"threshold": 600, "counting": "largest", "max_snapshot_age_days": 30, "grace_days": 14,
                          "note": "uji"}),
    # REST API
    Route("api-1:enrolment_me", INFLUENCER),
    Route("api-1:enrolment_asn_list", ADMIN_COORDS),
    Route("api-1:enrolment_asn_detail", ADMIN_COORD_A, kwargs=lambda w: {"public_id": w.asn.public_id}),
    Route("api-1:enrolment_asn_eligibility", ADMIN_COORD_A, kwargs=lambda w: {"public_id": w.asn.public_id}),
    Route("api-1:enrolment_import_create", ADMIN_COORDS, method="POST", data=_csv_upload),
    Route("api-1:enrolment_import_status", ADMIN_COORD_A, kwargs=_import),
    Route("api-1:enrolment_import_commit", ADMIN_COORD_A, kwargs=_import, method="POST"),
    Route("api-1:enrolment_policy", SIGNED_IN),
    Route("api-1:enrolment_asn_transfer", ADMIN_COORD_A, kwargs=_fresh_asn, method="POST",
          content_type="application/json",
          data=lambda w: {"to_agency": w.agency_b.code, "reason": "SK mutasi nomor 800/1/2026"}),
]
