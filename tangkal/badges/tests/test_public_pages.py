"""The public badge page, its images and JSON, the short link, search, did.json and status lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from tangkal.badges import services
from tangkal.badges.images import unbake_png, unbake_svg
from tangkal.badges.testing import issue_badge

pytestmark = pytest.mark.django_db


@pytest.fixture
def badge(actors):
    return issue_badge(actors.influencer, accounts=(("instagram", "Dinkes_Teladan", 4200),))


def page(badge, client=None) -> str:
    response = (client or Client()).get(f"/v/{badge.public_id}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_holder_agency_status_and_validity(badge):
    html = page(badge)
    assert "AKTIF" in html and "Asn" in html and "Instansi Uji A" in html
    assert "@dinkes_teladan" in html  # consent given
    assert "data:image/svg+xml" in html  # QR code
    assert "laporkan" in html.lower()


def test_accounts_are_hidden_without_consent(actors, badge, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.badge_set_consent(badge=badge, by=actors.influencer, show_accounts_publicly=False)
    html = page(badge)
    assert "@dinkes_teladan" not in html
    assert "memilih untuk tidak menampilkan" in html
    assert "dinkes_teladan" not in str(badge.credential)  # the credential never names the accounts


def test_a_revocation_shows_on_the_page_at_once(actors, badge, django_capture_on_commit_callbacks):
    assert "AKTIF" in page(badge)  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        services.badge_revoke(badge=badge, by=actors.admin, reason="Terbukti melanggar netralitas")
    html = page(badge)
    assert "DICABUT" in html and "AKTIF" not in html


def test_suspended_and_expired_badges_say_so(actors, badge, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.badge_suspend(badge=badge, by=actors.admin, reason="Dalam pemeriksaan")
    assert "DITANGGUHKAN" in page(badge)
    badge.refresh_from_db()
    badge.status = "active"
    badge.valid_until = badge.valid_from
    badge.save()
    from tangkal.badges.cache import forget_badge

    forget_badge(badge.public_id)
    assert "KEDALUWARSA" in page(badge)


def test_the_page_is_cacheable_for_anonymous_visitors_only(badge, client_for):
    response = Client().get(f"/v/{badge.public_id}")
    assert "public" in response["Cache-Control"] and "max-age=30" in response["Cache-Control"]
    response = client_for("influencer").get(f"/v/{badge.public_id}")
    assert "private" in response["Cache-Control"]


def test_the_credential_url_answers_json_clients(badge):
    response = Client().get(f"/v/{badge.public_id}", headers={"Accept": "application/vc+ld+json"})
    assert response["Content-Type"] == "application/vc+ld+json"
    assert response.json()["id"] == f"http://testserver/v/{badge.public_id}"
    response = Client().get(f"/v/{badge.public_id}/kredensial.json")
    assert response.json() == badge.credential
    assert response["Access-Control-Allow-Origin"] == "*"


def test_pending_badges_are_not_public(actors):
    from tangkal.badges.models import Badge

    pending = Badge.objects.create(holder=actors.influencer, agency=actors.agency_a)
    assert Client().get(f"/v/{pending.public_id}").status_code == 404


def test_images_are_baked_with_the_credential(badge):
    png = Client().get(f"/v/{badge.public_id}/lencana.png")
    assert png["Content-Type"] == "image/png"
    assert unbake_png(png.content) == badge.credential
    svg = Client().get(f"/v/{badge.public_id}/lencana.svg")
    assert unbake_svg(svg.content.decode()) == badge.credential
    assert "<script" not in svg.content.decode()


def test_the_short_link_leads_to_the_badge(badge):
    response = Client().get(f"/b/{badge.short_code}")
    assert response.status_code == 302 and response["Location"] == f"/v/{badge.public_id}"
    assert Client().get("/b/tidakada").status_code == 404


def test_search_by_handle_finds_consenting_holders(badge, actors, django_capture_on_commit_callbacks):
    html = Client().get("/lencana/cari/", {"q": "@DINKES_teladan"}).content.decode()
    assert "AKTIF" in html and f"/v/{badge.public_id}" in html
    with django_capture_on_commit_callbacks(execute=True):
        services.badge_set_consent(badge=badge, by=actors.influencer, show_accounts_publicly=False)
    html = Client().get("/lencana/cari/", {"q": "dinkes_teladan"}).content.decode()
    assert f"/v/{badge.public_id}" not in html and "Tidak ada pemegang lencana" in html
    assert "minimal 2 karakter" in Client().get("/lencana/cari/", {"q": "@"}).content.decode()


def test_did_json_lists_the_issuer_keys():
    response = Client().get("/.well-known/did.json")
    document = response.json()
    assert document["id"] == "did:web:testserver"
    assert document["assertionMethod"] == [method["id"] for method in document["verificationMethod"]]
    assert response["Content-Type"] == "application/did+json"


def test_status_lists_are_served_with_a_short_cache(badge):
    response = Client().get("/lencana/status/revocation/1")
    assert response["Content-Type"] == "application/vc+ld+json"
    assert "max-age=30" in response["Cache-Control"]
    assert response.json()["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert Client().get("/lencana/status/revocation/9").status_code == 404
    assert Client().get("/lencana/status/lainnya/1").status_code == 404


def test_templates_have_no_inline_script_or_style():
    for folder in ("badges", "complaints"):
        root = Path(__file__).resolve().parents[2] / folder / "templates"
        for template in root.rglob("*.html"):
            text = template.read_text()
            assert not re.search(r"<script(?![^>]*\bsrc=)", text), template
            assert "style=" not in text and "<style" not in text, template


def test_the_page_speaks_english_on_request(badge):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = page(badge, client)
    assert "ACTIVE" in html and "Verified social media accounts" in html
