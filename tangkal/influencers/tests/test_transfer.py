"""Moving an ASN to another agency (mutasi): who may, what moves with them, and what stays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from tangkal.accounts.models import Agency, Region, Role
from tangkal.badges.crypto.status_list import StatusList as Bits
from tangkal.badges.models import Badge, StatusList
from tangkal.badges.selectors import badges_for_manager
from tangkal.badges.testing import issue_badge
from tangkal.badges.tests.conftest import badge_keyring  # noqa: F401  (autouse: a throw-away issuer key)
from tangkal.badges.verification import verify
from tangkal.core.models import AuditEntry
from tangkal.influencers import services
from tangkal.influencers.models import AgencyTransfer, ASNProfile, Cohort, Invitation, Stage
from tangkal.influencers.tests.factories import account, asn

pytestmark = pytest.mark.django_db

REASON = "SK Mutasi Nomor 800/123/BKD/2026"


@pytest.fixture
def cohort(actors):
    return Cohort.objects.create(agency=actors.agency_a, name="CPNS 2019", intake_year=2019)


@pytest.fixture
def dewi(actors, cohort):
    """The shared influencer's ASN profile: agency A, in A's cohort, eligible, with a verified account."""
    actors.influencer.full_name = "Dewi Lestari"
    actors.influencer.save()
    profile = asn(actors.agency_a, user=actors.influencer, cohort=cohort, stage=Stage.ELIGIBLE, eligible=True,
                  eligibility_reason="ok", counted_followers=1200)
    ASNProfile.objects.filter(pk=profile.pk).update(full_name="Dewi Lestari")
    profile.refresh_from_db()
    account(profile, "instagram", "dewi_bicara", followers=1200)
    return profile


def transfer_form(to_agency, **extra) -> dict:
    return {"to_agency": to_agency.pk, "reason": REASON, "effective_date": "", "confirm": "on", **extra}


def transfer_url(profile) -> str:
    return reverse("influencers:asn_transfer", kwargs={"public_id": profile.public_id})


def asn_url(profile) -> str:
    return reverse("influencers:asn", kwargs={"public_id": profile.public_id})


def revocation_bit(badge: Badge) -> bool:
    status_list = StatusList.objects.get(pk=badge.revocation_list_id)
    return Bits.decode(status_list.credential["credentialSubject"]["encodedList"]).get(badge.revocation_index)


# ---- who may --------------------------------------------------------------------------------------

def test_the_coordinator_of_the_current_agency_transfers_and_returns_to_the_roster(dewi, actors, client_for):
    client = client_for("coord_a")
    response = client.post(transfer_url(dewi), transfer_form(actors.agency_b))
    assert response.status_code == 302 and response["Location"] == reverse("influencers:roster")
    page = client.get(response["Location"]).content.decode()
    assert "Dewi Lestari dipindahkan ke Instansi Uji B" in page
    transfer = AgencyTransfer.objects.get(profile=dewi)
    assert (transfer.from_agency, transfer.to_agency, transfer.by) == (actors.agency_a, actors.agency_b, actors.coord_a)
    assert transfer.reason == REASON and transfer.effective_date == timezone.localdate()


def test_it_rejects_a_transfer_by_another_agencys_coordinator(dewi, actors, client_for):
    response = client_for("coord_b").post(transfer_url(dewi), transfer_form(actors.agency_b))
    assert response.status_code == 404  # another agency's ASN is reported as absent
    with pytest.raises(PermissionDenied):
        services.asn_transfer(profile=dewi, to_agency=actors.agency_b, by=actors.coord_b, reason=REASON)
    dewi.refresh_from_db()
    assert dewi.agency == actors.agency_a and not AgencyTransfer.objects.exists()


def test_verifiers_and_influencers_cannot_transfer(dewi, actors, client_for):
    for name in ("verifier", "influencer"):
        assert client_for(name).post(transfer_url(dewi), transfer_form(actors.agency_b)).status_code == 403
        with pytest.raises(PermissionDenied):
            services.asn_transfer(profile=dewi, to_agency=actors.agency_b, by=getattr(actors, name), reason=REASON)
    assert not AgencyTransfer.objects.exists()


def test_a_programme_admin_transfers_anyone_and_stays_on_the_asn_page(actors, client_for):
    profile = asn(actors.agency_b, email="budi@b.go.id")
    response = client_for("admin").post(transfer_url(profile), transfer_form(actors.agency_a))
    assert response.status_code == 302 and response["Location"] == asn_url(profile)
    profile.refresh_from_db()
    assert profile.agency == actors.agency_a


# ---- what is refused, and how it is said -----------------------------------------------------------

def test_a_reason_is_required(dewi, actors, client_for):
    with pytest.raises(ValidationError) as caught:
        services.asn_transfer(profile=dewi, to_agency=actors.agency_b, by=actors.coord_a, reason="  ")
    assert "Tuliskan alasan mutasi" in caught.value.message_dict["reason"][0]
    page = client_for("coord_a").post(transfer_url(dewi), transfer_form(actors.agency_b, reason="")).content.decode()
    assert "Pindahkan ke instansi lain (mutasi)" in page and "field-error" in page
    dewi.refresh_from_db()
    assert dewi.agency == actors.agency_a


def test_a_transfer_to_the_same_agency_is_refused_with_a_clear_message(dewi, actors, client_for):
    with pytest.raises(ValidationError) as caught:
        services.asn_transfer(profile=dewi, to_agency=actors.agency_a, by=actors.admin, reason=REASON)
    assert caught.value.message_dict["to_agency"] == [
        "Dewi Lestari sudah tercatat di Instansi Uji A. Pilih instansi tujuan yang lain."]
    # The form does not even offer the current agency.
    page = client_for("coord_a").post(transfer_url(dewi), transfer_form(actors.agency_a)).content.decode()
    assert "Pilih instansi tujuan dari daftar, selain instansi saat ini." in page
    assert not AgencyTransfer.objects.exists()


def test_the_transfer_needs_the_confirmation(dewi, actors, client_for):
    data = transfer_form(actors.agency_b)
    del data["confirm"]
    page = client_for("coord_a").post(transfer_url(dewi), data).content.decode()
    assert "Centang konfirmasi untuk memindahkan ASN ini." in page
    dewi.refresh_from_db()
    assert dewi.agency == actors.agency_a


def test_a_future_effective_date_is_refused_and_a_past_one_recorded(dewi, actors):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="masa depan"):
        services.asn_transfer(profile=dewi, to_agency=actors.agency_b, by=actors.coord_a, reason=REASON,
                              effective_date=tomorrow)
    last_month = timezone.localdate() - timedelta(days=30)
    transfer = services.asn_transfer(profile=dewi, to_agency=actors.agency_b, by=actors.coord_a, reason=REASON,
                                     effective_date=last_month)
    assert transfer.effective_date == last_month


def test_an_inactive_agency_cannot_receive(dewi, actors):
    closed = Agency.objects.create(code="tutup", name="Instansi Dilebur", kind=Agency.Kind.AGENCY, is_active=False)
    with pytest.raises(ValidationError, match="tidak aktif"):
        services.asn_transfer(profile=dewi, to_agency=closed, by=actors.admin, reason=REASON)


# ---- what moves, and what stays -------------------------------------------------------------------

def test_the_profile_and_the_user_move_together_and_the_old_cohort_is_cleared(dewi, actors):
    services.asn_transfer(profile=dewi, to_agency=actors.agency_b, by=actors.coord_a, reason=REASON)
    dewi.refresh_from_db()
    actors.influencer.refresh_from_db()
    assert dewi.agency == actors.agency_b and actors.influencer.agency == actors.agency_b
    assert dewi.cohort is None  # A's cohort means nothing in B; B's coordinator places them in one of theirs
    # Eligibility is about the person and their accounts, not the employer.
    assert dewi.eligible and dewi.stage == Stage.ELIGIBLE and dewi.counted_followers == 1200
    assert dewi.accounts.filter(handle="dewi_bicara").exists()


def test_a_regional_governments_asn_take_its_region_and_leave_it_behind_for_a_central_agency(dewi, actors):
    bandung = Region.objects.get(code="32.73")
    pemkot = Agency.objects.create(code="pemkot-uji", name="Pemerintah Kota Uji", kind=Agency.Kind.CITY,
                                   region=bandung)
    services.asn_transfer(profile=dewi, to_agency=pemkot, by=actors.coord_a, reason=REASON)
    dewi.refresh_from_db()
    assert dewi.region == bandung
    services.asn_transfer(profile=dewi, to_agency=actors.agency_b, by=actors.admin, reason=REASON)
    dewi.refresh_from_db()
    assert dewi.region is None  # the city's region said where they worked; the central agency's does not


def test_open_invitations_of_the_old_agency_are_cancelled(actors, cohort):
    imported = asn(actors.agency_a, stage=Stage.IMPORTED, email="rina@a.go.id", cohort=cohort)
    raw = services.invitation_issue(profile=imported, by=actors.coord_a)
    used = Invitation.objects.create(profile=imported, token_hash="0" * 64, used_at=timezone.now(),
                                     expires_at=timezone.now() + timedelta(days=3))
    transfer = services.asn_transfer(profile=imported, to_agency=actors.agency_b, by=actors.coord_a, reason=REASON)
    assert transfer.details["invitations_cancelled"] == 1
    with pytest.raises(ValidationError, match="kedaluwarsa"):
        services.invitation_lookup(token=raw)
    used.refresh_from_db()
    assert used.expires_at > timezone.now()  # history is not rewritten
    imported.refresh_from_db()
    assert imported.agency == actors.agency_b and imported.user is None


# ---- the badge --------------------------------------------------------------------------------------

def test_an_active_badge_is_reissued_naming_the_new_agency_and_the_old_one_is_superseded(dewi, actors):
    old = issue_badge(actors.influencer, accounts=(("instagram", "dewi_bicara", 1200),))
    services.asn_transfer(profile=dewi, to_agency=actors.agency_b, by=actors.coord_a, reason=REASON)
    old.refresh_from_db()
    new = Badge.objects.get(replaces=old)
    assert old.status == Badge.Status.SUPERSEDED and old.agency == actors.agency_a
    assert new.status == Badge.Status.ACTIVE and new.agency == actors.agency_b
    assert new.valid_until == old.valid_until  # restated, not renewed: no extra year
    assert verify(new.credential).ok
    # The old credential (and every PNG/SVG copy carrying it) now reads as superseded in the status list.
    assert revocation_bit(old) is True
    assert verify(old.credential).get("status:revocation").code == "revoked"
    public = Client()
    new_page = public.get(reverse("badges:verify", kwargs={"public_id": new.public_id})).content.decode()
    assert "Instansi Uji B" in new_page and "Instansi Uji A" not in new_page
    old_page = public.get(reverse("badges:verify", kwargs={"public_id": old.public_id})).content.decode()
    assert "telah diganti dengan lencana baru" in old_page
    assert reverse("badges:verify", kwargs={"public_id": new.public_id}) in old_page


def test_a_pending_badge_request_moves_to_the_new_coordinators_queue(dewi, actors):
    pending = Badge.objects.create(holder=actors.influencer, agency=actors.agency_a)
    services.asn_transfer(profile=dewi, to_agency=actors.agency_b, by=actors.coord_a, reason=REASON)
    pending.refresh_from_db()
    assert pending.status == Badge.Status.PENDING and pending.agency == actors.agency_b
    assert pending in badges_for_manager(user=actors.coord_b, status="pending")
    assert pending not in badges_for_manager(user=actors.coord_a)


def test_revoked_and_expired_badges_stay_as_history(dewi, actors):
    revoked = issue_badge(actors.influencer)
    Badge.objects.filter(pk=revoked.pk).update(status=Badge.Status.REVOKED)
    expired = issue_badge(actors.influencer)
    Badge.objects.filter(pk=expired.pk).update(valid_until=timezone.now() - timedelta(days=1))
    transfer = services.asn_transfer(profile=dewi, to_agency=actors.agency_b, by=actors.coord_a, reason=REASON)
    assert transfer.details["badge"] == "kept"
    assert set(Badge.objects.values_list("agency", flat=True)) == {actors.agency_a.pk}
    assert Badge.objects.count() == 2


# ---- the record and the notices --------------------------------------------------------------------

def test_the_transfer_is_audited_with_before_and_after(dewi, actors):
    services.asn_transfer(profile=dewi, to_agency=actors.agency_b, by=actors.coord_a, reason=REASON)
    entry = AuditEntry.objects.get(action="asn.transferred")
    assert entry.actor == actors.coord_a and entry.object_id == str(dewi.pk) and entry.note == REASON
    assert entry.agency == actors.agency_a
    assert entry.before["agency"] == actors.agency_a.pk and entry.before["user_agency"] == actors.agency_a.pk
    assert entry.before["cohort"] is not None and entry.after["cohort"] is None
    assert entry.after["agency"] == actors.agency_b.pk and entry.after["user_agency"] == actors.agency_b.pk
    assert entry.after["eligible_kept"] is True and entry.after["cohort_cleared"] == "CPNS 2019"


def test_the_person_and_the_receiving_coordinators_are_emailed_once(dewi, actors,
                                                                    django_capture_on_commit_callbacks):
    second_b = make_user("humas2@b.go.id", Role.COORDINATOR, actors.agency_b)
    with django_capture_on_commit_callbacks(execute=True):
        transfer = services.asn_transfer(profile=dewi, to_agency=actors.agency_b, by=actors.coord_a, reason=REASON)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {actors.influencer.email, actors.coord_b.email, second_b.email}
    person = by_recipient[actors.influencer.email]
    assert person.subject == "Tangkal: Anda tercatat pindah ke Instansi Uji B"
    assert "dari Instansi Uji A ke Instansi Uji B" in person.body and REASON in person.body
    assert "angkatan CPNS 2019" in person.body
    coordinator = by_recipient[actors.coord_b.email]
    assert coordinator.subject == "Tangkal: ASN pindah ke instansi Anda"
    assert "Dewi Lestari pindah (mutasi) dari Instansi Uji A" in coordinator.body
    assert asn_url(dewi) in coordinator.body
    # A rerun of the job sends nothing more.
    assert services.transfer_notify(transfer_id=transfer.pk) == 0


# ---- scoping afterwards ----------------------------------------------------------------------------

def test_the_old_coordinator_loses_the_asn_and_the_new_one_sees_them_with_their_history(dewi, actors, client_for):
    old, new = client_for("coord_a"), client_for("coord_b")
    old.post(transfer_url(dewi), transfer_form(actors.agency_b))
    assert old.get(asn_url(dewi)).status_code == 404
    assert old.post(transfer_url(dewi), transfer_form(actors.agency_a)).status_code == 404
    assert "Dewi Lestari" not in old.get(reverse("influencers:roster")).content.decode()
    assert "Dewi Lestari" in new.get(reverse("influencers:roster")).content.decode()
    page = new.get(asn_url(dewi)).content.decode()
    assert "Riwayat mutasi" in page and "Instansi Uji A → Instansi Uji B" in page and REASON in page
    # The receiving coordinator now manages them, so may release them again.
    assert "Pindahkan ke instansi lain (mutasi)" in page


def test_the_transfer_form_is_offered_only_to_those_who_may_transfer(dewi, client_for):
    page = client_for("coord_a").get(asn_url(dewi)).content.decode()
    assert "Pindahkan ke instansi lain (mutasi)" in page and "Belum pernah pindah instansi." in page
    assert "<optgroup" in page and "Instansi Uji B" in page
    assert client_for("coord_b").get(asn_url(dewi)).status_code == 404


def test_a_transfer_made_on_a_stale_page_is_judged_on_where_the_asn_is_now(dewi, actors):
    stale = ASNProfile.objects.get(pk=dewi.pk)  # what coordinator A's page showed
    services.asn_transfer(profile=dewi, to_agency=actors.agency_b, by=actors.admin, reason=REASON)
    # The row is locked and read again, so A's coordinator cannot move someone who is no longer theirs.
    with pytest.raises(PermissionDenied):
        services.asn_transfer(profile=stale, to_agency=Agency.objects.exclude(pk__in=[actors.agency_a.pk,
                                                                                      actors.agency_b.pk]).first(),
                              by=actors.coord_a, reason=REASON)
    dewi.refresh_from_db()
    assert dewi.agency == actors.agency_b and AgencyTransfer.objects.count() == 1


def test_a_failure_midway_leaves_nothing_changed(dewi, actors, monkeypatch):
    badge = issue_badge(actors.influencer)
    raw = services.invitation_issue(profile=dewi, by=actors.coord_a)
    entries = AuditEntry.objects.count()

    def broken(**kwargs):
        raise RuntimeError("status list unavailable")

    monkeypatch.setattr("tangkal.badges.services.badge_transfer_agency", broken)
    with pytest.raises(RuntimeError):
        services.asn_transfer(profile=dewi, to_agency=actors.agency_b, by=actors.coord_a, reason=REASON)
    dewi.refresh_from_db()
    actors.influencer.refresh_from_db()
    badge.refresh_from_db()
    assert dewi.agency == actors.agency_a and dewi.cohort is not None
    assert actors.influencer.agency == actors.agency_a
    assert badge.status == Badge.Status.ACTIVE and badge.agency == actors.agency_a
    assert Invitation.objects.get(token_hash=services._hash(raw)).expires_at > timezone.now()
    assert not AgencyTransfer.objects.exists() and AuditEntry.objects.count() == entries


def test_the_persons_data_export_lists_their_transfers(dewi, actors, client_for):
    services.asn_transfer(profile=dewi, to_agency=actors.agency_b, by=actors.coord_a, reason=REASON)
    data = client_for("influencer").post(reverse("influencers:my_data_export")).json()
    [moved] = data["agency_transfers"]
    assert (moved["from_agency"], moved["to_agency"], moved["reason"]) == ("Instansi Uji A", "Instansi Uji B", REASON)


def test_the_transfer_form_speaks_english_when_asked(dewi, client_for):
    client = client_for("coord_a")
    client.cookies["django_language"] = "en"
    page = client.get(asn_url(dewi), headers={"Accept-Language": "en"}).content.decode()
    assert "Move to another agency (transfer)" in page and "Transfer history" in page


# ---- REST API -------------------------------------------------------------------------------------

def test_the_api_records_a_transfer_by_agency_code(dewi, actors, client_for):
    url = f"/api/v1/enrolment/asn/{dewi.public_id}/transfer"
    body = {"to_agency": actors.agency_b.code, "reason": REASON, "effective_date": str(timezone.localdate())}
    assert client_for("coord_b").post(url, body, content_type="application/json").status_code == 404
    response = client_for("coord_a").post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["from_agency"] == actors.agency_a.code and data["to_agency"] == actors.agency_b.code
    assert data["reason"] == REASON
    dewi.refresh_from_db()
    assert dewi.agency == actors.agency_b
    # Now agency B's: A's coordinator no longer finds the person, B's does.
    assert client_for("coord_a").get(f"/api/v1/enrolment/asn/{dewi.public_id}").status_code == 404
    assert client_for("coord_b").get(f"/api/v1/enrolment/asn/{dewi.public_id}").status_code == 200


def test_the_api_explains_a_refused_transfer(dewi, actors, client_for):
    url = f"/api/v1/enrolment/asn/{dewi.public_id}/transfer"
    coordinator = client_for("coord_a")
    unknown = coordinator.post(url, {"to_agency": "tidak-ada", "reason": REASON}, content_type="application/json")
    assert unknown.status_code == 422 and "kode instansi" in unknown.json()["error"]["message"]
    same = coordinator.post(url, {"to_agency": actors.agency_a.code, "reason": REASON},
                            content_type="application/json")
    assert same.status_code == 422 and "sudah tercatat" in same.json()["error"]["message"]
    short = coordinator.post(url, {"to_agency": actors.agency_b.code, "reason": "x"}, content_type="application/json")
    assert short.status_code == 422
    assert not AgencyTransfer.objects.exists()
