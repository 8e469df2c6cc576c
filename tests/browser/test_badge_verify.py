"""Anyone checks on a phone whether an account belongs to a government influencer, and sees a
revocation as soon as it happens — in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def badge(actors, settings, tmp_path, live_server):
    from django.core.cache import cache

    from tangkal.badges.testing import issue_badge

    settings.BADGE_ISSUER_KEY = None
    settings.BADGE_ISSUER_KEY_FILE = tmp_path / "badge_keys" / "keyring.json"
    settings.SITE_URL = live_server.url
    cache.clear()
    return issue_badge(actors.influencer, accounts=(("instagram", "Dinkes_Teladan", 4200),))


def test_an_account_search_leads_to_the_live_badge_page(phone, live_server, badge, actors):
    page = phone
    page.goto(f"{live_server.url}/lencana/cari/")
    page.get_by_label("Nama akun media sosial").fill("@DINKES_teladan")
    page.get_by_label("Nama akun media sosial").press("Enter")  # the keyboard submits the search
    result = page.locator(".result")
    expect(result).to_contain_text("@dinkes_teladan")
    result.get_by_role("link", name="Lihat halaman lencana").click()
    page.wait_for_url(re.compile(rf"/v/{badge.public_id}$"))
    expect(page.locator("main")).to_contain_text("AKTIF")
    assert page.locator("img[src^='data:image/svg+xml']").count() >= 1  # the QR code to share the page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    from tangkal.badges import services

    services.badge_revoke(badge=badge, by=actors.admin, reason="Terbukti melanggar netralitas")
    page.reload()
    expect(page.locator("main")).to_contain_text("DICABUT")
    expect(page.locator("main")).not_to_contain_text("AKTIF")
    assert page.console_errors == [], page.console_errors
