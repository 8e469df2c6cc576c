import socket

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


PUBLIC_IP = "93.184.215.14"


def answer(*addresses):
    """getaddrinfo's answer for a name that resolves to `addresses`."""
    return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 0)) for a in addresses]


@pytest.fixture
def rebinding_dns(monkeypatch, settings):
    """A hostile name server: the first lookup of a name gets a public address, every later one 127.0.0.1."""
    settings.HOAX_FEED_ALLOW_PRIVATE = False
    real, lookups = socket.getaddrinfo, []

    def getaddrinfo(host, port, *args, **kwargs):
        if not str(host).endswith(".example"):
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        return answer(PUBLIC_IP if len(lookups) == 1 else "127.0.0.1")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


@pytest.mark.parametrize("url, port, host_header, sni", [
    ("https://cekfakta.example/feed/", None, "cekfakta.example", "cekfakta.example"),  # None: the default port
    ("http://cekfakta.example:8080/feed/", 8080, "cekfakta.example:8080", None),
])
def test_the_feed_is_fetched_from_the_address_that_was_checked_even_if_dns_changes_its_answer(
        rebinding_dns, url, port, host_header, sni):
    source = FeedSource.objects.create(name="Cek Fakta", url=url)
    sent = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, content=RSS)

    assert feed_fetch(source, transport=httpx.MockTransport(handler)) == 2
    assert rebinding_dns == ["cekfakta.example"]  # resolved once; the loopback answer never came into play
    (request,) = sent
    assert (request.url.host, request.url.port, request.url.path) == (PUBLIC_IP, port, "/feed/")
    assert request.headers["host"] == host_header
    assert request.extensions.get("sni_hostname") == sni  # TLS still names, and verifies, the site


@pytest.mark.parametrize("addresses", [
    (PUBLIC_IP, "127.0.0.1"),
    (PUBLIC_IP, "169.254.169.254"),
    ("10.1.2.3",),
    ("::1",),
    ("::ffff:127.0.0.1",),
    ("64:ff9b::a01:203",),  # NAT64 of 10.1.2.3
    ("2002:c0a8:101::1",),  # 6to4 of 192.168.1.1
])
def test_a_name_with_any_non_public_answer_is_refused_before_connecting(monkeypatch, settings, addresses):
    settings.HOAX_FEED_ALLOW_PRIVATE = False
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: answer(*addresses))
    source = FeedSource.objects.create(name="Licik", url="https://licik.example/feed/")
    sent = []
    assert feed_fetch(source, transport=httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(200))) == 0
    source.refresh_from_db()
    assert "bukan alamat publik" in source.last_status and sent == []


def test_redirects_are_not_followed(source):
    sent = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:8000/admin/"})

    assert feed_fetch(source, transport=httpx.MockTransport(handler)) == 0
    source.refresh_from_db()
    assert source.last_status == "Galat: HTTP 302" and len(sent) == 1


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
