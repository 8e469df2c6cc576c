import csv
import io
import json

import feedparser
import pytest
from django.test import Client

from tangkal.hoaxes import services
from tangkal.hoaxes.models import Clarification
from tangkal.hoaxes.tests.conftest import HOAX_TEXT, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(actors, second_verifier):
    report = services.report_submit(text=HOAX_TEXT, contact_email="rahasia@contoh.id")
    health = services.report_submit(text="Minum air rebusan daun sirsak tiga kali sehari menyembuhkan kanker "
                                         "stadium akhir tanpa kemoterapi, kata dokter di video ini.")
    first = publish(author=actors.verifier, approver=second_verifier, claim=report.claim, region=None)
    second = publish(author=actors.verifier, approver=second_verifier, claim=health.claim, verdict="SALAH",
                     headline="Daun sirsak tidak menyembuhkan kanker", summary="Belum ada uji klinis.",
                     topic="kesehatan", region=__import__("tangkal.accounts.models", fromlist=["Region"]).Region.objects.get(code="32"))
    return first, second


def test_the_list_searches_and_filters(published):
    first, second = published
    client = Client()
    assert first.headline in client.get("/klarifikasi/").content.decode()
    body = client.get("/klarifikasi/", {"q": "sirsak"}).content.decode()
    assert second.headline in body and first.headline not in body
    body = client.get("/klarifikasi/", {"verdict": "HOAKS"}).content.decode()
    assert first.headline in body and second.headline not in body
    body = client.get("/klarifikasi/", {"topic": "kesehatan", "region": "32"}).content.decode()
    assert second.headline in body and first.headline not in body
    assert client.get("/klarifikasi/", {"date_from": "tanggal-salah", "page": "x"}).status_code == 200


def test_drafts_are_not_public(actors, hoax_report):
    from tangkal.hoaxes import publishing

    draft = publishing.clarification_create(by=actors.verifier, claim=hoax_report.claim, data={
        "verdict": "HOAKS", "headline": "Draf rahasia", "summary": "x", "topic": "lainnya"})
    assert Client().get(f"/klarifikasi/{draft.slug}/").status_code == 404
    assert "Draf rahasia" not in Client().get("/klarifikasi/").content.decode()


def test_rss_and_atom_feeds_list_published_clarifications(published):
    for url in ("/klarifikasi/rss/", "/klarifikasi/atom/"):
        feed = feedparser.parse(Client().get(url).content)
        assert not feed.bozo, url
        titles = [entry.title for entry in feed.entries]
        assert "[SALAH] Daun sirsak tidak menyembuhkan kanker" in titles


def test_open_data_has_every_published_clarification_and_no_personal_data(published, actors):
    jsonl = b"".join(Client().get("/klarifikasi/data/klarifikasi.jsonl").streaming_content).decode()
    rows = [json.loads(line) for line in jsonl.splitlines()]
    assert len(rows) == 2 and {r["verdict"] for r in rows} == {"HOAKS", "SALAH"}
    assert {r["rating"] for r in rows} == {1}
    raw_csv = b"".join(Client().get("/klarifikasi/data/klarifikasi.csv").streaming_content).decode()
    table = list(csv.DictReader(io.StringIO(raw_csv)))
    assert len(table) == 2 and table[0]["slug"]
    for text in (jsonl, raw_csv):
        assert "rahasia@contoh.id" not in text and actors.verifier.email not in text
        assert "Verifikator" not in text
    assert "Skema" in Client().get("/klarifikasi/data/").content.decode()


def test_csv_cells_that_look_like_formulas_are_defused(actors, second_verifier, hoax_report):
    publish(author=actors.verifier, approver=second_verifier, claim=hoax_report.claim, headline="=HYPERLINK(\"x\")")
    raw_csv = b"".join(Client().get("/klarifikasi/data/klarifikasi.csv").streaming_content).decode()
    assert list(csv.DictReader(io.StringIO(raw_csv)))[0]["headline"].startswith("'=")


def test_the_tracking_page_shows_the_outcome(actors, second_verifier):
    report = services.report_submit(text=HOAX_TEXT)
    page = Client().get(f"/lapor/status/{report.tracking_code}/").content.decode()
    assert "Diterima" in page
    clar = publish(author=actors.verifier, approver=second_verifier, claim=report.claim)
    page = Client().get(f"/lapor/status/{report.tracking_code}/").content.decode()
    assert "Sudah diperiksa" in page and clar.get_absolute_url() in page


def test_the_public_page_answers_conditional_requests(published):
    clar = published[0]
    client = Client()
    first = client.get(clar.get_absolute_url())
    assert first.status_code == 200 and first["Last-Modified"]
    again = client.get(clar.get_absolute_url(), headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 304


def test_withdrawn_clarifications_leave_the_feeds(published, actors):
    from tangkal.hoaxes import publishing

    publishing.clarification_withdraw(clarification=published[1], by=actors.admin, reason="Keliru")
    assert "sirsak" not in Client().get("/klarifikasi/rss/").content.decode()
    assert Clarification.objects.filter(status="published").count() == 1


def test_the_cached_page_gives_each_visitor_their_own_csrf_token_and_forgets_on_correction(published, actors):
    from tangkal.hoaxes import publishing

    clar = published[0]
    first, second = Client(), Client()
    page_one = first.get(clar.get_absolute_url())
    page_two = second.get(clar.get_absolute_url())  # served from the cache
    token_one = page_one.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    token_two = page_two.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert token_one != token_two and "__hoax_csrf_token__" not in page_two.content.decode()
    assert second.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token_two}).status_code == 302
    publishing.clarification_update(clarification=clar, by=actors.verifier, data={"summary": "Ringkasan baru."},
                                    correction_note="Ringkasan diperbarui.")
    assert "Ringkasan diperbarui." in Client().get(clar.get_absolute_url()).content.decode()


def test_pages_speak_english_when_asked(actors):
    client = Client()
    client.cookies["django_language"] = "en"
    assert "Report a suspicious message" in client.get("/lapor/").content.decode()
