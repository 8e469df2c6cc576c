from __future__ import annotations

import contextlib
import threading
from datetime import timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.utils import timezone

from tangkal.campaigns import clicks
from tangkal.campaigns.models import Assignment, ClickDaily, DailySalt, VisitorDay
from tangkal.campaigns.shortlink_wsgi import wrap

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126 Mobile Safari/537.36"


def passthrough(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"django"]


APP = wrap(passthrough)


def call(path, *, ua=BROWSER, ip="203.0.113.7", method="GET"):
    captured = {}

    def start_response(status, headers):
        captured["status"] = int(status.split()[0])
        captured["headers"] = dict(headers)

    body = b"".join(APP({"PATH_INFO": path, "REQUEST_METHOD": method, "HTTP_USER_AGENT": ua, "REMOTE_ADDR": ip,
                         "wsgi.input": BytesIO()}, start_response))
    return captured["status"], captured["headers"], body


@pytest.fixture
def link(make_campaign, influencer_factory):
    influencer_factory()
    campaign = make_campaign("launched")
    return Assignment.objects.get(campaign=campaign)


def totals(assignment):
    rows = ClickDaily.objects.filter(assignment=assignment)
    return (sum(r.clicks for r in rows), sum(r.unique_visitors for r in rows), sum(r.bot_clicks for r in rows))


def test_a_short_link_redirects_to_the_campaign_and_counts_the_click(link):
    status, headers, _body = call(f"/s/{link.code}x")
    assert status == 302
    assert headers["Location"] == link.campaign.link_url
    assert "no-store" in headers["Cache-Control"]
    assert clicks.flush() == 1
    row = ClickDaily.objects.get(assignment=link)
    assert (row.channel, row.clicks, row.unique_visitors) == ("x", 1, 1)


def test_other_paths_go_to_django(link):
    assert call("/kampanye/")[2] == b"django"
    assert call(f"/s/{link.code}", method="POST")[2] == b"django"


def test_an_unknown_short_code_answers_404_with_a_clear_message(link):
    for path in ("/s/000000000000", "/s/tidak-ada", "/s/", f"/s/{link.code}q"):
        status, _headers, body = call(path)
        assert status == 404, path
        assert b"Tautan tidak ditemukan" in body
    assert clicks.flush() == 0


def test_link_preview_crawlers_and_bots_are_not_counted_as_clicks(link):
    for ua in ("facebookexternalhit/1.1", "Twitterbot/1.0", "WhatsApp/2.23.20.0", "TelegramBot (like TwitterBot)",
               "Slackbot-LinkExpanding 1.0", "Mozilla/5.0 (compatible; Googlebot/2.1)", "curl/8.0", ""):
        assert call(f"/s/{link.code}", ua=ua)[0] == 302
    clicks.flush()
    assert totals(link) == (0, 0, 8)


def test_head_requests_redirect_without_counting(link):
    assert call(f"/s/{link.code}", method="HEAD")[0] == 302
    assert clicks.flush() == 0


def test_unique_visitors_are_hashed_with_a_daily_salt_and_no_ip_is_stored(link):
    for _ in range(3):
        call(f"/s/{link.code}", ip="198.51.100.1")
    call(f"/s/{link.code}", ip="198.51.100.2")
    clicks.flush()
    assert totals(link)[:2] == (4, 2)
    hashes = list(VisitorDay.objects.values_list("visitor_hash", flat=True))
    assert len(hashes) == 2 and all(len(h) == 64 and "198.51" not in h for h in hashes)
    assert DailySalt.objects.filter(day=clicks.today()).exists()


def test_visitor_hashes_and_salts_are_deleted_after_their_day(link):
    old = clicks.today() - timedelta(days=3)
    VisitorDay.objects.create(assignment=link, day=old, visitor_hash="a" * 64)
    DailySalt.objects.create(day=old, salt="x")
    clicks.prune_visitors()
    assert not VisitorDay.objects.filter(day=old).exists() and not DailySalt.objects.filter(day=old).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_clicks_are_never_lost(actors, make_campaign, influencer_factory):
    influencer_factory()
    influencer_factory()
    campaign = make_campaign("launched")
    codes = list(Assignment.objects.filter(campaign=campaign).values_list("code", flat=True))
    threads, per_thread = 8, 250
    for code in codes:  # the links are known before the rush, as after the first click of each
        call(f"/s/{code}")
    clicks.flush()
    statuses = []
    done = threading.Event()

    def hammer(n):
        try:
            for i in range(per_thread):
                statuses.append(call(f"/s/{codes[i % 2]}{'xw'[n % 2]}", ip=f"10.0.{n}.{i % 50}")[0])
        finally:
            connection.close()  # or the test database cannot be dropped

    def flusher():
        # Like the background thread: flush while clicks arrive; a failed flush keeps its counts.
        try:
            while not done.is_set():
                with contextlib.suppress(Exception):
                    clicks.flush()
        finally:
            connection.close()

    workers = [threading.Thread(target=hammer, args=(n,)) for n in range(threads)]
    background = threading.Thread(target=flusher)
    background.start()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    done.set()
    background.join()
    clicks.flush()
    assert statuses.count(302) == threads * per_thread
    total = sum(ClickDaily.objects.filter(assignment__campaign=campaign).values_list("clicks", flat=True))
    assert total == threads * per_thread + len(codes)


def test_a_failed_flush_keeps_the_clicks_for_the_next_one(link, monkeypatch):
    call(f"/s/{link.code}")
    call(f"/s/{link.code}")

    def broken(*args):
        raise RuntimeError("database away")

    monkeypatch.setattr(clicks, "_write", broken)
    with pytest.raises(RuntimeError):
        clicks.flush()
    monkeypatch.undo()
    assert clicks.flush() == 2
    assert totals(link)[0] == 2


def test_the_django_view_serves_the_same_redirect(client, link):
    response = client.get(f"/s/{link.code}k", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302 and response["Location"] == link.campaign.link_url
    assert client.get("/s/ffffffffffff").status_code == 404
    clicks.flush()
    assert ClickDaily.objects.get(assignment=link).channel == "facebook"


def test_links_of_a_draft_campaign_do_not_resolve(make_campaign, actors):
    campaign = make_campaign("approved")
    Assignment.objects.create(campaign=campaign, user=actors.influencer, code="abcdefabcdef",
                              deadline_at=timezone.now())
    assert call("/s/abcdefabcdef")[0] == 404
