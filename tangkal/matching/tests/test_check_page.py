"""Cek Hoaks page: phone first, works without JavaScript, htmx-enhanced, stores nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tangkal.hoaxes.models import Report
from tangkal.matching.tests.conftest import (
    BERAS,
    KELAPA,
    KELAPA_MESSAGE,
    LISTRIK,
    LISTRIK_MESSAGE,
    UNRELATED_MESSAGE,
)

pytestmark = pytest.mark.django_db
URL = "/cek-hoaks/"


def test_the_page_is_at_its_indonesian_address():
    assert reverse("matching:check") == URL


def test_anyone_can_open_the_form():
    response = Client().get(URL)
    assert response.status_code == 200
    assert b'name="text"' in response.content and b'name="url"' in response.content


def test_a_known_hoax_shows_its_verdict_headline_and_link(desk):
    clar = desk.publish(**LISTRIK)
    desk.publish(**KELAPA)
    response = Client().post(URL, {"text": LISTRIK_MESSAGE})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Cocok" in page and "HOAKS" in page and clar.headline in page and clar.get_absolute_url() in page
    assert 'action="/lapor/"' not in page  # nothing to report: it is answered


def test_an_unknown_message_says_so_and_offers_a_one_tap_report(desk):
    desk.publish(**LISTRIK)
    desk.publish(**KELAPA)
    desk.publish(**BERAS)
    response = Client().post(URL, {"text": UNRELATED_MESSAGE, "url": "https://contoh.id/resep"})
    page = response.content.decode()
    assert "Belum ada klarifikasi" in page
    assert 'action="/lapor/"' in page and 'name="platform" value="lainnya"' in page
    assert 'value="https://contoh.id/resep"' in page and "rendang padang" in page


def test_the_one_tap_report_files_the_message(desk):
    response = Client().post("/lapor/", {"text": UNRELATED_MESSAGE, "url": "", "platform": "lainnya", "reach": "0"})
    assert response.status_code == 302 and Report.objects.get().text == UNRELATED_MESSAGE


def test_a_possible_match_asks_the_visitor_to_compare(desk):
    desk.publish(**LISTRIK)
    desk.publish(**KELAPA)
    page = Client().post(URL, {"text": "benarkah listrik akan padam?"}).content.decode()
    assert "Mungkin terkait — periksa sendiri" in page and 'action="/lapor/"' in page


def test_htmx_gets_the_fragment_only(desk):
    desk.publish(**KELAPA)
    response = Client().post(URL, {"text": KELAPA_MESSAGE}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and b"<html" not in response.content and b'id="cek"' in response.content


def test_checking_stores_nothing(desk, django_assert_max_num_queries):
    desk.publish(**KELAPA)
    Client().post(URL, {"text": "pemanasan"})
    before = Report.objects.count()
    with django_assert_max_num_queries(6) as queries:
        Client().post(URL, {"text": KELAPA_MESSAGE})
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == [] and Report.objects.count() == before


@pytest.mark.parametrize(("data", "status", "message"), [
    ({"text": ""}, 400, "Tempel isi pesan atau tautan"),
    ({"text": "   \n\t"}, 400, "Tempel isi pesan atau tautan"),
    ({"text": "", "url": "bukan tautan"}, 400, "Tautan tidak valid"),
    ({"text": "x" * 20001}, 400, "Pesan terlalu panjang"),
])
def test_unusable_input_gets_a_clear_message(data, status, message):
    response = Client().post(URL, data)
    assert response.status_code == status and message in response.content.decode()


def test_one_megabyte_is_refused_before_it_is_read():
    response = Client().post(URL, {"text": "kata " * 200_000})
    assert response.status_code == 413 and "terlalu besar" in response.content.decode()


@pytest.mark.parametrize("text", [
    "😀🔥🙏👇" * 50,
    "https://bit.ly/abc123",
    "\x00\x01\x02\ufffd binary \x7f",
    "The government will charge every WhatsApp user for each message they send from next week.",
    "这是一个完全不同语言的句子。" * 20,
    "ا" * 500,
])
def test_odd_input_gets_an_answer_never_an_error(desk, text):
    desk.publish(**KELAPA)
    response = Client().post(URL, {"text": text})
    assert response.status_code == 200
    assert "Cocok" not in response.content.decode().split('class="decision')[1][:40]


def test_the_page_explains_odd_input(desk):
    desk.publish(**KELAPA)
    assert "hanya emoji" in Client().post(URL, {"text": "😀🔥🙏"}).content.decode()
    assert "isinya tidak kami buka" in Client().post(URL, {"text": "", "url": "https://bit.ly/x1"}).content.decode()
    english = "The vaccine will change your DNA and the government is hiding it from you."
    assert "bukan berbahasa Indonesia" in Client().post(URL, {"text": english}).content.decode()


def test_the_page_is_rate_limited(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "check": "2/m"}
    client = Client()
    statuses = [client.post(URL, {"text": "listrik padam"}).status_code for _ in range(3)]
    assert statuses[:2] == [200, 200] and statuses[2] == 429


def test_the_home_page_and_dashboard_link_to_it(client_for):
    from tangkal.core.dashboard import cards_for, public_links

    assert any(link["url"] == URL for link in public_links())
    from tangkal.accounts.models import User

    for email in ("verifikator@komdigi.go.id", "asn@a.go.id"):
        assert any(card["url"] == URL for card in cards_for(User.objects.get(email=email)))


def test_the_page_speaks_english_when_asked(desk):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": URL})
    page = client.post(URL, {"text": UNRELATED_MESSAGE}).content.decode()
    assert "No clarification yet" in page and "Report this message" in page
