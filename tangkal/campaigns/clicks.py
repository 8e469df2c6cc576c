"""Short-link resolution and click counting, shared by the lean WSGI path and the Django view.

A click costs a dictionary lookup and a counter increment in this process; a background thread
flushes the counters to ClickDaily every CAMPAIGN_CLICK_FLUSH_SECONDS in one transaction (and at
exit). A failed flush puts the counts back, so a click is lost only if the process is killed
hard before its next flush. IP addresses are never stored: a visitor is sha256(daily salt + IP +
user agent), kept only for that day to count unique visitors.
"""

from __future__ import annotations

import atexit
import hashlib
import ipaddress
import logging
import os
import re
import secrets
import threading
import time
from collections import defaultdict
from datetime import date, timedelta
from functools import cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from tangkal.campaigns import links

logger = logging.getLogger(__name__)

# Link-preview fetchers and crawlers: they open links nobody clicked. Matched case-insensitively.
BOT_MARKERS = (
    "bot", "crawler", "spider", "crawl", "slurp", "facebookexternalhit", "facebookcatalog", "facebot",
    "twitterbot", "whatsapp/", "telegrambot", "slackbot", "slack-imgproxy", "discordbot", "linkedinbot",
    "googlebot", "bingbot", "bingpreview", "yandex", "baiduspider", "duckduckbot", "applebot", "pinterest",
    "skypeuripreview", "embedly", "iframely", "vkshare", "redditbot", "preview", "headlesschrome",
    "lighthouse", "curl/", "wget/", "python-requests", "python-httpx", "go-http-client", "okhttp", "java/",
    "axios/", "node-fetch", "scrapy", "ahrefs", "semrush", "mj12bot", "petalbot", "bytespider",
)


_BOT_RE = re.compile("|".join(re.escape(marker) for marker in BOT_MARKERS), re.IGNORECASE)
_bot_cache: dict[str, bool] = {}


def is_bot(user_agent: str) -> bool:
    """True for crawlers and link previews (and for no user agent at all); remembered per agent
    string, since a few thousand agents make up nearly all traffic."""
    if not user_agent:
        return True
    known = _bot_cache.get(user_agent)
    if known is None:
        known = _BOT_RE.search(user_agent) is not None
        if len(_bot_cache) > 20_000:
            _bot_cache.clear()
        _bot_cache[user_agent] = known
    return known


_day = (0.0, date.min)


def today() -> date:
    """The local date, recomputed at most once a second (the click path calls it every time)."""
    global _day
    now = time.time()
    if now - _day[0] >= 1.0:
        _day = (now, timezone.localdate())
    return _day[1]


class _Salts:
    """One random salt per day, stored so every process hashes alike, deleted with the day."""

    def __init__(self):
        self.day: date | None = None
        self.salt = ""

    def get(self, day: date) -> str:
        if self.day != day:
            from tangkal.campaigns.models import DailySalt

            row, _created = DailySalt.objects.get_or_create(day=day, defaults={"salt": secrets.token_hex(32)})
            self.day, self.salt = day, row.salt
        return self.salt


_salts = _Salts()


def visitor_hash(*, day: date, ip: str, user_agent: str) -> str:
    return hashlib.sha256(f"{_salts.get(day)}|{ip}|{user_agent}".encode()).hexdigest()


class _Targets:
    """code → (assignment id, destination). Links never change after launch, so a bounded
    per-process map is enough; unknown codes are remembered briefly so a flood of them does not
    reach the database."""

    def __init__(self, size: int = 200_000):
        self.size = size
        self.found: dict[str, tuple[int, str]] = {}
        self.missing: dict[str, float] = {}
        self.lock = threading.Lock()

    def lookup(self, code: str) -> tuple[int, str] | None:
        hit = self.found.get(code)
        if hit is not None:
            return hit
        miss = self.missing.get(code)
        if miss is not None and miss > time.monotonic():
            return None
        from tangkal.campaigns.models import Assignment

        row = (Assignment.objects.filter(code=code, campaign__status__in=("launched", "closed"))
               .values_list("pk", "campaign__link_url").first())
        with self.lock:
            if row is None:
                if len(self.missing) > 10_000:
                    self.missing.clear()
                self.missing[code] = time.monotonic() + 60
                return None
            if len(self.found) >= self.size:
                self.found.clear()
            self.found[code] = (row[0], row[1])
        return self.found[code]

    def clear(self) -> None:
        with self.lock:
            self.found.clear()
            self.missing.clear()


targets = _Targets()


class ClickBuffer:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts: dict[tuple[int, date, str], list[int]] = defaultdict(lambda: [0, 0])
        self.visitors: set[tuple[int, date, str, str]] = set()
        self.pid = os.getpid()
        self.thread: threading.Thread | None = None
        self.stop = threading.Event()

    def add(self, *, assignment_id: int, day: date, channel: str, bot: bool, visitor: str = "") -> None:
        with self.lock:
            cell = self.counts[(assignment_id, day, channel)]
            if bot:
                cell[1] += 1
            else:
                cell[0] += 1
                if visitor:
                    self.visitors.add((assignment_id, day, channel, visitor))
        if self.thread is None and flush_interval() > 0:
            self._start()

    def drain(self):
        with self.lock:
            counts, visitors = self.counts, self.visitors
            self.counts, self.visitors = defaultdict(lambda: [0, 0]), set()
        return counts, visitors

    def restore(self, counts, visitors) -> None:
        with self.lock:
            for key, (clicks, bots) in counts.items():
                cell = self.counts[key]
                cell[0] += clicks
                cell[1] += bots
            self.visitors |= visitors

    def pending(self) -> int:
        with self.lock:
            return sum(c + b for c, b in self.counts.values())

    def _start(self) -> None:
        with self.lock:
            if self.thread is not None:
                return
            self.thread = threading.Thread(target=self._loop, name="click-flusher", daemon=True)
            self.thread.start()

    def close(self, timeout: float = 10) -> None:
        """Stop the flusher after its current write, then write what is left (process shutdown)."""
        self.stop.set()
        thread = self.thread
        if thread is not None and thread.is_alive() and thread is not threading.current_thread():
            thread.join(timeout)
        flush(self)

    def _loop(self) -> None:
        while not self.stop.wait(flush_interval()):
            try:
                flush(self)
            except Exception:  # noqa: BLE001 - keep flushing; the counts were put back
                logger.exception("click flush failed")
            finally:
                connection.close()


def flush_interval() -> float:
    return float(settings.CAMPAIGN_CLICK_FLUSH_SECONDS)


_buffer: ClickBuffer | None = None
_buffer_lock = threading.Lock()


def buffer() -> ClickBuffer:
    """This process's buffer (a forked worker gets its own)."""
    global _buffer
    if _buffer is None or _buffer.pid != os.getpid():
        with _buffer_lock:
            if _buffer is None or _buffer.pid != os.getpid():
                _buffer = ClickBuffer()
    return _buffer


def flush(buf: ClickBuffer | None = None) -> int:
    """Write buffered clicks to the database; returns the clicks written."""
    buf = buf or buffer()
    counts, visitors = buf.drain()
    if not counts:
        return 0
    try:
        _write(counts, visitors)
    except Exception:
        buf.restore(counts, visitors)
        raise
    return sum(c + b for c, b in counts.values())


def _write(counts, visitors) -> None:
    from tangkal.campaigns.models import ClickDaily, VisitorDay

    table = ClickDaily._meta.db_table
    rows = [(aid, day, channel, clicks, bots) for (aid, day, channel), (clicks, bots) in counts.items()]
    with transaction.atomic():
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 500):
                chunk = rows[start:start + 500]
                values = ", ".join(["(%s, %s, %s, %s, 0, %s)"] * len(chunk))
                params = [value for row in chunk for value in row]
                # The table name comes from the model and the values are parameters.
                sql = (
                    f"INSERT INTO {table} (assignment_id, day, channel, clicks, unique_visitors, bot_clicks) "  # noqa: S608
                    f"VALUES {values} ON CONFLICT (assignment_id, day, channel) DO UPDATE SET "
                    f"clicks = {table}.clicks + excluded.clicks, bot_clicks = {table}.bot_clicks + excluded.bot_clicks"
                )
                cursor.execute(sql, params)
        if visitors:
            VisitorDay.objects.bulk_create(
                [VisitorDay(assignment_id=a, day=d, channel=c, visitor_hash=h) for a, d, c, h in visitors],
                ignore_conflicts=True, batch_size=1000,
            )
            touched = {(a, d, c) for a, d, c, _h in visitors}
            ids = sorted({a for a, _d, _c in touched})
            days = sorted({d for _a, d, _c in touched})
            unique = (VisitorDay.objects.filter(assignment_id=OuterRef("assignment_id"), day=OuterRef("day"),
                                                channel=OuterRef("channel"))
                      .order_by().values("assignment_id").annotate(n=Count("pk")).values("n"))
            for start in range(0, len(ids), 500):
                ClickDaily.objects.filter(assignment_id__in=ids[start:start + 500], day__in=days).update(
                    unique_visitors=Coalesce(Subquery(unique), 0))


@cache
def _trust_forwarded() -> bool:
    return bool(getattr(settings, "TRUST_X_FORWARDED_FOR", False))


def client_ip(environ: dict) -> str:
    """The visitor's address, only ever used inside the daily hash."""
    if _trust_forwarded():
        forwarded = environ.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = forwarded.split(",")[0].strip()
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return "0.0.0.0"
    return environ.get("REMOTE_ADDR", "") or "0.0.0.0"


def ready(segment: str) -> bool:
    """True when `click(segment)` needs no database: the code is known (or known to be absent)
    and today's salt is loaded. The asyncio server answers those on its event loop."""
    parsed = links.parse(segment)
    if parsed is None:
        return True
    code = parsed[0]
    known = code in targets.found or targets.missing.get(code, 0) > time.monotonic()
    return known and _salts.day == today()


def click(segment: str, *, ip: str, user_agent: str, count: bool = True) -> str | None:
    """The destination for a short-link path segment (counting the click), or None if unknown."""
    parsed = links.parse(segment)
    if parsed is None:
        return None
    code, channel = parsed
    target = targets.lookup(code)
    if target is None:
        return None
    assignment_id, destination = target
    if count:
        day = today()
        bot = is_bot(user_agent)
        visitor = "" if bot else visitor_hash(day=day, ip=ip, user_agent=user_agent)
        buffer().add(assignment_id=assignment_id, day=day, channel=channel, bot=bot, visitor=visitor)
    return destination


def prune_visitors(*, keep_days: int = 1) -> int:
    """Visitor hashes and salts live only for their day (kept one extra day for late flushes)."""
    from tangkal.campaigns.models import DailySalt, VisitorDay

    cutoff = today() - timedelta(days=keep_days)
    deleted, _ = VisitorDay.objects.filter(day__lt=cutoff).delete()
    DailySalt.objects.filter(day__lt=cutoff).delete()
    return deleted


@atexit.register
def shutdown() -> None:
    """Write every buffered click before the process ends (also call it from a server's exit hook).
    The flusher thread is a daemon, so it is stopped and joined first: a write it has begun must
    commit, or the counts it drained would die with it."""
    if _buffer is not None and _buffer.pid == os.getpid():
        try:
            _buffer.close()
        except Exception:  # noqa: BLE001
            logger.exception("click flush at exit failed")
