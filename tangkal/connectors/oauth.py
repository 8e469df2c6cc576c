"""Signing in with a platform (OAuth 2.0 authorization code + PKCE, S256) to prove an account is one's own.

Google (for YouTube) and X share the machinery here: the state and the PKCE verifier are kept in the
session, used once, expire after PENDING_MAX_AGE seconds and are compared in constant time. Each
provider is a small description: its settings, scope, how the client authenticates to the token
endpoint and how the signed-in identity is read. The access token is used once to read that identity
and never stored; no refresh token is asked for.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote, urlencode

import httpx
from django.conf import settings

from tangkal.connectors import http
from tangkal.connectors.base import ConnectorError, Identity, Profile
from tangkal.connectors.x.connector import CONNECTOR as X_CONNECTOR
from tangkal.connectors.youtube.connector import CONNECTOR as YOUTUBE

PENDING_MAX_AGE = 600


@dataclass(frozen=True)
class Provider:
    name: str  # "google", "x": the session key and the name connectors use in `Connector.oauth`
    setting: str  # the settings dict with client_id, client_secret, authorize_url, token_url, api_base_url
    scope: str
    # Where the stand-in platform server answers, when PLATFORM_STANDIN_URL is set.
    standin_authorize_path: str
    standin_exchange_path: str
    # "body": client_id and client_secret in the form (Google). "basic": a confidential client sends
    # HTTP Basic client_id:client_secret, a public one (no secret) only client_id in the form (X).
    client_auth: Literal["body", "basic"]
    # Reads who signed in, given an open httpx client, the access token and the provider's settings.
    read: Callable[[httpx.Client, str, dict], Any]
    extra_params: tuple[tuple[str, str], ...] = ()

    @property
    def session_key(self) -> str:
        return f"oauth_{self.name}_pending"


def _read_google(client: httpx.Client, access_token: str, conf: dict) -> Profile:
    answer = client.get(f"{conf['api_base_url']}/youtube/v3/channels",
                        params={"part": "snippet,statistics", "mine": "true"},
                        headers={"Authorization": f"Bearer {access_token}"})
    if answer.status_code in (401, 403):
        raise ConnectorError("auth_failed")
    return YOUTUBE.parse_channels(answer.json())


def _read_x(client: httpx.Client, access_token: str, conf: dict) -> Identity:
    answer = client.get(f"{conf['api_base_url']}/2/users/me", headers={"Authorization": f"Bearer {access_token}"})
    if answer.status_code in (401, 403):
        raise ConnectorError("auth_failed")
    if answer.status_code == 429:
        raise ConnectorError("rate_limited")
    if answer.status_code >= 500:
        raise ConnectorError("unavailable")
    return X_CONNECTOR.parse_me(answer.json())


GOOGLE = Provider(
    name="google", setting="GOOGLE_OAUTH", scope="https://www.googleapis.com/auth/youtube.readonly",
    standin_authorize_path="/o/oauth2/v2/auth", standin_exchange_path="/token", client_auth="body",
    read=_read_google, extra_params=(("access_type", "online"), ("prompt", "select_account")),
)
# X requires tweet.read next to users.read for GET /2/users/me.
X = Provider(
    name="x", setting="X_OAUTH", scope="users.read tweet.read",
    standin_authorize_path="/i/oauth2/authorize", standin_exchange_path="/2/oauth2/token", client_auth="basic",
    read=_read_x,
)
PROVIDERS = {provider.name: provider for provider in (GOOGLE, X)}

# Kept for callers and tests that predate X.
SESSION_KEY = GOOGLE.session_key
SCOPE = GOOGLE.scope


def provider_settings(provider: Provider) -> dict:
    conf = dict(getattr(settings, provider.setting))
    base = settings.PLATFORM_STANDIN_URL
    if base:
        conf.update(authorize_url=f"{base}{provider.standin_authorize_path}",
                    token_url=f"{base}{provider.standin_exchange_path}", api_base_url=base)
        conf["client_id"] = conf["client_id"] or "tangkal-standin"
    return conf


def google_settings() -> dict:
    return provider_settings(GOOGLE)


def is_configured(name: str = "google") -> bool:
    provider = PROVIDERS.get(name)
    return provider is not None and bool(provider_settings(provider)["client_id"])


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(64)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    return verifier, challenge


def sign_in_start(provider: Provider, *, session, redirect_uri: str, params: dict | None = None,
                  context: dict | None = None) -> str:
    """Remember state, PKCE verifier, redirect URI and `context` in the session; the URL to send the person to."""
    conf = provider_settings(provider)
    if not conf["client_id"]:
        raise ConnectorError("not_configured")
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(24)
    session[provider.session_key] = {"state": state, "verifier": verifier, "redirect_uri": redirect_uri,
                                     "at": time.time(), "context": context or {}}
    query = {"client_id": conf["client_id"], "redirect_uri": redirect_uri, "response_type": "code",
             "scope": provider.scope, "state": state, "code_challenge": challenge, "code_challenge_method": "S256",
             **dict(provider.extra_params), **(params or {})}
    # %20 rather than "+" between scopes: X's documentation spells it so.
    return f"{conf['authorize_url']}?{urlencode(query, quote_via=quote)}"


def pending_take(provider: Provider, *, session, state: str) -> dict:
    """The pending sign-in this callback answers. Taken out of the session whatever the outcome, so a
    state is good once; refused when missing, expired or not the one this session was given."""
    pending = session.pop(provider.session_key, None)
    if (not isinstance(pending, dict) or not state or not isinstance(pending.get("state"), str)
            or not secrets.compare_digest(pending["state"].encode(), state.encode())
            or time.time() - pending.get("at", 0) > PENDING_MAX_AGE):
        raise ConnectorError("auth_failed")
    return pending


def sign_in_finish(provider: Provider, *, pending: dict, code: str) -> Any:
    """Exchange the code with the PKCE verifier and read who signed in; the token is then dropped."""
    if not code:
        raise ConnectorError("auth_failed")
    conf = provider_settings(provider)
    data = {"grant_type": "authorization_code", "code": code, "code_verifier": pending["verifier"],
            "redirect_uri": pending["redirect_uri"]}
    auth = None
    if provider.client_auth == "basic" and conf["client_secret"]:
        auth = httpx.BasicAuth(conf["client_id"], conf["client_secret"])
    else:
        data["client_id"] = conf["client_id"]
        if provider.client_auth == "body":
            data["client_secret"] = conf["client_secret"]
    try:
        with httpx.Client(timeout=settings.CONNECTOR_TIMEOUT_SECONDS, transport=http._transport_override) as client:
            token = client.post(conf["token_url"], data=data, auth=auth)
            if token.status_code != 200:
                raise ConnectorError("auth_failed")
            access_token = http.expect_dict(token.json(), "access_token")
            return provider.read(client, str(access_token), conf)
    except httpx.HTTPError as exc:
        raise ConnectorError("unavailable") from exc
    except ValueError as exc:
        raise ConnectorError("bad_response") from exc


# ---- Google (YouTube) --------------------------------------------------------------------------

def google_start(*, session, redirect_uri: str, login_hint: str = "") -> str:
    return sign_in_start(GOOGLE, session=session, redirect_uri=redirect_uri,
                         params={"login_hint": login_hint} if login_hint else None)


def google_finish(*, session, code: str, state: str) -> Profile:
    """Check state, exchange the code with the PKCE verifier and read the signed-in person's channel."""
    pending = pending_take(GOOGLE, session=session, state=state)
    return sign_in_finish(GOOGLE, pending=pending, code=code)


# ---- X ------------------------------------------------------------------------------------------

def x_start(*, session, redirect_uri: str, account: str) -> str:
    """Start signing in with X to prove the linked account `account` (its public id) is one's own."""
    return sign_in_start(X, session=session, redirect_uri=redirect_uri, context={"account": account})


def x_finish(*, pending: dict, code: str) -> Identity:
    """Who signed in with X (`pending` from `pending_take(X, ...)`): id and lower-case handle."""
    return sign_in_finish(X, pending=pending, code=code)
