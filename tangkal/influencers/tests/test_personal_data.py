"""An ASN's rights over their personal data (UU 27/2022): see it, take a copy, erase it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, login
from tangkal.accounts.models import Role
from tangkal.badges.crypto.status_list import StatusList as Bits
from tangkal.badges.models import Badge, BadgeAccount, StatusList
from tangkal.badges.testing import issue_badge
from tangkal.badges.tests.conftest import badge_keyring  # noqa: F401  (autouse: a throw-away issuer key)
from tangkal.core.audit import audit_log
from tangkal.core.models import AuditEntry
from tangkal.influencers import personal_data, selectors, services
from tangkal.influencers.eligibility import eligibility_recompute
from tangkal.influencers.models import (
    ASNProfile,
    Consent,
    EligibilityDecision,
    FollowerSnapshot,
    Invitation,
    SocialAccount,
)
from tangkal.influencers.tests.factories import account, asn, nip

pytestmark = pytest.mark.django_db

ERASE = "influencers:my_data_erase"


def _training(user, n: int):
    from tangkal.training.models import (
        Attempt,
        Certificate,
        Course,
        Curriculum,
        CurriculumVersion,
        Module,
        Quiz,
    )

    course = Course.objects.create(slug=f"dasar-{n}", title="Dasar menangkal hoaks")
    module = Module.objects.create(course=course, slug="mengenali", title="Mengenali hoaks", body="Isi")
    quiz = Quiz.objects.create(module=module)
    Attempt.objects.create(quiz=quiz, user=user, number=1, seed=7, submitted_at=timezone.now(), correct=8, total=10,
                           score=80, passed=True)
    curriculum = Curriculum.objects.create(slug=f"wajib-{n}", title="Kurikulum wajib")
    version = CurriculumVersion.objects.create(curriculum=curriculum, number=1, published_at=timezone.now())
    return Certificate.objects.create(user=user, version=version, holder_name=user.full_name,
                                      completed_at=timezone.now())


def _campaign_activity(user, *, creator, approver, code: str, handle: str):
    from tangkal.campaigns.models import Assignment, Campaign, ClickDaily, PointEntry, PostSubmission

    campaign = Campaign.objects.create(kind="information", status="launched", headline="Pendaftaran CPNS resmi",
                                       summary="Hanya lewat sscasn.bkn.go.id.", link_url="https://sscasn.bkn.go.id/",
                                       disclosure="#InfoASN", created_by=creator, approved_by=approver,
                                       approved_at=timezone.now())
    assignment = Assignment.objects.create(campaign=campaign, user=user, code=code, agency=user.agency,
                                           deadline_at=timezone.now() + timedelta(hours=6), status="posted",
                                           posted_at=timezone.now())
    PostSubmission.objects.create(assignment=assignment, platform="instagram",
                                  url=f"https://instagram.com/p/{handle}-1/", normalized_url=f"instagram:{handle}-1",
                                  account_public_id=SocialAccount.objects.filter(handle=handle).get().public_id,
                                  account_label=f"@{handle}", followers=1200)
    ClickDaily.objects.create(assignment=assignment, day=timezone.localdate(), clicks=42, unique_visitors=30)
    PointEntry.objects.create(user=user, reason="speed", points=10, source=f"assignment:{assignment.pk}",
                              agency=user.agency)
    return assignment


def _hoax_report(user, text: str):
    from tangkal.hoaxes import contacts
    from tangkal.hoaxes.models import Report

    return Report.objects.create(channel="dashboard", text=text, reporter=user, contact_kind="email",
                                 contact_encrypted=contacts.encrypt(user.email),
                                 contact_hash=contacts.contact_hash(user.email))


def _person(actors, user, *, handle: str, n: int):
    """An ASN with data in every app: accounts and history, consent, training, badge, campaign, reports."""
    from tangkal.complaints.models import Complaint

    profile = asn(actors.agency_a, user=user, nip=nip(n))
    ASNProfile.objects.filter(pk=profile.pk).update(full_name=user.full_name, phone="081234567890", unit="Humas")
    profile.refresh_from_db()
    Consent.objects.create(profile=profile, kind=Consent.Kind.PERSONAL_DATA, version="2026-01", ip_address="10.1.2.3")
    Invitation.objects.create(profile=profile, token_hash=f"{n:064d}", expires_at=timezone.now() + timedelta(days=3))
    social = account(profile, "instagram", handle, followers=1200)
    FollowerSnapshot.objects.create(account=social, followers=900, measured_at=timezone.now() - timedelta(days=10))
    social.evidence.save(f"bukti-{handle}.png", ContentFile(b"\x89PNG bukti"), save=True)
    eligibility_recompute(profile_ids=[profile.pk])
    certificate = _training(user, n)
    badge = issue_badge(user, accounts=(("instagram", handle, 1200),))
    assignment = _campaign_activity(user, creator=actors.verifier, approver=actors.admin, code=f"kode{n}", handle=handle)
    report = _hoax_report(user, f"Pesan berantai nomor {n}")
    Complaint.objects.create(badge=badge, category="partisan", description="Mengunggah kampanye partai.")
    audit_log(actor=user, action="social.added", obj=social, agency=profile.agency,
              after={"platform": "instagram", "handle": handle})
    audit_log(actor=actors.coord_a, action="social.verified", obj=social, agency=profile.agency,
              before={"verification": "pending_evidence"}, after={"verification": "verified"})
    audit_log(actor=None, action="auth.login_failed", object_label=user.email)
    return profile, social, certificate, badge, assignment, report


@pytest.fixture
def me(actors):
    actors.influencer.full_name = "Dewi Lestari"
    actors.influencer.save()
    return _person(actors, actors.influencer, handle="dewi_bicara", n=101)


@pytest.fixture
def someone_else(actors):
    from conftest import make_user

    user = make_user("budi@a.go.id", Role.INFLUENCER, actors.agency_a, full_name="Budi Santoso")
    return _person(actors, user, handle="budi_menulis", n=202)


def _revocation_bit(badge: Badge) -> bool:
    status_list = StatusList.objects.get(pk=badge.revocation_list_id)
    return Bits.decode(status_list.credential["credentialSubject"]["encodedList"]).get(badge.revocation_index)


def _export(client) -> tuple[dict, object]:
    response = client.post(reverse("influencers:my_data_export"))
    return json.loads(response.content), response


# ---- the page -------------------------------------------------------------------------------------

def test_the_data_page_explains_what_is_held_and_offers_both_actions(me, client_for):
    client = client_for("influencer")
    home = client.get(reverse("influencers:home")).content.decode()
    assert reverse("influencers:my_data") in home
    page = client.get(reverse("influencers:my_data")).content.decode()
    assert "Apa yang kami simpan dan mengapa" in page and "2026-01" in page
    assert reverse("influencers:my_data_export") in page and reverse(ERASE) in page
    assert "style=" not in page and "<script>" not in page


def test_the_data_pages_speak_english_when_asked(me, client_for, settings):
    client = client_for("influencer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "What we hold and why" in client.get(reverse("influencers:my_data")).content.decode()
    wrong = client.post(reverse(ERASE), {"password": PASSWORD, "confirmation": "no"}).content.decode()
    assert "Type the word HAPUS to confirm the deletion." in wrong


# ---- export ---------------------------------------------------------------------------------------

def test_the_export_holds_the_persons_data_from_every_app_and_nothing_of_another(me, someone_else, actors,
                                                                                client_for):
    profile, social, certificate, badge, assignment, report = me
    data, response = _export(client_for("influencer"))
    assert response["Content-Disposition"] == (
        f'attachment; filename="tangkal-data-saya-{timezone.localdate().isoformat()}.json"')
    assert data["user"]["email"] == "asn@a.go.id" and data["user"]["role"] == "influencer"
    assert data["user"]["agency"]["code"] == "uji-a"
    assert data["asn_profile"]["nip"] == profile.nip and data["asn_profile"]["phone"] == "081234567890"
    assert [(c["kind"], c["version"]) for c in data["consents"]] == [("personal_data", "2026-01")]
    [exported] = data["social_accounts"]
    assert exported["handle"] == "dewi_bicara" and exported["verification"] == "verified"
    assert sorted(s["followers"] for s in exported["follower_snapshots"]) == [900, 1200]
    assert data["eligibility_decisions"][-1]["reason"] and "policy_version" in data["eligibility_decisions"][-1]
    assert data["training"]["quiz_attempts"][0]["score"] == 80
    assert data["training"]["certificates"][0]["public_id"] == str(certificate.public_id)
    [exported_badge] = data["badges"]
    assert exported_badge["status"] == "active" and exported_badge["credential_id"] == badge.credential["id"]
    [exported_assignment] = data["campaigns"]["assignments"]
    assert exported_assignment["clicks"] == 42 and exported_assignment["posts"][0]["account_label"] == "@dewi_bicara"
    assert {p["reason"] for p in data["campaigns"]["points"]} >= {"speed"}
    assert data["campaigns"]["points_total"] == sum(p["points"] for p in data["campaigns"]["points"])
    assert [r["tracking_code"] for r in data["hoax_reports"]] == [report.tracking_code]
    assert [c["category"] for c in data["complaints_about_my_badge"]] == ["partisan"]
    assert "social.added" in {entry["action"] for entry in data["audit_log"]}
    body = response.content.decode()
    for theirs in ("budi@a.go.id", "Budi Santoso", "budi_menulis", someone_else[0].nip, someone_else[5].tracking_code):
        assert theirs not in body
    actors.influencer.refresh_from_db()
    assert actors.influencer.password not in body and "Mengunggah kampanye partai" not in body


def test_the_export_is_audited(me, actors, client_for):
    _export(client_for("influencer"))
    entry = AuditEntry.objects.get(action="personal_data.exported")
    assert entry.actor == actors.influencer and entry.object_id == str(actors.influencer.pk)


def test_the_export_costs_the_same_number_of_queries_however_much_data(me, actors, client_for):
    client = client_for("influencer")
    with CaptureQueriesContext(connection) as few:
        _export(client)
    profile = me[0]
    for i in range(3):
        extra = account(profile, "x", f"dewi_x_{i}", followers=600 + i)
        FollowerSnapshot.objects.create(account=extra, followers=500, measured_at=timezone.now() - timedelta(days=3))
    with CaptureQueriesContext(connection) as many:
        data, _response = _export(client)
    assert len(data["social_accounts"]) == 4
    assert len(many.captured_queries) == len(few.captured_queries)


def test_staff_cannot_export_or_erase_here_and_are_told_an_admin_does_it(me, actors, client_for):
    for name in ("admin", "coord_a", "verifier"):
        client = client_for(name)
        page = client.get(reverse("influencers:my_data"))
        assert page.status_code == 403 and "hubungi admin program" in page.content.decode()
        assert client.post(reverse("influencers:my_data_export")).status_code == 403
        refused = client.post(reverse(ERASE), {"password": PASSWORD, "confirmation": "HAPUS"})
        assert refused.status_code == 403 and "hubungi admin program" in refused.content.decode()
        user = getattr(actors, name)
        user.refresh_from_db()
        assert user.is_active and user.has_usable_password()
    assert not AuditEntry.objects.filter(action__startswith="personal_data.").exists()


# ---- erasure: the form ----------------------------------------------------------------------------

def test_erasing_needs_the_current_password(me, actors, client_for):
    response = client_for("influencer").post(reverse(ERASE), {"password": "bukan-sandinya", "confirmation": "HAPUS"})
    assert response.status_code == 200
    assert "Kata sandi salah. Masukkan kata sandi yang Anda pakai untuk masuk ke Tangkal." in response.content.decode()
    actors.influencer.refresh_from_db()
    assert actors.influencer.is_active and actors.influencer.email == "asn@a.go.id"
    assert SocialAccount.objects.filter(profile=me[0]).exists()


def test_erasing_needs_the_confirmation_word(me, actors, client_for):
    response = client_for("influencer").post(reverse(ERASE), {"password": PASSWORD, "confirmation": "ya"})
    assert "Ketik kata HAPUS untuk mengonfirmasi penghapusan." in response.content.decode()
    actors.influencer.refresh_from_db()
    assert actors.influencer.is_active and Badge.objects.get(pk=me[3].pk).status == Badge.Status.ACTIVE


# ---- erasure: what it does ------------------------------------------------------------------------

@pytest.fixture
def erased(me, client_for, django_capture_on_commit_callbacks):
    client = client_for("influencer")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(ERASE), {"password": PASSWORD, "confirmation": "hapus"})
    return response, client


def test_erasing_signs_the_person_out_and_confirms(erased):
    response, client = erased
    assert response.status_code == 200
    page = response.content.decode()
    assert "Akun dan data Anda telah dihapus" in page and "1 akun media sosial dihapus" in page
    assert "/akun/masuk/" in client.get(reverse("influencers:home"))["Location"]


def test_erasing_revokes_the_badge_in_the_public_status_list(me, erased, client_for):
    badge = Badge.objects.get(pk=me[3].pk)
    assert badge.status == Badge.Status.REVOKED and badge.public_state == "revoked"
    assert _revocation_bit(badge) is True
    assert not BadgeAccount.objects.filter(badge=badge).exists()
    page = Client().get(reverse("badges:verify", kwargs={"public_id": badge.public_id})).content.decode()
    assert "Dewi Lestari" not in page and "dewi_bicara" not in page


def test_erasing_removes_accounts_snapshots_and_evidence_files(me, erased):
    profile, social = me[0], me[1]
    storage = SocialAccount._meta.get_field("evidence").storage
    assert not storage.exists(social.evidence.name)
    assert not SocialAccount.objects.filter(profile=profile).exists()
    assert not FollowerSnapshot.objects.filter(account_id=social.pk).exists()
    assert not Invitation.objects.filter(profile=profile).exists()


def test_erasing_anonymises_the_person_who_can_no_longer_sign_in_but_may_register_again(me, actors, erased):
    old_nip = me[0].nip
    user = actors.influencer
    user.refresh_from_db()
    assert user.email.startswith("dihapus-") and user.email.endswith("@dihapus.invalid")
    assert user.full_name == "" and not user.is_active and not user.has_usable_password()
    assert authenticate(username="asn@a.go.id", password=PASSWORD) is None
    profile = ASNProfile.objects.get(pk=me[0].pk)
    assert profile.erased_at and profile.nip.startswith("00000000") and profile.nip != old_nip
    assert (profile.full_name, profile.email, profile.phone, profile.unit) == ("", "", "", "")
    again = services.asn_register(nip=old_nip, full_name="Dewi Lestari", agency=actors.agency_a, unit="Humas",
                                  email="asn@a.go.id", phone="", password="kata-sandi-baru-456")
    assert again.pk != profile.pk and again.user.email == "asn@a.go.id"


def test_erasing_ends_the_persons_other_sessions(me, actors, client_for, django_capture_on_commit_callbacks):
    phone = login(Client(), actors.influencer)
    assert phone.get(reverse("influencers:home")).status_code == 200
    client_for("influencer").post(reverse(ERASE), {"password": PASSWORD, "confirmation": "HAPUS"})
    assert "/akun/masuk/" in phone.get(reverse("influencers:home"))["Location"]


def test_erasing_keeps_statistics_without_identity(me, actors, erased, client_for):
    from tangkal.campaigns.models import ClickDaily, LeaderboardOptOut, PointEntry, PostSubmission
    from tangkal.hoaxes.models import Report
    from tangkal.training.models import Attempt, Certificate

    profile, _social, certificate, _badge, assignment, report = me
    assert PointEntry.objects.filter(user=actors.influencer, reason="speed", points=10).exists()
    assert ClickDaily.objects.get(assignment=assignment).clicks == 42
    post = PostSubmission.objects.get(assignment=assignment)
    assert "dewi_bicara" not in post.url and post.account_label == "" and post.followers == 1200
    assert LeaderboardOptOut.objects.filter(user=actors.influencer).exists()
    report = Report.objects.get(pk=report.pk)
    assert report.reporter is None and not report.has_contact and report.text
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert certificate.revoked_at and certificate.holder_name == ""
    assert Attempt.objects.filter(user=actors.influencer).exists()
    assert EligibilityDecision.objects.filter(profile=profile).exists()
    consent = Consent.objects.get(profile=profile)
    assert consent.version == "2026-01" and consent.ip_address is None
    assert profile.pk not in selectors.roster_for(actors.coord_a).values_list("pk", flat=True)


def test_erasing_writes_one_audit_entry_and_leaves_no_identity_in_the_trail(me, erased, actors):
    entry = AuditEntry.objects.get(action="personal_data.erased")
    assert entry.actor_id == actors.influencer.pk
    assert entry.after["social_accounts_deleted"] == 1 and entry.after["badges_revoked"] == 1
    assert AuditEntry.objects.filter(action="badge.revoke", object_id=str(me[3].pk)).exists()
    assert AuditEntry.objects.filter(action="social.verified").get().actor == actors.coord_a  # entries are kept
    trail = json.dumps(list(AuditEntry.objects.values("actor_label", "object_label", "before", "after", "note")))
    for identity in ("asn@a.go.id", "Dewi Lestari", "dewi_bicara", me[0].nip, "081234567890"):
        assert identity not in trail


def test_erasing_leaves_other_people_untouched(me, someone_else, erased):
    profile, social, certificate, badge, _assignment, report = someone_else
    profile.refresh_from_db()
    assert profile.user.is_active and profile.user.email == "budi@a.go.id" and profile.full_name == "Budi Santoso"
    assert SocialAccount.objects.filter(pk=social.pk).exists()
    assert SocialAccount._meta.get_field("evidence").storage.exists(social.evidence.name)
    badge.refresh_from_db()
    assert badge.status == Badge.Status.ACTIVE and _revocation_bit(badge) is False
    assert BadgeAccount.objects.filter(badge=badge).exists()
    report.refresh_from_db()
    assert report.reporter_id == profile.user_id and report.has_contact
    assert AuditEntry.objects.filter(actor_label="budi@a.go.id", object_label=str(social)).exists()


def test_erasure_is_all_or_nothing(me, actors, monkeypatch):
    profile, social, certificate, badge, _assignment, report = me
    old_nip = profile.nip

    def fail(**kwargs):
        raise RuntimeError("the audit trail is unavailable")

    monkeypatch.setattr(personal_data, "_redact_audit", fail)
    with pytest.raises(RuntimeError):
        personal_data.personal_data_erase(user=actors.influencer, by=actors.influencer)
    user = type(actors.influencer).objects.get(pk=actors.influencer.pk)
    assert user.email == "asn@a.go.id" and user.is_active and user.check_password(PASSWORD)
    assert SocialAccount.objects.filter(pk=social.pk).exists()
    assert SocialAccount._meta.get_field("evidence").storage.exists(social.evidence.name)
    assert FollowerSnapshot.objects.filter(account_id=social.pk).count() == 2
    badge.refresh_from_db()
    assert badge.status == Badge.Status.ACTIVE and _revocation_bit(badge) is False
    assert BadgeAccount.objects.filter(badge=badge).exists()
    profile.refresh_from_db()
    assert profile.nip == old_nip and profile.erased_at is None
    assert not AuditEntry.objects.filter(action__in=["personal_data.erased", "badge.revoke"]).exists()


def test_an_influencer_without_an_asn_profile_can_still_export_and_erase(actors):
    from conftest import make_user

    user = make_user("belum-profil@a.go.id", Role.INFLUENCER, actors.agency_a)
    client = login(Client(), user)
    data, _response = _export(client)
    assert data["user"]["email"] == "belum-profil@a.go.id" and data["asn_profile"] is None
    response = client.post(reverse(ERASE), {"password": PASSWORD, "confirmation": "HAPUS"})
    assert "Akun dan data Anda telah dihapus" in response.content.decode()
    user.refresh_from_db()
    assert not user.is_active and user.email.endswith("@dihapus.invalid")
