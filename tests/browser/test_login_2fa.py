from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_signs_in_sets_up_totp_and_sees_the_dashboard_on_a_phone(phone, live_server, actors):
    page = phone
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Email").fill(actors.verifier.email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    page.wait_for_url(re.compile(r"/akun/2fa/pasang/"))
    assert page.get_by_role("heading", name="Pasang verifikasi dua langkah").is_visible()
    device = TOTPDevice.objects.get(user=actors.verifier, confirmed=False)
    page.get_by_label("Kode 6 angka dari aplikasi autentikator").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Aktifkan").click()

    page.wait_for_url(re.compile(r"/dasbor/"))
    assert page.get_by_role("heading", name=re.compile("Halo")).is_visible()
    assert page.get_by_test_id("role").inner_text().startswith("Verifikator")
    # Mobile-first: nothing overflows the 390 px viewport.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.console_errors == [], page.console_errors


def test_public_home_switches_language_with_the_keyboard(phone, live_server):
    page = phone
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tangkal hoaks bersama Influencer Pemerintah"
    page.get_by_role("button", name="English").focus()
    with page.expect_navigation():  # the form posts, then the redirect brings the page back in English
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fight hoaxes with Government Influencers")
    assert page.console_errors == [], page.console_errors
