"""Connector contracts: recorded answers in each platform's documented format, the retry rules,
normalisation of what people paste, and which post URLs belong to an account."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from tangkal.connectors import http
from tangkal.connectors.base import ConnectorError, HandleError, Identity
from tangkal.connectors.registry import connectors, get, post_url_belongs_to, post_url_check
from tangkal.connectors.testing import standin_platforms

RECORDED = Path(__file__).parent / "recorded"


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text())


@pytest.fixture
def platform_answers(settings, db):
    """Serve chosen answers through httpx.MockTransport; collects the requests made."""
    calls: list[httpx.Request] = []
    answers: list[httpx.Response] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return answers.pop(0) if answers else httpx.Response(500)

    with standin_platforms(settings, transport=httpx.MockTransport(handler)):
        yield SimpleNamespace(calls=calls, answers=answers)


def test_every_platform_is_a_folder_in_the_registry():
    assert set(connectors()) == {"x", "instagram", "facebook", "tiktok", "youtube"}


@pytest.mark.parametrize(("platform", "raw", "handle", "platform_id"), [
    ("x", "@KemenkesRI", "kemenkesri", ""),
    ("x", "https://twitter.com/KemenkesRI?s=20", "kemenkesri", ""),
    ("x", "mobile.twitter.com/kemenkesri/status/1234", "kemenkesri", ""),
    ("x", "https://x.com/KemenkesRI/", "kemenkesri", ""),
    ("instagram", "kemenkes_ri", "kemenkes_ri", ""),
    ("instagram", "https://www.instagram.com/dewi.lestari/?hl=id", "dewi.lestari", ""),
    ("instagram", "instagr.am/dewi.lestari", "dewi.lestari", ""),
    ("instagram", "dewi.lestari", "dewi.lestari", ""),
    ("facebook", "https://web.facebook.com/KemenkesRI", "kemenkesri", ""),
    ("facebook", "https://www.facebook.com/profile.php?id=100012345678", "", "100012345678"),
    ("facebook", "facebook.com/people/Dewi-Lestari/100012345678/", "", "100012345678"),
    ("tiktok", "@kemenkes_ri", "kemenkes_ri", ""),
    ("tiktok", "https://www.tiktok.com/@kemenkes_ri?lang=id", "kemenkes_ri", ""),
    ("youtube", "@KemenkesRI", "kemenkesri", ""),
    ("youtube", "https://m.youtube.com/@KemenkesRI/videos", "kemenkesri", ""),
    ("youtube", "https://www.youtube.com/channel/UCmTw3VWdyQUfUdTa0NRnl3g", "", "UCmTw3VWdyQUfUdTa0NRnl3g"),
    ("youtube", "UCmTw3VWdyQUfUdTa0NRnl3g", "", "UCmTw3VWdyQUfUdTa0NRnl3g"),
])
def test_it_normalises_what_people_paste(platform, raw, handle, platform_id):
    assert get(platform).normalise(raw) == Identity(platform, handle, platform_id)


@pytest.mark.parametrize(("platform", "raw", "words"), [
    ("x", "https://www.instagram.com/dewi/", "bukan tautan X"),
    ("x", "nama_yang_terlalu_panjang_sekali", "1–15"),
    ("x", "https://x.com/home", "tautan profil X"),
    ("instagram", "https://www.instagram.com/p/Cx1abc/", "bukan tautan unggahan"),
    ("instagram", "dewi..lestari", "dua titik"),
    ("tiktok", "https://vm.tiktok.com/ZSabc/", "tautan pendek"),
    ("youtube", "https://www.youtube.com/c/Kemenkes", "@handle"),
    ("facebook", "abc", "minimal 5"),
    ("instagram", "   ", "Isi nama pengguna"),
])
def test_it_explains_what_it_cannot_read(platform, raw, words):
    with pytest.raises(HandleError) as caught:
        get(platform).normalise(raw)
    assert words in str(caught.value.message)


@pytest.mark.parametrize(("platform", "answer", "followers", "handle"), [
    ("x", "x_user.json", 3120455, "kemenkesri"),
    ("youtube", "youtube_channels.json", 431000, "kemenkesri"),
    ("instagram", "instagram_business_discovery.json", 267788, "kemenkes_ri"),
    ("facebook", "facebook_page.json", 2450120, "kemenkesri"),
    ("tiktok", "tiktok_user_info.json", 1180400, "kemenkes_ri"),
])
def test_it_reads_the_follower_count_from_recorded_answers(platform_answers, platform, answer, followers, handle):
    platform_answers.answers.append(httpx.Response(200, json=recorded(answer)))
    found = get(platform).fetch_profile(Identity(platform, handle))
    assert found.followers == followers
    assert found.platform_id
    request = platform_answers.calls[0]
    assert request.url.host == "standin.test"


def test_requests_use_the_documented_paths(platform_answers):
    for name in ("x_user.json", "youtube_channels.json", "instagram_business_discovery.json", "facebook_page.json",
                 "tiktok_user_info.json"):
        platform_answers.answers.append(httpx.Response(200, json=recorded(name)))
    get("x").fetch_profile(Identity("x", "kemenkesri"))
    get("youtube").fetch_profile(Identity("youtube", "kemenkesri"))
    get("instagram").fetch_profile(Identity("instagram", "kemenkes_ri"))
    get("facebook").fetch_profile(Identity("facebook", "kemenkesri"))
    get("tiktok").fetch_profile(Identity("tiktok", "kemenkes_ri"))
    x, yt, ig, fb, tt = platform_answers.calls
    assert x.url.path == "/2/users/by/username/kemenkesri" and "public_metrics" in x.url.params["user.fields"]
    assert x.headers["Authorization"].startswith("Bearer ")
    assert yt.url.path == "/youtube/v3/channels" and yt.url.params["forHandle"] == "@kemenkesri"
    assert "statistics" in yt.url.params["part"]
    assert ig.url.params["fields"].startswith("business_discovery.username(kemenkes_ri){followers_count")
    assert fb.url.params["fields"].startswith("id,name,username,followers_count")
    assert tt.method == "POST" and tt.url.path == "/v2/research/user/info/"
    assert json.loads(tt.content) == {"username": "kemenkes_ri"}


@pytest.mark.parametrize(("platform", "status", "answer"), [
    ("x", 200, "x_not_found.json"),
    ("youtube", 200, "youtube_empty.json"),
    ("instagram", 400, "instagram_not_business.json"),
    ("facebook", 404, "facebook_not_found.json"),
    ("tiktok", 400, "tiktok_not_found.json"),
])
def test_an_unknown_account_is_not_found(platform_answers, platform, status, answer):
    platform_answers.answers.append(httpx.Response(status, json=recorded(answer)))
    with pytest.raises(ConnectorError) as caught:
        get(platform).fetch_profile(Identity(platform, "tidakada_akun"))
    assert caught.value.code == "not_found"
    assert caught.value.message


def test_it_waits_as_long_as_retry_after_says_then_succeeds(platform_answers, monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(http, "sleep", slept.append)
    platform_answers.answers += [httpx.Response(429, headers={"Retry-After": "2"}),
                                 httpx.Response(200, json=recorded("x_user.json"))]
    assert get("x").fetch_profile(Identity("x", "kemenkesri")).followers == 3120455
    assert 2.0 in slept


def test_server_errors_are_retried_with_backoff_then_reported(platform_answers, settings):
    settings.CONNECTOR_MAX_RETRIES = 2
    platform_answers.answers += [httpx.Response(500), httpx.Response(502), httpx.Response(503)]
    with pytest.raises(ConnectorError) as caught:
        get("tiktok").fetch_profile(Identity("tiktok", "kemenkes_ri"))
    assert caught.value.code == "unavailable"
    assert len(platform_answers.calls) == 3


def test_a_retry_after_longer_than_we_wait_gives_up_at_once(platform_answers, settings):
    settings.CONNECTOR_MAX_WAIT_SECONDS = 5
    platform_answers.answers.append(httpx.Response(429, headers={"Retry-After": "3600"}))
    with pytest.raises(ConnectorError) as caught:
        get("x").fetch_profile(Identity("x", "kemenkesri"))
    assert caught.value.code == "rate_limited" and len(platform_answers.calls) == 1


@pytest.mark.parametrize("body", [b"<html>oops", b"", b'{"data": {"id": "1"}}', b'{"data": {"public_metrics": {'
                                  b'"followers_count": "banyak"}, "id": "1", "username": "a"}}'])
def test_garbage_is_a_bad_response_not_a_crash(platform_answers, body):
    platform_answers.answers.append(httpx.Response(200, content=body))
    with pytest.raises(ConnectorError) as caught:
        get("x").fetch_profile(Identity("x", "kemenkesri"))
    assert caught.value.code == "bad_response"


def test_a_network_failure_is_unavailable(settings, db):
    def broken(request):
        raise httpx.ConnectError("refused")

    with standin_platforms(settings, transport=httpx.MockTransport(broken)), pytest.raises(ConnectorError) as caught:
        get("instagram").fetch_profile(Identity("instagram", "kemenkes_ri"))
    assert caught.value.code == "unavailable"


def test_without_credentials_the_connector_says_it_is_not_configured(settings, db):
    settings.PLATFORM_STANDIN_URL = ""
    settings.CONNECTORS = {**settings.CONNECTORS, "x": {**settings.CONNECTORS["x"], "token": None}}
    with pytest.raises(ConnectorError) as caught:
        get("x").fetch_profile(Identity("x", "kemenkesri"))
    assert caught.value.code == "not_configured"


ACCOUNTS = {
    "x": SimpleNamespace(platform="x", handle="kemenkesri", platform_id="2244994945"),
    "instagram": SimpleNamespace(platform="instagram", handle="kemenkes_ri", platform_id="1784"),
    "facebook": SimpleNamespace(platform="facebook", handle="kemenkesri", platform_id="113553652018592"),
    "tiktok": SimpleNamespace(platform="tiktok", handle="kemenkes_ri", platform_id="kemenkes_ri"),
    "youtube": SimpleNamespace(platform="youtube", handle="kemenkesri", platform_id="UCmTw3VWdyQUfUdTa0NRnl3g"),
}


@pytest.mark.parametrize(("platform", "url", "expected"), [
    ("x", "https://x.com/KemenkesRI/status/1790000000000000000", "yes"),
    ("x", "https://twitter.com/KemenkesRI/status/1790000000000000000?s=20", "yes"),
    ("x", "https://x.com/orang_lain/status/1790000000000000000", "no"),
    ("x", "https://x.com/i/web/status/1790000000000000000", "unknown"),
    ("x", "https://www.instagram.com/kemenkes_ri/p/Cx1/", "no"),
    ("instagram", "https://www.instagram.com/kemenkes_ri/p/Cx1abc/", "yes"),
    ("instagram", "https://www.instagram.com/kemenkes_ri/reel/Cx1abc/", "yes"),
    ("instagram", "https://www.instagram.com/p/Cx1abc/", "unknown"),
    ("instagram", "https://www.instagram.com/orang.lain/p/Cx1abc/", "no"),
    ("facebook", "https://www.facebook.com/KemenkesRI/posts/pfbid02abc", "yes"),
    ("facebook", "https://www.facebook.com/permalink.php?story_fbid=1&id=113553652018592", "yes"),
    ("facebook", "https://www.facebook.com/share/p/abc/", "unknown"),
    ("facebook", "https://www.facebook.com/orang.lain/posts/1", "no"),
    ("tiktok", "https://www.tiktok.com/@kemenkes_ri/video/7300000000000000000", "yes"),
    ("tiktok", "https://www.tiktok.com/@orang/video/7300000000000000000", "no"),
    ("tiktok", "https://vm.tiktok.com/ZSabc/", "unknown"),
    ("youtube", "https://www.youtube.com/watch?v=abc", "unknown"),
    ("youtube", "https://www.youtube.com/@KemenkesRI/community", "yes"),
    ("youtube", "https://www.youtube.com/@lain/videos", "no"),
])
def test_post_urls_are_matched_to_the_account_that_made_them(platform, url, expected):
    account = ACCOUNTS[platform]
    assert post_url_check(url, account) == expected
    assert post_url_belongs_to(url, account) is (expected == "yes")


def test_each_connector_package_offers_post_url_belongs_to():
    from tangkal.connectors import instagram, x

    assert x.post_url_belongs_to("https://x.com/kemenkesri/status/1", ACCOUNTS["x"])
    assert not instagram.post_url_belongs_to("https://x.com/kemenkesri/status/1", ACCOUNTS["instagram"])
