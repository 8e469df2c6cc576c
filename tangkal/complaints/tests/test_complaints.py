"""Citizens complain about a badge holder; an admin reviews and decides."""

from __future__ import annotations

import pytest
from django.test import Client

from tangkal.badges.models import Badge
from tangkal.badges.testing import issue_badge
from tangkal.complaints.models import Complaint
from tangkal.core.models import AuditEntry

pytestmark = pytest.mark.django_db

VALID = {"category": "partisan", "description": "Mengunggah ajakan memilih calon tertentu di akun resminya.",
         "evidence_url": "https://instagram.com/p/abc", "contact": "warga@example.com"}


@pytest.fixture
def badge(actors):
    return issue_badge(actors.influencer)


def test_a_citizen_can_complain_without_signing_in(badge):
    response = Client().post(f"/v/{badge.public_id}/laporkan/", VALID)
    assert response.status_code == 200 and "laporan Anda terkirim" in response.content.decode()
    complaint = Complaint.objects.get()
    assert complaint.badge == badge and complaint.status == Complaint.Status.OPEN
    assert complaint.reporter_contact_hash and "warga@example.com" not in complaint.reporter_contact_hash
    assert AuditEntry.objects.filter(action="complaint.submit").exists()


def test_bad_input_is_explained_in_indonesian(badge):
    response = Client().post(f"/v/{badge.public_id}/laporkan/", {**VALID, "description": "pendek",
                                                                 "evidence_url": "bukan tautan"})
    html = response.content.decode()
    assert "minimal 20 karakter" in html and "alamat web lengkap" in html
    assert not Complaint.objects.exists()


def test_the_honeypot_keeps_nothing(badge):
    response = Client().post(f"/v/{badge.public_id}/laporkan/", {**VALID, "website": "http://spam.example"})
    assert response.status_code == 200
    assert not Complaint.objects.exists()


def test_complaints_are_rate_limited(badge, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "badge_complaint": "2/h"}
    client = Client()
    for _ in range(2):
        assert client.post(f"/v/{badge.public_id}/laporkan/", VALID).status_code == 200
    assert client.post(f"/v/{badge.public_id}/laporkan/", VALID).status_code == 429
    assert Complaint.objects.count() == 2


def test_an_admin_decision_suspends_the_badge_and_is_audited(badge, client_for, django_capture_on_commit_callbacks):
    complaint = Complaint.objects.create(badge=badge, category="partisan", description="x" * 30)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("admin").post(f"/lencana/pengaduan/{complaint.public_id}/putuskan/",
                                            {"decision": "suspend", "note": "Terbukti kampanye"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    badge.refresh_from_db()
    assert complaint.status == Complaint.Status.SUSPENDED and badge.status == Badge.Status.SUSPENDED
    assert AuditEntry.objects.filter(action="complaint.suspend", note="Terbukti kampanye").exists()
    assert AuditEntry.objects.filter(action="badge.suspend").exists()
    assert "DITANGGUHKAN" in Client().get(f"/v/{badge.public_id}").content.decode()


def test_a_revocation_decision_revokes_the_badge(badge, client_for):
    complaint = Complaint.objects.create(badge=badge, category="hoax", description="x" * 30)
    client_for("admin").post(f"/lencana/pengaduan/{complaint.public_id}/putuskan/",
                             {"decision": "revoke", "note": "Berulang kali menyebar hoaks"})
    badge.refresh_from_db()
    assert badge.status == Badge.Status.REVOKED


def test_coordinators_cannot_review_complaints(badge, client_for):
    complaint = Complaint.objects.create(badge=badge, category="hoax", description="x" * 30)
    assert client_for("coord_a").get("/lencana/pengaduan/").status_code == 403
    response = client_for("coord_a").post(f"/lencana/pengaduan/{complaint.public_id}/putuskan/",
                                          {"decision": "revoke", "note": "tidak berhak"})
    assert response.status_code == 403
    badge.refresh_from_db()
    assert badge.status == Badge.Status.ACTIVE
