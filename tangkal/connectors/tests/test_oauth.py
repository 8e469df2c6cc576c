"""Signing in with a platform: the shared state/PKCE machinery, X's documented request and answer
formats (through httpx.MockTransport) and the stand-in's X endpoints, refusals included."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from tangkal.connectors import http, oauth
from tangkal.connectors.base import ConnectorError, Identity
from tangkal.connectors.standin.app import StandIn, x_id
from tangkal.connectors.testing import STANDIN_URL, standin_platforms

RECORDED = Path(__file__).parent / "recorded"
CALLBACK = "https://tangkal.test/saya/akun/x/kembali/"


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text())


def challenge_of(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")


@pytest.fixture
def x_app(settings):
    """X configured as a real deployment would be: no stand-in, X's own endpoints."""
    settings.PLATFORM_STANDIN_URL = ""
    settings.X_OAUTH = {**settings.X_OAUTH, "client_id": "cGxhdGZvcm0tY2xpZW50", "client_secret": "rahasia-x"}
    return settings.X_OAUTH


@pytest.fixture
def x_answers():
    """X's answers in its documented format; collects the requests Tangkal makes."""
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if request.url.path == "/2/oauth2/token":
            return httpx.Response(200, json=recorded("x_oauth2_token.json"))
        if request.url.path == "/2/users/me":
            if request.headers.get("Authorization") != "Bearer " + recorded("x_oauth2_token.json")["access_token"]:
                return httpx.Response(401, json={"title": "Unauthorized", "type": "about:blank", "status": 401,
                                                 "detail": "Unauthorized"})
            return httpx.Response(200, json=recorded("x_users_me.json"))
        return httpx.Response(404)

    http.set_transport(httpx.MockTransport(handler))
    yield SimpleNamespace(calls=calls)
    http.set_transport(None)


def start_x(session: dict) -> dict:
    url = oauth.x_start(session=session, redirect_uri=CALLBACK, account="akun-1")
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()} | {"_url": url}


def test_the_x_authorize_url_follows_x_documentation(x_app):
    session: dict = {}
    query = start_x(session)
    assert query["_url"].startswith("https://x.com/i/oauth2/authorize?")
    assert "scope=users.read%20tweet.read" in query["_url"]
    assert (query["response_type"], query["client_id"], query["redirect_uri"]) == ("code", x_app["client_id"], CALLBACK)
    assert query["code_challenge_method"] == "S256"
    pending = session[oauth.X.session_key]
    assert query["state"] == pending["state"] and query["code_challenge"] == challenge_of(pending["verifier"])
    assert pending["context"] == {"account": "akun-1"}
    assert 43 <= len(pending["verifier"]) <= 128


def test_a_confidential_x_client_authenticates_with_http_basic_and_the_token_is_used_once(x_app, x_answers):
    session: dict = {}
    query = start_x(session)
    pending = oauth.pending_take(oauth.X, session=session, state=query["state"])
    found = oauth.x_finish(pending=pending, code="kode-dari-x")
    assert found == Identity("x", "dewi_lestari", "2244994945")
    token_call, me_call = x_answers.calls
    assert str(token_call.url) == "https://api.x.com/2/oauth2/token"
    basic = base64.b64encode(f"{x_app['client_id']}:{x_app['client_secret']}".encode()).decode()
    assert token_call.headers["Authorization"] == f"Basic {basic}"
    assert token_call.headers["Content-Type"] == "application/x-www-form-urlencoded"
    form = {k: v[0] for k, v in parse_qs(token_call.content.decode()).items()}
    assert form == {"grant_type": "authorization_code", "code": "kode-dari-x", "redirect_uri": CALLBACK,
                    "code_verifier": pending["verifier"]}
    assert str(me_call.url) == "https://api.x.com/2/users/me" and me_call.method == "GET"
    assert oauth.X.session_key not in session


def test_a_public_x_client_sends_its_client_id_in_the_form(x_app, x_answers, settings):
    settings.X_OAUTH = {**x_app, "client_secret": ""}
    session: dict = {}
    query = start_x(session)
    oauth.x_finish(pending=oauth.pending_take(oauth.X, session=session, state=query["state"]), code="k")
    token_call = x_answers.calls[0]
    assert "Authorization" not in token_call.headers
    form = parse_qs(token_call.content.decode())
    assert form["client_id"] == [x_app["client_id"]] and "client_secret" not in form


def test_google_still_sends_its_client_secret_in_the_form(settings, x_answers):
    settings.PLATFORM_STANDIN_URL = ""
    settings.GOOGLE_OAUTH = {**settings.GOOGLE_OAUTH, "client_id": "g-id", "client_secret": "g-rahasia"}
    session: dict = {}
    url = oauth.google_start(session=session, redirect_uri=CALLBACK, login_hint="dewi")
    query = parse_qs(urlsplit(url).query)
    assert url.startswith("https://accounts.google.com/o/oauth2/v2/auth?")
    assert (query["access_type"], query["prompt"], query["login_hint"]) == (["online"], ["select_account"], ["dewi"])
    assert oauth.SESSION_KEY == "oauth_google_pending" and oauth.SESSION_KEY in session
    with pytest.raises(ConnectorError):  # the mock has no Google channel answer
        oauth.google_finish(session=session, code="c", state=query["state"][0])
    form = parse_qs(x_answers.calls[0].content.decode())
    assert form["client_id"] == ["g-id"] and form["client_secret"] == ["g-rahasia"]
    assert "Authorization" not in x_answers.calls[0].headers


@pytest.mark.parametrize("state", ["", "palsu", "é-bukan-ascii"])
def test_a_forged_or_missing_state_is_refused_and_uses_up_the_pending_sign_in(x_app, state):
    session: dict = {}
    start_x(session)
    with pytest.raises(ConnectorError) as caught:
        oauth.pending_take(oauth.X, session=session, state=state)
    assert caught.value.code == "auth_failed"
    assert oauth.X.session_key not in session


def test_a_state_is_good_once(x_app):
    session: dict = {}
    query = start_x(session)
    oauth.pending_take(oauth.X, session=session, state=query["state"])
    with pytest.raises(ConnectorError):
        oauth.pending_take(oauth.X, session=session, state=query["state"])


def test_an_expired_sign_in_is_refused(x_app):
    session: dict = {}
    query = start_x(session)
    session[oauth.X.session_key]["at"] = time.time() - oauth.PENDING_MAX_AGE - 1
    with pytest.raises(ConnectorError):
        oauth.pending_take(oauth.X, session=session, state=query["state"])


def test_a_google_state_does_not_answer_an_x_callback(x_app, settings):
    settings.GOOGLE_OAUTH = {**settings.GOOGLE_OAUTH, "client_id": "g-id"}
    session: dict = {}
    url = oauth.google_start(session=session, redirect_uri=CALLBACK)
    with pytest.raises(ConnectorError):
        oauth.pending_take(oauth.X, session=session, state=parse_qs(urlsplit(url).query)["state"][0])
    assert oauth.GOOGLE.session_key in session


def test_x_is_not_offered_without_a_client_id(settings):
    settings.PLATFORM_STANDIN_URL = ""
    settings.X_OAUTH = {**settings.X_OAUTH, "client_id": ""}
    assert not oauth.is_configured("x")
    with pytest.raises(ConnectorError) as caught:
        oauth.x_start(session={}, redirect_uri=CALLBACK, account="a")
    assert caught.value.code == "not_configured"
    settings.PLATFORM_STANDIN_URL = STANDIN_URL
    assert oauth.is_configured("x")
    assert oauth.provider_settings(oauth.X)["token_url"] == f"{STANDIN_URL}/2/oauth2/token"


@pytest.mark.parametrize(("answer", "code"), [
    ({"data": {"id": "12", "name": "x"}}, "bad_response"),
    ({"data": {"id": "bukan-angka", "username": "dewi"}}, "bad_response"),
    ({"title": "Unauthorized", "status": 401}, "bad_response"),
])
def test_an_unexpected_users_me_answer_is_bad_response(answer, code):
    from tangkal.connectors.registry import get

    with pytest.raises(ConnectorError) as caught:
        get("x").parse_me(answer)
    assert caught.value.code == code


# ---- the stand-in's X endpoints -------------------------------------------------------------------

@pytest.fixture
def standin(settings):
    with standin_platforms(settings) as app:
        yield app


@pytest.fixture
def browser(standin):
    with httpx.Client(transport=httpx.WSGITransport(app=standin), base_url=STANDIN_URL) as client:
        yield client


def authorize(browser, session: dict, **extra) -> httpx.Response:
    url = oauth.x_start(session=session, redirect_uri=CALLBACK, account="a")
    return browser.get(url + ("&" + urlencode(extra) if extra else ""))


def test_the_standin_signs_in_its_test_user_and_answers_users_me(standin, browser):
    standin.x_signed_in = "Dewi_900"
    session: dict = {}
    consent = authorize(browser, session)
    assert consent.status_code == 302
    back = parse_qs(urlsplit(consent.headers["Location"]).query)
    pending = oauth.pending_take(oauth.X, session=session, state=back["state"][0])
    assert oauth.x_finish(pending=pending, code=back["code"][0]) == Identity("x", "dewi_900", x_id("dewi_900"))
    assert not standin.x_codes


def test_without_a_test_user_the_standin_asks_who_signs_in(standin, browser):
    session: dict = {}
    page = authorize(browser, session)
    assert page.status_code == 200 and "standin_user" in page.text and "Batalkan" in page.text
    chosen = authorize(browser, session, standin_user="budi_600", standin_decision="allow")
    assert chosen.status_code == 302 and "code=" in chosen.headers["Location"]


def test_the_standin_sends_access_denied_when_consent_is_refused(standin, browser):
    session: dict = {}
    denied = authorize(browser, session, standin_decision="deny")
    back = parse_qs(urlsplit(denied.headers["Location"]).query)
    assert back["error"] == ["access_denied"] and back["state"] == [session[oauth.X.session_key]["state"]]
    assert "code" not in back


def test_the_standin_refuses_a_reused_code_with_invalid_grant_and_revokes_its_token(standin, browser):
    standin.x_signed_in = "dewi"
    session: dict = {}
    back = parse_qs(urlsplit(authorize(browser, session).headers["Location"]).query)
    verifier = session[oauth.X.session_key]["verifier"]
    form = {"grant_type": "authorization_code", "code": back["code"][0], "redirect_uri": CALLBACK,
            "code_verifier": verifier, "client_id": "tangkal-standin"}
    first = browser.post("/2/oauth2/token", data=form)
    assert first.status_code == 200 and first.json()["token_type"] == "bearer"
    assert first.json()["scope"] == "users.read tweet.read" and first.json()["expires_in"] == 7200
    token = first.json()["access_token"]
    assert browser.get("/2/users/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    again = browser.post("/2/oauth2/token", data=form)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    assert browser.get("/2/users/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


@pytest.mark.parametrize(("change", "status", "error"), [
    ({"code_verifier": "bukan-verifier-yang-benar-sama-sekali-tidak-cocok-xxxxx"}, 400, "invalid_grant"),
    ({"redirect_uri": "https://lain.test/kembali/"}, 400, "invalid_grant"),
    ({"client_id": "klien-lain"}, 400, "invalid_grant"),
    ({"client_id": ""}, 401, "invalid_client"),
    ({"grant_type": "client_credentials"}, 400, "unsupported_grant_type"),
])
def test_the_standin_token_endpoint_refuses_what_x_refuses(standin, browser, change, status, error):
    standin.x_signed_in = "dewi"
    session: dict = {}
    back = parse_qs(urlsplit(authorize(browser, session).headers["Location"]).query)
    form = {"grant_type": "authorization_code", "code": back["code"][0], "redirect_uri": CALLBACK,
            "code_verifier": session[oauth.X.session_key]["verifier"], "client_id": "tangkal-standin", **change}
    answer = browser.post("/2/oauth2/token", data=form)
    assert (answer.status_code, answer.json()["error"]) == (status, error)


def test_the_standin_accepts_http_basic_from_a_confidential_client(standin, browser):
    standin.x_signed_in = "dewi"
    session: dict = {}
    back = parse_qs(urlsplit(authorize(browser, session).headers["Location"]).query)
    answer = browser.post("/2/oauth2/token", auth=("tangkal-standin", "rahasia"), data={
        "grant_type": "authorization_code", "code": back["code"][0], "redirect_uri": CALLBACK,
        "code_verifier": session[oauth.X.session_key]["verifier"]})
    assert answer.status_code == 200


def test_the_standin_answers_401_in_x_format_to_a_bad_token(browser):
    answer = browser.get("/2/users/me", headers={"Authorization": "Bearer palsu"})
    assert answer.status_code == 401
    assert answer.json() == {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}


def test_the_standin_refuses_an_authorize_request_without_pkce(browser):
    answer = browser.get("/i/oauth2/authorize", params={"response_type": "code", "client_id": "c", "state": "s",
                                                        "redirect_uri": CALLBACK, "scope": "users.read tweet.read"})
    assert answer.status_code == 400 and "code_challenge" in answer.text


def test_the_standin_x_user_can_be_set_over_http(standin, browser):
    assert browser.post("/_standin/x-user", data={"username": "@dewi_700"}).json() == {"x_signed_in": "dewi_700"}
    assert standin.x_signed_in == "dewi_700"
    browser.post("/_standin/x-user", data={"username": ""})
    assert standin.x_signed_in is None
    assert StandIn().x_signed_in is None
