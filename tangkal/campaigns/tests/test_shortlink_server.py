from __future__ import annotations

import asyncio
import http.client
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from tangkal.campaigns import clicks
from tangkal.campaigns.models import Assignment, ClickDaily
from tangkal.campaigns.shortlink_server import ShortLinkProtocol

UA = {"User-Agent": "Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36"}


@pytest.fixture
def server():
    loop = asyncio.new_event_loop()
    # One database thread, so that its connection can be closed at the end (or the test database
    # could not be dropped).
    executor = ThreadPoolExecutor(max_workers=1)
    loop.set_default_executor(executor)
    ready = threading.Event()
    holder = {}

    def run():
        asyncio.set_event_loop(loop)
        srv = loop.run_until_complete(loop.create_server(ShortLinkProtocol, "127.0.0.1", 0))
        holder["port"] = srv.sockets[0].getsockname()[1]
        ready.set()
        loop.run_forever()
        srv.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(5)
    yield holder["port"]
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    executor.submit(connections.close_all).result(5)
    executor.shutdown()


@pytest.mark.django_db(transaction=True)
def test_the_dedicated_server_redirects_counts_and_keeps_connections_alive(server, make_campaign, influencer_factory):
    influencer_factory()
    campaign = make_campaign("launched")
    code = Assignment.objects.get(campaign=campaign).code
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=5)
    for _ in range(5):  # one connection, five requests (the first one reads the database in a thread)
        conn.request("GET", f"/s/{code}g", headers=UA)
        response = conn.getresponse()
        response.read()
        assert response.status == 302 and response.getheader("Location") == campaign.link_url
    conn.request("GET", "/s/ffffffffffff", headers=UA)
    missing = conn.getresponse()
    assert missing.status == 404 and "Tautan tidak ditemukan" in missing.read().decode()
    conn.request("POST", f"/s/{code}", body=b"", headers=UA)
    assert conn.getresponse().status == 405
    conn.close()
    clicks.flush()
    row = ClickDaily.objects.get(assignment__code=code)
    assert (row.channel, row.clicks, row.unique_visitors) == ("telegram", 5, 1)


@pytest.mark.django_db(transaction=True)
def test_the_dedicated_server_refuses_bodies_and_oversized_headers(server):
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=5)
    conn.request("GET", "/s/abc", body=b"x" * 10, headers={"Content-Length": "10"})
    assert conn.getresponse().status == 400
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=5)
    conn.request("GET", "/s/abc", headers={"X-Big": "a" * 9000})
    assert conn.getresponse().status == 431
