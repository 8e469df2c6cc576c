"""A citizen reports a hoax on their phone; one verifier triages it and writes the clarification, a
second verifier approves it (two-person rule), and the citizen's tracking page shows the answer —
three people, three phones, one real browser."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RUMOUR = ("Air kelapa dicampur garam dan jeruk nipis menyembuhkan demam berdarah dalam satu malam, "
          "kata dokter RSUD. Sebarkan!")
HEADLINE = "Air kelapa campur garam tidak menyembuhkan demam berdarah"
SUMMARY = "Tidak ada bukti air kelapa bergaram menyembuhkan DBD; pasien tetap perlu cairan cukup dan periksa ke dokter."


@pytest.fixture
def second_verifier(actors):
    from tangkal.accounts.models import Role

    return make_user("verifikator2@komdigi.go.id", Role.VERIFIER, full_name="Sari Verifikator Kedua")


@pytest.fixture(autouse=True)
def _matching_in_memory(settings):
    """Claim matching runs on every report and publication; keep its index in memory, never in var/."""
    from tangkal.matching.live import reset_live_service

    settings.MATCHING_SYNC_SECONDS = 0
    settings.MATCHING_SNAPSHOT_DIR = ""
    reset_live_service()
    yield
    reset_live_service()


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def sign_in_to_the_desk(page, live_server, user) -> None:
    """Email and password, then the 6-digit code from the verifier's authenticator app."""
    device = TOTPDevice.objects.create(user=user, name="Ponsel kantor", confirmed=True)
    page.goto(f"{live_server.url}/meja-hoaks/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk ke Tangkal")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verifikasi dua langkah")
    page.get_by_label("Kode 6 angka dari aplikasi autentikator").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meja hoaks")


def test_a_citizens_report_becomes_a_clarification_approved_by_a_second_verifier(
        phones, live_server, actors, second_verifier):
    # A citizen pastes the rumour into the public form and keeps the tracking code.
    citizen = phones()
    citizen.goto(f"{live_server.url}/lapor/")
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Laporkan pesan yang mencurigakan")
    citizen.get_by_label("Isi pesan yang mencurigakan").fill(RUMOUR)
    citizen.get_by_label("Dilihat di mana?").select_option(label="WhatsApp")
    citizen.get_by_role("button", name="Kirim laporan").click()
    thanks = citizen.get_by_role("status")
    expect(thanks.get_by_role("heading", level=1)).to_have_text("Laporan terkirim. Terima kasih!")
    code = citizen.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}", code), code
    expect(citizen.get_by_test_id("outcome").get_by_role("heading")).to_have_text("Diterima")
    assert citizen.url.endswith(f"/lapor/status/{code}/")
    assert fits_the_phone(citizen)

    # The first verifier signs in with their authenticator and finds the claim in the triage queue.
    author = phones()
    sign_in_to_the_desk(author, live_server, actors.verifier)
    author.get_by_label("Cari judul").fill("air kelapa")
    author.get_by_label("Cari judul").press("Enter")
    expect(author).to_have_url(re.compile(r"q=air\+kelapa"))
    queue = author.get_by_test_id("queue")
    expect(queue.get_by_role("listitem")).to_have_count(1)
    expect(queue).to_contain_text("Baru")
    expect(queue).to_contain_text("1 laporan")
    assert fits_the_phone(author)
    queue.get_by_role("link", name=re.compile("^Air kelapa dicampur garam")).click()

    # Triage: give the claim a topic and take it on.
    expect(author.get_by_role("heading", level=1)).to_contain_text("Air kelapa dicampur garam")
    expect(author.locator(".report-text")).to_contain_text("jeruk nipis")
    author.get_by_label("Topik").select_option(label="Kesehatan")
    author.get_by_label("Verifikator").select_option(label=str(actors.verifier))
    author.get_by_role("button", name="Simpan triase").click()
    expect(author.get_by_role("status")).to_contain_text("Klaim diperbarui.")
    assert fits_the_phone(author)

    # The clarification, with the counter-message checked live as it is typed.
    author.get_by_role("link", name="Tulis klarifikasi").click()
    expect(author.get_by_role("heading", level=1)).to_have_text("Klarifikasi baru")
    author.get_by_label("Vonis").select_option("HOAKS")
    author.get_by_label(re.compile(r"^Judul\W*$")).fill(HEADLINE)  # not "Judul pesan tandingan"
    expect(author.get_by_label("Klaim yang diperiksa")).to_have_value(re.compile("^Air kelapa dicampur garam"))
    author.get_by_label("Penjelasan singkat").fill(SUMMARY)
    author.get_by_label("Penjelasan lengkap").fill(
        "Kementerian Kesehatan menjelaskan bahwa **tidak ada ramuan** yang menyembuhkan DBD dalam semalam.")
    author.get_by_label("Rujukan").fill("Kementerian Kesehatan | https://www.kemkes.go.id/")
    expect(author.get_by_label("Topik")).to_have_value("kesehatan")  # carried over from the triage
    headline_check = author.locator("#counter-checks [data-check='counter_headline']")
    expect(headline_check).not_to_have_class(re.compile(r"\bok\b"))
    author.get_by_label("Judul pesan tandingan").fill("Air kelapa bukan obat DBD")
    expect(headline_check).to_have_class(re.compile(r"\bok\b"))
    expect(headline_check).to_contain_text("(5)")
    author.get_by_label("Isi pesan tandingan").fill("Demam berdarah perlu cairan cukup dan periksa ke dokter.")
    author.get_by_role("button", name="Simpan").click()

    expect(author.get_by_role("status")).to_contain_text("Draf klarifikasi dibuat.")
    expect(author.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(author.get_by_test_id("status")).to_have_text("Draf")
    author.get_by_role("button", name="Ajukan untuk persetujuan").click()
    expect(author.get_by_role("status")).to_contain_text("Verifikator lain perlu menyetujui sebelum terbit.")
    expect(author.get_by_test_id("status")).to_have_text("Menunggu persetujuan")
    # Two-person rule: the author is told to wait and is offered no way to publish.
    expect(author.get_by_text("Menunggu verifikator lain")).to_be_visible()
    expect(author.get_by_role("button", name="Setujui dan terbitkan")).to_have_count(0)
    assert fits_the_phone(author)

    # A second verifier sees the waiting clarification from the desk and approves it, which publishes it.
    approver = phones()
    sign_in_to_the_desk(approver, live_server, second_verifier)
    approver.get_by_role("link", name="1 klarifikasi menunggu persetujuan").click()
    expect(approver.get_by_label("Status")).to_have_value("in_review")
    approver.get_by_role("link", name=HEADLINE).click()
    expect(approver.get_by_test_id("status")).to_have_text("Menunggu persetujuan")
    approver.get_by_role("button", name="Setujui dan terbitkan").click()
    expect(approver.get_by_role("status")).to_contain_text("Disetujui dan terbit.")
    expect(approver.get_by_test_id("status")).to_have_text("Terbit")
    expect(approver.get_by_text(f"disetujui: {second_verifier}")).to_be_visible()
    assert fits_the_phone(approver)

    # Anyone can read the clarification on its public page.
    approver.get_by_role("link", name="Halaman publik").click()
    expect(approver.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(approver.locator(".verdict")).to_have_text("HOAKS")
    expect(approver.get_by_role("heading", name="Pesan singkat untuk dibagikan")).to_be_visible()
    assert fits_the_phone(approver)

    # The citizen comes back to the tracking page and finds the answer.
    citizen.reload()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Status laporan")
    outcome = citizen.get_by_test_id("outcome")
    expect(outcome.get_by_role("heading")).to_have_text("Sudah diperiksa")
    expect(outcome).to_contain_text(SUMMARY)
    outcome.get_by_role("link", name=HEADLINE).click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    assert fits_the_phone(citizen)

    for page in (citizen, author, approver):
        assert page.console_errors == [], page.console_errors
