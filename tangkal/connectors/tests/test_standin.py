"""The stand-in over real HTTP, as the demo and the benchmarks use it."""

import httpx
import pytest

from tangkal.connectors import http
from tangkal.connectors.base import ConnectorError, Identity
from tangkal.connectors.registry import get
from tangkal.connectors.standin.app import StandIn, followers_for, serve_in_thread, x_handle, x_id


@pytest.fixture
def live_standin(settings, db, monkeypatch):
    app = StandIn()
    server, url = serve_in_thread(0, app)
    settings.PLATFORM_STANDIN_URL = url
    monkeypatch.setattr(http, "sleep", lambda s: None)
    yield app, url
    server.shutdown()
    server.server_close()


def test_every_platform_answers_over_http_with_deterministic_counts(live_standin):
    for platform in ("x", "youtube", "instagram", "facebook", "tiktok"):
        found = get(platform).fetch_profile(Identity(platform, "dewi.lestari" if platform != "x" else "dewi_l"))
        assert found.followers == followers_for(platform, "dewi.lestari" if platform != "x" else "dewi_l")
    assert get("x").fetch_profile(Identity("x", "budi_777")).followers == 777


def test_x_ids_round_trip_so_lookups_by_id_survive_a_restart():
    assert x_handle(x_id("dewi_2019")) == "dewi_2019"


def test_the_mode_switch_makes_every_answer_fail(live_standin, settings):
    _app, url = live_standin
    settings.CONNECTOR_MAX_RETRIES = 1
    httpx.post(f"{url}/_standin/mode", data={"mode": "500"})
    with pytest.raises(ConnectorError) as caught:
        get("facebook").fetch_profile(Identity("facebook", "halaman.dinas"))
    assert caught.value.code == "unavailable"
    httpx.post(f"{url}/_standin/mode", data={"mode": "garbage"})
    with pytest.raises(ConnectorError) as caught:
        get("tiktok").fetch_profile(Identity("tiktok", "dinas"))
    assert caught.value.code == "bad_response"
    httpx.post(f"{url}/_standin/mode", data={"mode": "ok"})
    assert httpx.get(f"{url}/_standin/stats").json()["requests"]["facebook"]


def test_signing_in_with_x_works_over_http_as_in_the_demo(live_standin):
    from urllib.parse import parse_qs, urlsplit

    from tangkal.connectors import oauth

    _app, url = live_standin
    httpx.post(f"{url}/_standin/x-user", data={"username": "dewi_2019"})
    session: dict = {}
    consent = httpx.get(oauth.x_start(session=session, redirect_uri="http://127.0.0.1:8000/saya/akun/x/kembali/",
                                      account="a"))
    back = parse_qs(urlsplit(consent.headers["Location"]).query)
    pending = oauth.pending_take(oauth.X, session=session, state=back["state"][0])
    assert oauth.x_finish(pending=pending, code=back["code"][0]) == Identity("x", "dewi_2019", x_id("dewi_2019"))
