"""Feed ingestion: fact-checkers' and government clarification feeds become external clarifications.

Conditional GET (ETag / Last-Modified), dedup by GUID and by link, size-capped download, XML checked
with defusedxml before feedparser reads it. A broken feed is recorded on its source and logged;
it never raises out of `feed_fetch`, so one bad source cannot stop the worker.
"""

from __future__ import annotations

import calendar
import ipaddress
import logging
import re
import socket
from datetime import UTC, datetime
from urllib.parse import urlsplit

import feedparser
import httpx
from defusedxml import ElementTree as SafeET
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from tangkal.core.audit import audit_log
from tangkal.hoaxes import signals
from tangkal.hoaxes.models import Clarification, FeedSource, Verdict
from tangkal.hoaxes.publishing import new_slug
from tangkal.hoaxes.rendering import plain_text

logger = logging.getLogger(__name__)
USER_AGENT = "Tangkal-FeedFetcher/1.0 (+https://tangkal.go.id)"
MAX_ITEMS = 200

_VERDICT_WORDS = {
    "HOAKS": Verdict.HOAKS, "HOAX": Verdict.HOAKS, "DISINFORMASI": Verdict.DISINFORMASI,
    "MISINFORMASI": Verdict.MISINFORMASI, "FITNAH": Verdict.FITNAH, "PENIPUAN": Verdict.PENIPUAN,
    "SALAH": Verdict.SALAH, "MENYESATKAN": Verdict.MENYESATKAN, "SATIRE": Verdict.SATIRE_PARODI,
    "PARODI": Verdict.SATIRE_PARODI, "SATIRE/PARODI": Verdict.SATIRE_PARODI, "BELUM TERBUKTI": Verdict.BELUM_TERBUKTI,
    "BENAR": Verdict.BENAR, "FAKTA": Verdict.BENAR,
}
_VERDICT_PREFIX = re.compile(r"^\s*[\[(]\s*([A-Za-z /]{4,20}?)\s*[\])]\s*[:\-–]?\s*")


class FeedError(Exception):
    pass


def verdict_from_title(title: str, default: str) -> tuple[str, str]:
    """The verdict a "[HOAKS] …" style title carries, and the title without it."""
    match = _VERDICT_PREFIX.match(title)
    if match and match.group(1).strip().upper() in _VERDICT_WORDS:
        return _VERDICT_WORDS[match.group(1).strip().upper()], title[match.end():].strip() or title
    return default, title


# IPv6 forms that carry an IPv4 address the packet is delivered to (mapped, 6to4, NAT64's well-known
# prefix): the embedded address must be public too, whatever `is_global` says of the wrapper.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None and not embedded.is_global:
            return False
    return address.is_global


def _public_address(host: str, port: int) -> str:
    """Resolve `host` once; the address to connect to, or FeedError unless every answer is public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FeedError(f"nama host tidak dikenal: {host}") from exc
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses:
        raise FeedError(f"nama host tidak dikenal: {host}")
    for address in addresses:
        if not _is_public(address):
            raise FeedError(f"alamat {address} bukan alamat publik")
    return str(addresses[0])


def _feed_request(client: httpx.Client, url: str, headers: dict) -> httpx.Request:
    """The GET for `url`, addressed to the IP that was checked rather than to whatever DNS says next.

    Checking a name and then letting httpx resolve it again is open to DNS rebinding: a hostile name
    server answers a public address to the check and 127.0.0.1 to the connection. So the name is resolved
    once, every answer is checked, and the request goes to that IP literal; the Host header still names
    the site, and for https the `sni_hostname` extension makes httpcore send the name as SNI and verify the
    certificate against the name, not the IP. The pin travels with the request, so it holds for any
    transport, including the ones tests inject. Redirects are not followed; if they ever are, every hop
    must come through here again.
    """
    target = httpx.URL(url)
    if settings.HOAX_FEED_ALLOW_PRIVATE:
        return client.build_request("GET", target, headers=headers)
    host = target.raw_host.decode("ascii")  # IDNA form: what DNS, SNI and the certificate use
    address = _public_address(host, target.port or (443 if target.scheme == "https" else 80))
    extensions = {"sni_hostname": host} if target.scheme == "https" else {}
    return client.build_request("GET", target.copy_with(host=address),
                                headers={**headers, "Host": target.netloc.decode("ascii")}, extensions=extensions)


def _download(source: FeedSource, *, transport: httpx.BaseTransport | None = None) -> tuple[int, bytes, dict]:
    if urlsplit(source.url).scheme not in ("http", "https"):
        raise FeedError("hanya http(s)")
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9"}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    limit = settings.HOAX_FEED_MAX_BYTES
    # trust_env=False: a proxy from the environment would resolve the name itself (undoing the pin), and
    # httpcore's CONNECT tunnel ignores sni_hostname, so feeds are always fetched directly.
    with httpx.Client(timeout=15, transport=transport, follow_redirects=False, trust_env=False) as client:
        response = client.send(_feed_request(client, source.url, headers), stream=True)
        try:
            if response.status_code == 304:
                return 304, b"", dict(response.headers)
            if response.status_code != 200:
                raise FeedError(f"HTTP {response.status_code}")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FeedError(f"lebih dari {limit} bita")
                chunks.append(chunk)
            return 200, b"".join(chunks), dict(response.headers)
        finally:
            response.close()


def parse_feed(data: bytes) -> list[dict]:
    """Entries of an RSS/Atom document; FeedError for anything that is not a well-formed feed."""
    try:
        root = SafeET.fromstring(data)
    except Exception as exc:  # defusedxml raises several types: malformed XML, entities, DTDs
        raise FeedError(f"bukan XML yang sah ({exc.__class__.__name__})") from exc
    if root.tag.split("}")[-1].lower() not in ("rss", "feed", "rdf"):
        raise FeedError(f"bukan feed RSS/Atom (elemen akar {root.tag[:40]})")
    parsed = feedparser.parse(data)
    entries = []
    for entry in parsed.entries[:MAX_ITEMS]:
        link = str(entry.get("link") or "").strip()
        guid = str(entry.get("id") or link).strip()[:500]
        title = plain_text(str(entry.get("title") or ""))[:200]
        if not guid or not title or urlsplit(link).scheme not in ("http", "https"):
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = datetime.fromtimestamp(calendar.timegm(stamp), tz=UTC) if stamp else None
        entries.append({"guid": guid, "link": link[:1000], "title": title,
                        "summary": plain_text(str(entry.get("summary") or ""))[:1000], "published": published})
    return entries


def import_entry(source: FeedSource, entry: dict) -> Clarification | None:
    """Create the external clarification for one feed item unless its GUID or link is already known."""
    if Clarification.objects.filter(source=source, external_guid=entry["guid"]).exists() or \
            Clarification.objects.filter(is_external=True, source_url=entry["link"]).exists():
        return None
    verdict, headline = verdict_from_title(entry["title"], source.default_verdict)
    now = timezone.now()
    published = entry["published"] if entry["published"] and entry["published"] <= now else now
    try:
        with transaction.atomic():
            clar = Clarification.objects.create(
                slug=new_slug(headline), status=Clarification.Status.PUBLISHED, verdict=verdict, headline=headline,
                claim_reviewed=headline[:500], summary=entry["summary"] or headline, topic=source.default_topic,
                published_at=published, is_external=True, source=source, source_url=entry["link"],
                external_guid=entry["guid"])
            signals.clarification_published.send(sender=Clarification, clarification=clar)
    except IntegrityError:
        return None  # another worker imported it a moment ago
    return clar


def feed_fetch(source: FeedSource, *, transport: httpx.BaseTransport | None = None) -> int:
    """Fetch one source and import its new items; returns how many. Never raises."""
    now = timezone.now()
    try:
        status, data, headers = _download(source, transport=transport)
        if status == 304:
            FeedSource.objects.filter(pk=source.pk).update(last_fetched_at=now, last_status="304 tidak berubah")
            return 0
        entries = parse_feed(data)
        imported = sum(1 for entry in entries if import_entry(source, entry) is not None)
        FeedSource.objects.filter(pk=source.pk).update(
            last_fetched_at=now, etag=headers.get("etag", "")[:200], last_modified=headers.get("last-modified", "")[:100],
            last_status=f"OK: {len(entries)} butir, {imported} baru", items_imported=source.items_imported + imported)
        if imported:
            audit_log(actor=None, action="hoaxes.feed_imported", obj=source, after={"imported": imported})
        return imported
    except Exception as exc:  # a broken feed is recorded, never fatal
        message = str(exc) if isinstance(exc, FeedError) else exc.__class__.__name__
        logger.warning("feed fetch failed", extra={"source": source.pk, "url": source.url, "error": message[:200]})
        FeedSource.objects.filter(pk=source.pk).update(last_fetched_at=now, last_error_at=now,
                                                       last_status=f"Galat: {message}"[:200])
        return 0


def feeds_fetch_all() -> int:
    return sum(feed_fetch(source) for source in FeedSource.objects.filter(is_active=True))
