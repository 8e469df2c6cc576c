import httpx
import pytest
from django.test import Client

from tangkal.hoaxes import signals
from tangkal.hoaxes.ingest import feed_fetch, verdict_from_title
from tangkal.hoaxes.models import Clarification, FeedSource

pytestmark = pytest.mark.django_db

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Cek Fakta</title><link>https://cekfakta.example/</link><description>x</description>
<item><title>[SALAH] Video banjir Garut adalah rekaman 2016</title><link>https://cekfakta.example/banjir-garut</link>
<guid>https://cekfakta.example/?p=101</guid><pubDate>Mon, 02 Mar 2026 08:00:00 +0700</pubDate>
<description>&lt;p&gt;Video itu &lt;script&gt;alert(1)&lt;/script&gt;rekaman lama.&lt;/p&gt;</description></item>
<item><title>Bukan hoaks: jadwal CPNS diumumkan BKN</title><link>https://cekfakta.example/cpns</link>
<guid>https://cekfakta.example/?p=102</guid><description>Jadwal resmi.</description></item>
<item><title>Tautan berbahaya</title><link>javascript:alert(1)</link><guid>p-103</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Humas</title>
<id>urn:x</id><updated>2026-03-01T00:00:00Z</updated>
<entry><title>[HOAKS] Surat edaran libur nasional palsu</title><id>urn:entry:1</id>
<link href="https://humas.example/se-palsu"/><updated>2026-03-01T00:00:00Z</updated><summary>Surat itu palsu.</summary></entry>
</feed>"""


def serve(body: bytes, *, status=200, seen=None, etag='"v1"'):
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(dict(request.headers))
        if request.headers.get("if-none-match") == etag:
            return httpx.Response(304)
        return httpx.Response(status, content=body, headers={"ETag": etag, "Last-Modified": "Mon, 02 Mar 2026 01:00:00 GMT"})
    return httpx.MockTransport(handler)


@pytest.fixture
def source(settings):
    settings.HOAX_FEED_ALLOW_PRIVATE = True  # the mock transport never leaves the process
    return FeedSource.objects.create(name="Cek Fakta Contoh", url="https://cekfakta.example/feed/", default_topic="bencana",
                                     default_verdict="HOAKS")


def test_feed_items_become_external_clarifications_linked_to_their_source(source):
    received = []

    def on_published(sender, clarification, **kwargs):
        received.append(clarification.pk)

    signals.clarification_published.connect(on_published)
    try:
        assert feed_fetch(source, transport=serve(RSS)) == 2
    finally:
        signals.clarification_published.disconnect(on_published)
    banjir = Clarification.objects.get(source_url="https://cekfakta.example/banjir-garut")
    assert banjir.is_external and banjir.source == source and banjir.status == "published"
    assert banjir.verdict == "SALAH" and banjir.headline == "Video banjir Garut adalah rekaman 2016"
    assert banjir.summary == "Video itu rekaman lama."  # markup and script dropped
    assert Clarification.objects.get(external_guid="https://cekfakta.example/?p=102").verdict == "HOAKS"
    assert len(received) == 2
    page = Client().get(banjir.get_absolute_url()).content.decode()
    assert "application/ld+json" not in page and "cekfakta.example/banjir-garut" in page
    assert "<script>alert" not in page


def test_a_second_fetch_imports_nothing_twice_and_uses_a_conditional_get(source):
    seen = []
    feed_fetch(source, transport=serve(RSS, seen=seen))
    source.refresh_from_db()
    assert source.etag == '"v1"' and source.items_imported == 2
    assert feed_fetch(source, transport=serve(RSS, seen=seen)) == 0
    assert seen[-1].get("if-none-match") == '"v1"'
    source.refresh_from_db()
    assert source.last_status.startswith("304")
    source.etag = ""
    source.save()
    assert feed_fetch(source, transport=serve(RSS, etag='"v2"')) == 0  # same GUIDs: nothing new
    assert Clarification.objects.count() == 2


def test_atom_feeds_work_too(source):
    assert feed_fetch(source, transport=serve(ATOM)) == 1
    assert Clarification.objects.get().verdict == "HOAKS"


@pytest.mark.parametrize("body, status", [
    (b"<html><body>Not a feed</body></html>", 200),
    (b"ini bukan XML sama sekali", 200),
    (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;'>]><rss>&b;</rss>", 200),
    (b"", 500),
])
def test_broken_feeds_are_recorded_and_never_crash(source, body, status):
    assert feed_fetch(source, transport=serve(body, status=status)) == 0
    source.refresh_from_db()
    assert source.last_status.startswith("Galat") and source.last_error_at is not None
    assert not Clarification.objects.exists()


def test_feeds_on_private_addresses_are_refused(settings):
    settings.HOAX_FEED_ALLOW_PRIVATE = False
    source = FeedSource.objects.create(name="Lokal", url="http://127.0.0.1:8000/feed/")
    assert feed_fetch(source) == 0
    source.refresh_from_db()
    assert "bukan alamat publik" in source.last_status


def test_oversized_feeds_are_refused(source, settings):
    settings.HOAX_FEED_MAX_BYTES = 100
    assert feed_fetch(source, transport=serve(RSS)) == 0
    source.refresh_from_db()
    assert "bita" in source.last_status


@pytest.mark.parametrize("title, verdict, rest", [
    ("[HOAKS] Judul", "HOAKS", "Judul"),
    ("[SALAH]: Judul", "SALAH", "Judul"),
    ("(Disinformasi) Judul", "DISINFORMASI", "Judul"),
    ("[BELUM TERBUKTI] Judul", "BELUM_TERBUKTI", "Judul"),
    ("Judul tanpa label", "HOAKS", "Judul tanpa label"),
    ("[VIDEO] Judul", "HOAKS", "[VIDEO] Judul"),
])
def test_the_verdict_comes_from_the_title_label(title, verdict, rest):
    assert verdict_from_title(title, "HOAKS") == (verdict, rest)
