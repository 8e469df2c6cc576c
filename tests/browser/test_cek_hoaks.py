"""A citizen on a phone checks forwarded messages on Cek Hoaks, reads the clarification it matches,
and reports a message that has none yet — in a real browser, htmx included."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Tidak ada pemadaman listrik total se-Jawa-Bali selama tiga hari"
MESSAGE = ("PENTING!! Mulai Senin depan listrik se-Jawa dan Bali dipadamkan total selama 3 hari karena "
           "perbaikan pembangkit. Siapkan lilin dan air bersih, sebarkan ke keluarga!")
UNKNOWN = "Katanya jembatan gantung di Desa Sukarame runtuh tadi pagi, semua warga diminta mengungsi."


@pytest.fixture
def published(actors, settings):
    from tangkal.accounts.models import Role
    from tangkal.hoaxes import publishing
    from tangkal.matching.live import reset_live_service

    settings.MATCHING_SYNC_SECONDS = 0
    settings.MATCHING_SNAPSHOT_DIR = ""
    reset_live_service()
    second = make_user("verifikator2@komdigi.go.id", Role.VERIFIER)
    clar = publishing.clarification_create(by=actors.verifier, data={
        "verdict": "HOAKS", "topic": "lainnya", "headline": HEADLINE,
        "claim_reviewed": "Listrik se-Jawa dan Bali dipadamkan total selama tiga hari mulai Senin karena perbaikan "
                          "pembangkit.",
        "summary": "Perusahaan listrik tidak menjadwalkan pemadaman total; pemeliharaan dilakukan bergilir per gardu.",
    })
    publishing.clarification_submit(clarification=clar, by=actors.verifier)
    yield publishing.clarification_approve(clarification=clar, by=second)
    reset_live_service()


def test_a_forwarded_message_finds_its_clarification(phone, live_server, published):
    page = phone
    page.goto(f"{live_server.url}/cek-hoaks/")
    page.get_by_label("Pesan yang ingin dicek").fill(MESSAGE)
    page.get_by_role("button", name="Cek sekarang").click()
    result = page.get_by_role("status")
    expect(result).to_contain_text("Cocok")
    assert page.url.endswith("/cek-hoaks/")  # answered in place by htmx, no page load
    result.get_by_role("link", name=HEADLINE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.console_errors == [], page.console_errors


def test_a_message_without_clarification_is_reported_in_one_tap(phone, live_server, published):
    page = phone
    page.goto(f"{live_server.url}/cek-hoaks/")
    page.get_by_label("Pesan yang ingin dicek").fill(UNKNOWN)
    page.get_by_role("button", name="Cek sekarang").click()
    expect(page.get_by_role("status")).to_contain_text("Belum ada klarifikasi")
    page.get_by_role("button", name="Laporkan pesan ini").click()
    page.wait_for_url(re.compile(r"/lapor/"))
    from tangkal.hoaxes.models import Report

    report = Report.objects.get()
    assert "jembatan gantung" in report.text
    assert page.console_errors == [], page.console_errors
