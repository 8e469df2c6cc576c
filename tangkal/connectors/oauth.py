"""Google OAuth 2.0 (authorization code + PKCE) proving that a person owns a YouTube channel.

Only the channel's identity and statistics are read (scope youtube.readonly); the access token is
used once and never stored.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from urllib.parse import urlencode

import httpx
from django.conf import settings

from tangkal.connectors import http
from tangkal.connectors.base import ConnectorError, Profile
from tangkal.connectors.youtube.connector import CONNECTOR as YOUTUBE

SESSION_KEY = "oauth_google_pending"
SCOPE = "https://www.googleapis.com/auth/youtube.readonly"
PENDING_MAX_AGE = 600


def google_settings() -> dict:
    conf = dict(settings.GOOGLE_OAUTH)
    base = settings.PLATFORM_STANDIN_URL
    if base:
        conf.update(authorize_url=f"{base}/o/oauth2/v2/auth", token_url=f"{base}/token", api_base_url=base)
        conf["client_id"] = conf["client_id"] or "tangkal-standin"
    return conf


def is_configured() -> bool:
    return bool(google_settings()["client_id"])


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(64)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    return verifier, challenge


def google_start(*, session, redirect_uri: str, login_hint: str = "") -> str:
    """Remember state and PKCE verifier in the session; the URL to send the person to."""
    conf = google_settings()
    if not conf["client_id"]:
        raise ConnectorError("not_configured")
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(24)
    session[SESSION_KEY] = {"state": state, "verifier": verifier, "redirect_uri": redirect_uri, "at": time.time()}
    params = {"client_id": conf["client_id"], "redirect_uri": redirect_uri, "response_type": "code",
              "scope": SCOPE, "state": state, "code_challenge": challenge, "code_challenge_method": "S256",
              "access_type": "online", "prompt": "select_account"}
    if login_hint:
        params["login_hint"] = login_hint
    return f"{conf['authorize_url']}?{urlencode(params)}"


def google_finish(*, session, code: str, state: str) -> Profile:
    """Check state, exchange the code with the PKCE verifier and read the signed-in person's channel."""
    pending = session.pop(SESSION_KEY, None)
    if (not pending or not state or not code or not secrets.compare_digest(pending["state"], state)
            or time.time() - pending["at"] > PENDING_MAX_AGE):
        raise ConnectorError("auth_failed")
    conf = google_settings()
    try:
        with httpx.Client(timeout=settings.CONNECTOR_TIMEOUT_SECONDS, transport=http._transport_override) as client:
            token = client.post(conf["token_url"], data={
                "grant_type": "authorization_code", "code": code, "code_verifier": pending["verifier"],
                "redirect_uri": pending["redirect_uri"], "client_id": conf["client_id"],
                "client_secret": conf["client_secret"],
            })
            if token.status_code != 200:
                raise ConnectorError("auth_failed")
            access_token = http.expect_dict(token.json(), "access_token")
            answer = client.get(f"{conf['api_base_url']}/youtube/v3/channels",
                                params={"part": "snippet,statistics", "mine": "true"},
                                headers={"Authorization": f"Bearer {access_token}"})
    except httpx.HTTPError as exc:
        raise ConnectorError("unavailable") from exc
    except ValueError as exc:
        raise ConnectorError("bad_response") from exc
    if answer.status_code in (401, 403):
        raise ConnectorError("auth_failed")
    try:
        data = answer.json()
    except ValueError as exc:
        raise ConnectorError("bad_response") from exc
    return YOUTUBE.parse_channels(data)
