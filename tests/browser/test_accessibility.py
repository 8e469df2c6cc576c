"""axe-core audits, on a phone, of the pages a citizen, an ASN and staff use most: any WCAG 2.0/2.1 A or AA
violation that axe rates "serious" or "critical" fails the test, named by rule and element.

axe-core comes bundled in the axe-playwright-python package (a dev dependency) and is injected into the page
by the test only; the product never loads it."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("critical", "serious")
SURE_WHEN_INCOMPLETE = {"aria-valid-attr-value"}
HEADLINE = "Tidak ada pemadaman listrik total se-Jawa-Bali selama tiga hari"
MESSAGE = ("PENTING!! Mulai Senin depan listrik se-Jawa dan Bali dipadamkan total selama 3 hari karena "
           "perbaikan pembangkit. Siapkan lilin dan air bersih, sebarkan ke keluarga!")
UNKNOWN = "Katanya jembatan gantung di Desa Sukarame runtuh tadi pagi, semua warga diminta mengungsi."
RUMOUR = ("Waspada! Mulai besok semua pengguna WhatsApp akan dikenai biaya Rp 5.000 per pesan oleh pemerintah. "
          "Kirim pesan ini ke 10 grup agar akun Anda tetap gratis.")


class Audit:
    """Runs axe on each page it is shown and keeps the blocking findings, to fail once listing all of them."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.problems: list[str] = []

    def check(self, page, label: str) -> None:
        expect(page.locator("main")).to_be_visible()
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_A_AA},
                                              "resultTypes": ["violations", "incomplete"]}).response
        # axe files an ARIA reference to an id missing from the page under "needs review" (a script might add
        # the element later); on these server-rendered pages nothing does, so it is a broken description.
        findings = results["violations"] + [r for r in results["incomplete"] if r["id"] in SURE_WHEN_INCOMPLETE]
        for finding in findings:
            if finding["impact"] not in BLOCKING:
                continue
            nodes = finding["nodes"]
            where = "\n".join(f"    {' '.join(node['target'])}: {why(node)}" for node in nodes[:5])
            more = f"\n    … and {len(nodes) - 5} more" if len(nodes) > 5 else ""
            self.problems.append(f"{label} ({page.url}): {finding['id']} [{finding['impact']}] "
                                 f"{finding['help']}\n{where}{more}")

    def assert_clean(self) -> None:
        if self.problems:
            pytest.fail("WCAG A/AA problems found by axe:\n" + "\n".join(self.problems), pytrace=False)


def why(node: dict) -> str:
    """The first message of the check that failed, e.g. the contrast ratio it measured."""
    for check in node["any"] + node["all"] + node["none"]:
        if check.get("message"):
            return check["message"]
    return node.get("failureSummary", "")


@pytest.fixture
def audit():
    return Audit()


@pytest.fixture
def public_world(actors, settings, tmp_path, live_server):
    """A published clarification (Cek Hoaks matches it) and a live badge (the search finds it)."""
    from django.core.cache import cache

    from tangkal.accounts.models import Role
    from tangkal.badges.testing import issue_badge
    from tangkal.hoaxes import publishing
    from tangkal.matching.live import reset_live_service

    settings.MATCHING_SYNC_SECONDS = 0
    settings.MATCHING_SNAPSHOT_DIR = ""
    settings.BADGE_ISSUER_KEY = None
    settings.BADGE_ISSUER_KEY_FILE = tmp_path / "badge_keys" / "keyring.json"
    settings.SITE_URL = live_server.url
    cache.clear()
    reset_live_service()
    second = make_user("verifikator2@komdigi.go.id", Role.VERIFIER)
    clar = publishing.clarification_create(by=actors.verifier, data={
        "verdict": "HOAKS", "topic": "lainnya", "headline": HEADLINE,
        "claim_reviewed": "Listrik se-Jawa dan Bali dipadamkan total selama tiga hari mulai Senin karena perbaikan "
                          "pembangkit.",
        "summary": "Perusahaan listrik tidak menjadwalkan pemadaman total; pemeliharaan dilakukan bergilir per gardu.",
        "counter_headline": "Tidak ada pemadaman total",
        "counter_body": "Pemeliharaan listrik dilakukan bergilir per gardu, bukan padam total tiga hari.",
    })
    publishing.clarification_submit(clarification=clar, by=actors.verifier)
    clar = publishing.clarification_approve(clarification=clar, by=second)
    badge = issue_badge(actors.influencer, accounts=(("instagram", "Dinkes_Teladan", 4200),))
    yield {"clarification": clar, "badge": badge}
    reset_live_service()


PUBLIC_PAGES = {
    "beranda": lambda w: "/",
    "cek-hoaks": lambda w: "/cek-hoaks/",
    "lapor": lambda w: "/lapor/",
    "klarifikasi": lambda w: "/klarifikasi/",
    "klarifikasi-terbit": lambda w: w["clarification"].get_absolute_url(),
    "lencana-cari": lambda w: "/lencana/cari/?q=%40dinkes_teladan",
    "lencana": lambda w: f"/v/{w['badge'].public_id}",
    "masuk": lambda w: "/akun/masuk/",
    "lupa-sandi": lambda w: "/akun/lupa-sandi/",
}


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_no_serious_accessibility_violations(phone, live_server, public_world, audit, name):
    phone.goto(live_server.url + PUBLIC_PAGES[name](public_world))
    audit.check(phone, name)
    audit.assert_clean()


def test_cek_hoaks_answers_have_no_serious_accessibility_violations(phone, live_server, public_world, audit):
    page = phone
    page.goto(f"{live_server.url}/cek-hoaks/")
    page.get_by_label("Pesan yang ingin dicek").fill(MESSAGE)
    page.get_by_role("button", name="Cek sekarang").click()
    expect(page.get_by_role("status")).to_contain_text("Cocok")
    audit.check(page, "cek-hoaks: cocok")
    page.get_by_label("Pesan yang ingin dicek").fill(UNKNOWN)
    page.get_by_role("button", name="Cek sekarang").click()
    expect(page.get_by_role("status")).to_contain_text("Belum ada klarifikasi")
    audit.check(page, "cek-hoaks: belum ada klarifikasi")
    audit.assert_clean()


def test_the_english_home_page_has_no_serious_accessibility_violations(phone, live_server, audit):
    page = phone
    page.goto(live_server.url + "/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fight hoaxes with Government Influencers")
    assert page.locator("html").get_attribute("lang") == "en"
    audit.check(page, "home (English)")
    audit.assert_clean()


def test_forms_showing_errors_have_no_serious_accessibility_violations(phone, live_server, actors, audit):
    page = phone
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Email").fill(actors.influencer.email)
    page.get_by_label("Kata sandi").fill("bukan-kata-sandinya")
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator(".errors")).to_be_visible()
    audit.check(page, "masuk: kata sandi salah")

    page.goto(f"{live_server.url}/akun/lupa-sandi/")
    page.get_by_label("Email akun Tangkal").fill("bukan-email")
    page.get_by_role("button", name="Kirim tautan").click()
    field = page.get_by_label("Email akun Tangkal")
    expect(field).to_have_attribute("aria-invalid", "true")
    # Screen readers announce the help text and the error with the field, as Django's aria-describedby intends.
    expect(field).to_have_accessible_description(
        re.compile(r"biasanya email kerja\.\s+Masukkan alamat email yang valid"))
    audit.check(page, "lupa sandi: email tidak sah")
    audit.assert_clean()


def sign_in(page, live_server, user, audit: Audit) -> None:
    """Email and password; staff then set up their authenticator, or give its code if they already have."""
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    if user.needs_two_factor:
        expect(page.get_by_role("heading", level=1)).to_have_text(
            re.compile("Pasang verifikasi dua langkah|Verifikasi dua langkah"))
        audit.check(page, f"{user.email}: 2FA")
        device = TOTPDevice.objects.get(user=user)
        page.get_by_label("Kode 6 angka dari aplikasi autentikator").fill(f"{totp(device.bin_key):06d}")
        page.get_by_role("button", name=re.compile("^(Aktifkan|Verifikasi)$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Halo"))
    audit.check(page, f"{user.email}: dasbor")


@pytest.fixture
def enrolled_asn(actors):
    """The influencer's ASN profile: one verified account above the threshold, one still unproven."""
    from tangkal.influencers.tests.factories import account, asn
    from tangkal.training.loader import load_curriculum

    load_curriculum()  # a migration loads it, but a browser test empties the database when it ends
    profile = asn(actors.agency_a, user=actors.influencer)
    account(profile, "instagram", "asn_teladan", followers=820)
    account(profile, "x", "asn_teladan_x", verified=False)
    return profile


def test_an_asns_pages_have_no_serious_accessibility_violations(phone, live_server, actors, enrolled_asn, audit):
    page = phone
    sign_in(page, live_server, actors.influencer, audit)
    for path in ("/saya/", "/pelatihan/", "/saya/data/"):
        page.goto(live_server.url + path)
        audit.check(page, path)
    audit.assert_clean()


def test_staff_pages_have_no_serious_accessibility_violations(phones, live_server, actors, enrolled_asn, audit):
    from tangkal.hoaxes import services

    services.report_submit(text=RUMOUR, platform="whatsapp")
    # The verifier set up an authenticator before and is asked for its code; the coordinator sets one up now.
    TOTPDevice.objects.create(user=actors.verifier, name="Ponsel kantor", confirmed=True)
    verifier = phones()
    sign_in(verifier, live_server, actors.verifier, audit)
    verifier.goto(f"{live_server.url}/meja-hoaks/")
    expect(verifier.get_by_test_id("queue").get_by_role("listitem")).to_have_count(1)
    audit.check(verifier, "meja hoaks")

    coordinator = phones()
    sign_in(coordinator, live_server, actors.coord_a, audit)
    coordinator.goto(f"{live_server.url}/koordinator/asn/")
    expect(coordinator.get_by_role("link", name=enrolled_asn.full_name)).to_be_visible()
    audit.check(coordinator, "daftar ASN")
    audit.assert_clean()
