import json
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tangkal.hoaxes import publishing, services, signals
from tangkal.hoaxes.models import Claim, Clarification, Correction, Notification
from tangkal.hoaxes.tests.conftest import HOAX_TEXT, publish

pytestmark = pytest.mark.django_db

DATA = {"verdict": "HOAKS", "headline": "Tidak ada biaya Rp 5.000 per pesan WhatsApp",
        "summary": "Pemerintah tidak memungut biaya pesan WhatsApp.", "topic": "pemerintahan"}


class Received:
    def __init__(self, signal):
        self.calls = []
        signal.connect(self, weak=False)
        self.signal = signal

    def __call__(self, sender, **kwargs):
        self.calls.append(kwargs)

    def close(self):
        self.signal.disconnect(self)


def test_the_author_cannot_approve_their_own_clarification(actors, hoax_report):
    clar = publishing.clarification_create(by=actors.verifier, claim=hoax_report.claim, data=DATA)
    publishing.clarification_submit(clarification=clar, by=actors.verifier)
    with pytest.raises(PermissionDenied):
        publishing.clarification_approve(clarification=clar, by=actors.verifier)
    response = __import__("conftest").login(Client(), actors.verifier).post(
        f"/meja-hoaks/klarifikasi/{clar.public_id}/setujui/")
    assert response.status_code == 403
    assert Clarification.objects.get(pk=clar.pk).status == Clarification.Status.IN_REVIEW


def test_a_second_verifier_approves_which_publishes_and_answers_the_reporters(actors, second_verifier):
    services.report_submit(text=HOAX_TEXT, contact_email="warga@contoh.id")
    report = services.report_submit(text=HOAX_TEXT + " sebarkan", contact_email="ibu@contoh.id")
    published = Received(signals.clarification_published)
    try:
        clar = publish(author=actors.verifier, approver=second_verifier, claim=report.claim)
    finally:
        published.close()
    assert clar.status == Clarification.Status.PUBLISHED and clar.published_at and clar.approved_by == second_verifier
    assert [c["clarification"].pk for c in published.calls] == [clar.pk]
    claim = Claim.objects.get(pk=report.claim_id)
    assert claim.status == Claim.Status.ANSWERED and claim.answered_at
    assert Notification.objects.filter(kind="published").count() == 2
    assert clar.revisions.count() == 2  # the draft and the approved version


def test_an_editor_who_changed_it_last_cannot_approve_either(actors, second_verifier, hoax_report):
    clar = publishing.clarification_create(by=actors.verifier, claim=hoax_report.claim, data=DATA)
    publishing.clarification_update(clarification=clar, by=second_verifier, data={**DATA, "summary": "Diperbaiki."})
    publishing.clarification_submit(clarification=clar, by=actors.verifier)
    with pytest.raises(PermissionDenied):
        publishing.clarification_approve(clarification=clar, by=second_verifier)
    publishing.clarification_approve(clarification=clar, by=actors.admin)


def test_a_correction_after_publication_needs_a_note_and_shows_dated_on_the_public_page(
        actors, second_verifier, django_capture_on_commit_callbacks):
    report = services.report_submit(text=HOAX_TEXT, contact_email="warga@contoh.id")
    influencer_report = services.report_submit(text=HOAX_TEXT, reporter=actors.influencer, channel="dashboard")
    assert influencer_report.claim_id == report.claim_id
    with django_capture_on_commit_callbacks(execute=True):
        clar = publish(author=actors.verifier, approver=second_verifier, claim=report.claim)
    assert len(mail.outbox) == 2
    assert {m.to[0] for m in mail.outbox} == {"warga@contoh.id", actors.influencer.email}
    with pytest.raises(ValidationError):
        publishing.clarification_update(clarification=clar, by=actors.verifier, data={"summary": "Berubah"})
    corrected = Received(signals.clarification_corrected)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            clar = publishing.clarification_update(
                clarification=clar, by=actors.verifier, data={"summary": "Biaya itu tidak pernah ada."},
                correction_note="Penjelasan singkat diperjelas.")
    finally:
        corrected.close()
    assert clar.version == 2 and Correction.objects.filter(clarification=clar).count() == 1
    assert corrected.calls and corrected.calls[0]["correction"].note == "Penjelasan singkat diperjelas."
    assert len(mail.outbox) == 4 and "Koreksi" in mail.outbox[-1].subject
    page = Client().get(clar.get_absolute_url()).content.decode()
    assert "Penjelasan singkat diperjelas." in page and "Koreksi" in page
    assert clar.revisions.count() == 3


def test_withdrawal_hides_the_clarification_and_reopens_the_claim(actors, second_verifier, hoax_report):
    clar = publish(author=actors.verifier, approver=second_verifier, claim=hoax_report.claim)
    withdrawn = Received(signals.clarification_withdrawn)
    try:
        publishing.clarification_withdraw(clarification=clar, by=actors.admin, reason="Salah klaim")
    finally:
        withdrawn.close()
    assert withdrawn.calls
    assert Client().get(clar.get_absolute_url()).status_code == 410
    assert Claim.objects.get(pk=hoax_report.claim_id).status == Claim.Status.IN_PROGRESS
    assert clar.slug not in Client().get("/klarifikasi/").content.decode()


def test_the_editor_rejects_bad_input_without_saving(actors, client_for, hoax_report):
    client = client_for("verifier")
    url = f"/meja-hoaks/klaim/{hoax_report.claim.public_id}/klarifikasi/"
    response = client.post(url, {"verdict": "PALSU", "headline": "", "summary": "", "topic": "kesehatan",
                                 "references": "bukan tautan"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "references" in body and "bukan tautan http(s)" in body
    assert not Clarification.objects.exists()


def test_the_editor_flow_through_the_pages(actors, client_for, second_verifier, hoax_report):
    from conftest import login

    author = client_for("verifier")
    response = author.post(f"/meja-hoaks/klaim/{hoax_report.claim.public_id}/klarifikasi/", {
        **DATA, "counter_headline": "WhatsApp tetap gratis", "counter_body": "Pesan berantai itu hoaks.",
        "references": "Siaran pers | https://komdigi.go.id/berita/1"})
    assert response.status_code == 302
    clar = Clarification.objects.get()
    page = author.get(clar.get_staff_url()).content.decode()
    assert "Judul di bawah 20 kata (sekarang 3)" in page and "clarification_actions" not in page
    author.post(f"/meja-hoaks/klarifikasi/{clar.public_id}/ajukan/")
    reviewer = login(Client(), second_verifier)
    assert reviewer.post(f"/meja-hoaks/klarifikasi/{clar.public_id}/setujui/").status_code == 302
    assert Clarification.objects.get().status == Clarification.Status.PUBLISHED


def test_the_public_page_carries_claim_review_and_open_graph(actors, second_verifier, hoax_report):
    clar = publish(author=actors.verifier, approver=second_verifier, claim=hoax_report.claim,
                   verdict="MENYESATKAN", claim_reviewed="WhatsApp berbayar Rp 5.000 per pesan")
    body = Client().get(clar.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert data["@type"] == "ClaimReview" and data["url"].endswith(clar.get_absolute_url())
    assert data["reviewRating"] == {"@type": "Rating", "ratingValue": 2, "bestRating": 5, "worstRating": 1,
                                    "alternateName": "MENYESATKAN"}
    assert data["itemReviewed"]["@type"] == "Claim" and data["claimReviewed"].startswith("WhatsApp berbayar")
    assert data["author"]["@type"] == "Organization" and data["datePublished"] == clar.published_at.date().isoformat()
    assert 'property="og:title"' in body and 'property="og:url"' in body


def test_script_in_a_clarification_is_never_rendered(actors, second_verifier, hoax_report):
    evil = "</script><script>alert(1)</script>"
    clar = publish(author=actors.verifier, approver=second_verifier, claim=hoax_report.claim,
                   headline=f"Judul {evil}", summary=f"Ringkas {evil}",
                   body=f"Isi [klik](javascript:alert(1)) <img src=x onerror=alert(1)> {evil}",
                   counter_headline=evil, counter_body=evil)
    for url in [clar.get_absolute_url(), "/klarifikasi/", "/klarifikasi/rss/", "/klarifikasi/atom/"]:
        body = Client().get(url).content.decode()
        assert "<script>alert(1)" not in body, url
        assert "onerror=alert" not in body.replace("onerror=alert(1)&gt;", ""), url
        assert 'href="javascript:' not in body, url
    page = Client().get(clar.get_absolute_url()).content.decode()
    jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(jsonld)["headline"] == f"Judul {evil}"  # escaped inside, intact once parsed
