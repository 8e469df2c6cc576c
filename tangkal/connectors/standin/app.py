"""The stand-in's WSGI application.

Deterministic accounts: any handle exists; a handle ending in `_<digits>` (or `.<digits>`) has exactly
that many followers (`dewi_750` → 750), any other handle gets a stable number from its hash. Handles that
start with a switch word misbehave on purpose:

    hilang…  404 / "not found" in the platform's own format      privat…  private / protected
    sibuk…   429 with Retry-After: 1                               rusak…   500
    sampah…  200 with a body that is not JSON                      lambat…  answers after 2 s

`POST /_standin/mode` with `mode=ok|429|500|garbage|404` switches every answer at once;
`/_standin/bio` lets a person (or test) put a text in an account's bio; `/_standin/stats` lists
request times per platform (the budget benchmark reads it).

Signing in: Google's (`/o/oauth2/v2/auth`, `/token`) and X's (`/i/oauth2/authorize`,
`/2/oauth2/token`, `/2/users/me`) authorization code + PKCE flows. X's consent page approves at once
for the test user in `x_signed_in` (set it directly or with `POST /_standin/x-user`), otherwise it
asks for a username and offers "allow" and "deny" (deny redirects back with error=access_denied).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import secrets
import socketserver
import threading
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
EXACT = re.compile(r".*[._](\d{1,9})$")
ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_"


def _digest(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:8], "big")


def followers_for(platform: str, handle: str, *, today: datetime | None = None) -> int:
    handle = handle.lower()
    exact = EXACT.fullmatch(handle)
    if exact:
        return int(exact.group(1))
    h = _digest(platform, handle)
    base = [40, 180, 420, 650, 1200, 3500, 9000, 25000][h % 8] + (h >> 8) % 300
    days = ((today or datetime.now(UTC)) - EPOCH).days
    return base + max(days, 0) * (base // 2000)


def created_for(platform: str, handle: str) -> datetime:
    return datetime(2012, 1, 1, tzinfo=UTC) + timedelta(days=_digest("created", platform, handle) % 4000)


def x_id(handle: str) -> str:
    """A numeric id that encodes the handle, so lookups by id survive a restart."""
    value = 0
    for char in handle.lower():
        value = value * 37 + ID_ALPHABET.index(char) + 1
    return str(value)


def x_handle(user_id: str) -> str | None:
    try:
        value = int(user_id)
    except ValueError:
        return None
    chars = []
    while value:
        value, rest = divmod(value - 1, 37)
        chars.append(ID_ALPHABET[rest])
    return "".join(reversed(chars)) or None


def yt_channel_id(handle: str) -> str:
    raw = hashlib.sha256(("yt|" + handle.lower()).encode()).digest()[:17]
    return "UC" + base64.urlsafe_b64encode(raw).decode()[:22]


class StandIn:
    def __init__(self):
        self.lock = threading.Lock()
        self.mode = "ok"
        self.bios: dict[tuple[str, str], str] = {}
        self.requests: dict[str, list[float]] = {}
        self.oauth_codes: dict[str, dict] = {}
        self.oauth_tokens: dict[str, str] = {}
        self.yt_ids: dict[str, str] = {}
        # X sign-in: the username "signed in at x.com" (consent is then automatic), codes, tokens.
        self.x_signed_in: str | None = None
        self.x_codes: dict[str, dict] = {}
        self.x_used_codes: dict[str, str] = {}
        self.x_tokens: dict[str, dict] = {}

    # ---- WSGI plumbing -------------------------------------------------------------------
    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        body = b""
        if method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length) if length else b""
        status, headers, payload = self.route(method, path, query, body, environ)
        start_response(status, headers)
        return [payload]

    def json(self, status: int, data, extra_headers=None):
        reason = {200: "OK", 302: "Found", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
                  429: "Too Many Requests", 500: "Internal Server Error"}.get(status, "OK")
        headers = [("Content-Type", "application/json")] + list(extra_headers or [])
        return f"{status} {reason}", headers, json.dumps(data).encode()

    def html(self, text: str, status: str = "200 OK"):
        page = ("<!doctype html><html lang='id'><meta charset='utf-8'>"
                "<meta name='viewport' content='width=device-width'><title>Stand-in</title><body>"
                + text + "</body></html>")
        return status, [("Content-Type", "text/html; charset=utf-8")], page.encode()

    def record(self, platform: str) -> None:
        with self.lock:
            self.requests.setdefault(platform, []).append(time.time())

    def misbehave(self, handle: str):
        """A forced answer for the switch words or the global mode, else None."""
        mode = self.mode
        for word, forced in (("hilang", "404"), ("sibuk", "429"), ("rusak", "500"), ("sampah", "garbage"),
                             ("privat", "private")):
            if handle.lower().startswith(word):
                mode = forced
        if handle.lower().startswith("lambat"):
            time.sleep(2)
        if mode == "429":
            return self.json(429, {"title": "Too Many Requests", "status": 429}, [("Retry-After", "1")])
        if mode == "500":
            return self.json(500, {"error": "internal"})
        if mode == "garbage":
            return "200 OK", [("Content-Type", "application/json")], b"<html>oops{"
        return mode if mode in ("404", "private") else None

    # ---- routes ----------------------------------------------------------------------------
    def route(self, method, path, query, body, environ):
        if path.startswith("/_standin"):
            return self.control(method, path, query, body)
        if path == "/2/users/me":
            return self.x_me(environ)
        if path == "/i/oauth2/authorize":
            return self.x_authorize(query)
        if path == "/2/oauth2/token" and method == "POST":
            return self.x_token(body, environ)
        if path.startswith("/2/users/"):
            return self.x(path, environ)
        if path == "/youtube/v3/channels":
            return self.youtube(query, environ)
        if path.startswith("/v2/research/user/info"):
            return self.tiktok(body)
        if re.fullmatch(r"/v\d+\.\d+/[^/]+", path):
            return self.graph(path, query)
        if path == "/o/oauth2/v2/auth":
            return self.oauth_authorize(query)
        if path == "/token" and method == "POST":
            return self.oauth_token(body)
        return self.json(404, {"error": "no such path in the stand-in"})

    def x(self, path, environ):
        self.record("x")
        parts = path.split("/")
        handle = parts[-1] if "by" in parts else (x_handle(parts[-1]) or "hilang")
        forced = self.misbehave(handle)
        if isinstance(forced, tuple):
            return forced
        if forced == "404":
            return self.json(200, {"errors": [{"value": handle, "detail": f"Could not find user with username: [{handle}].",
                                                "title": "Not Found Error", "resource_type": "user",
                                                "parameter": "username",
                                                "type": "https://api.twitter.com/2/problems/resource-not-found"}]})
        return self.json(200, {"data": {
            "id": x_id(handle), "name": handle.replace("_", " ").title(), "username": handle,
            "created_at": created_for("x", handle).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "description": self.bios.get(("x", handle.lower()), ""), "protected": forced == "private",
            "public_metrics": {"followers_count": followers_for("x", handle), "following_count": 210,
                               "tweet_count": 1520, "listed_count": 3, "like_count": 800},
        }})

    def youtube(self, query, environ):
        self.record("youtube")
        if query.get("mine") == "true":
            token = environ.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ").strip()
            handle = self.oauth_tokens.get(token)
            if handle is None:
                return self.json(401, {"error": {"code": 401, "message": "Request had invalid authentication credentials.",
                                                 "status": "UNAUTHENTICATED"}})
        elif "forHandle" in query:
            handle = query["forHandle"].lstrip("@").lower()
        elif "id" in query:
            handle = self.yt_ids.get(query["id"], "kanal" + query["id"][2:10].lower())
        else:
            return self.json(400, {"error": {"code": 400, "message": "No filter selected."}})
        forced = self.misbehave(handle)
        if isinstance(forced, tuple):
            return forced
        if forced == "404":
            return self.json(200, {"kind": "youtube#channelListResponse", "etag": "x",
                                   "pageInfo": {"totalResults": 0, "resultsPerPage": 5}})
        channel_id = query.get("id") or yt_channel_id(handle)
        self.yt_ids[channel_id] = handle
        return self.json(200, {
            "kind": "youtube#channelListResponse", "etag": "standin",
            "pageInfo": {"totalResults": 1, "resultsPerPage": 5},
            "items": [{"kind": "youtube#channel", "etag": "standin", "id": channel_id,
                       "snippet": {"title": handle.title(), "customUrl": "@" + handle,
                                   "description": self.bios.get(("youtube", handle), ""),
                                   "publishedAt": created_for("youtube", handle).strftime("%Y-%m-%dT%H:%M:%SZ")},
                       "statistics": {"viewCount": "123456", "subscriberCount": str(followers_for("youtube", handle)),
                                      "hiddenSubscriberCount": forced == "private", "videoCount": "42"}}],
        })

    def graph(self, path, query):
        node = path.rsplit("/", 1)[-1]
        fields = query.get("fields", "")
        if fields.startswith("business_discovery"):
            self.record("instagram")
            match = re.match(r"business_discovery\.username\(([^)]*)\)", fields)
            handle = (match.group(1) if match else "").lower()
            forced = self.misbehave(handle)
            if isinstance(forced, tuple):
                return forced
            if forced in ("404", "private"):
                return self.json(400, {"error": {"message": "Invalid user id", "type": "OAuthException", "code": 110,
                                                 "error_subcode": 2207013, "error_user_title": "Cannot find User",
                                                 "fbtrace_id": "standin"}})
            return self.json(200, {"business_discovery": {
                "followers_count": followers_for("instagram", handle), "media_count": 77,
                "biography": self.bios.get(("instagram", handle), ""), "username": handle,
                "id": str(_digest("ig", handle) % 10**17)}, "id": node})
        self.record("facebook")
        handle = node.lower()
        forced = self.misbehave(handle)
        if isinstance(forced, tuple):
            return forced
        if forced in ("404", "private"):
            return self.json(404, {"error": {"message": f"(#803) Some of the aliases you requested do not exist: {node}",
                                             "type": "OAuthException", "code": 803, "fbtrace_id": "standin"}})
        return self.json(200, {"id": node if node.isdigit() else str(_digest("fb", handle) % 10**15),
                               "name": handle.title(), "username": "" if node.isdigit() else handle,
                               "followers_count": followers_for("facebook", handle),
                               "about": self.bios.get(("facebook", handle), "")})

    def tiktok(self, body):
        self.record("tiktok")
        try:
            handle = str(json.loads(body or b"{}").get("username", "")).lower()
        except ValueError:
            return self.json(400, {"data": {}, "error": {"code": "invalid_params", "message": "bad body", "log_id": "s"}})
        forced = self.misbehave(handle)
        if isinstance(forced, tuple):
            return forced
        if forced == "404":
            return self.json(400, {"data": {}, "error": {"code": "invalid_params",
                                                         "message": "The user does not exist", "log_id": "standin"}})
        if forced == "private":
            return self.json(400, {"data": {}, "error": {"code": "user_has_private_account",
                                                         "message": "This user has a private account", "log_id": "s"}})
        return self.json(200, {"data": {"display_name": handle.title(),
                                        "bio_description": self.bios.get(("tiktok", handle), ""),
                                        "is_verified": False, "follower_count": followers_for("tiktok", handle),
                                        "following_count": 99, "likes_count": 12345, "video_count": 31},
                               "error": {"code": "ok", "message": "", "log_id": "standin"}})

    # ---- Google OAuth (authorization code + PKCE) ----------------------------------------------
    def oauth_authorize(self, query):
        for key in ("client_id", "redirect_uri", "state", "code_challenge"):
            if not query.get(key):
                return self.html(f"<p>missing {html.escape(key)}</p>", "400 Bad Request")
        if query.get("code_challenge_method") != "S256":
            return self.html("<p>code_challenge_method must be S256</p>", "400 Bad Request")
        handle = query.get("login_hint", "").lstrip("@").lower()
        if not handle:
            hidden = "".join(f"<input type='hidden' name='{html.escape(k)}' value='{html.escape(v)}'>"
                             for k, v in query.items())
            return self.html("<h1>Google (stand-in)</h1><form method='get'>" + hidden +
                             "<label>Handle kanal YouTube Anda <input name='login_hint' required></label>"
                             "<button>Izinkan Tangkal membaca kanal</button></form>")
        code = secrets.token_urlsafe(16)
        self.oauth_codes[code] = {"handle": handle, "challenge": query["code_challenge"],
                                  "redirect_uri": query["redirect_uri"], "client_id": query["client_id"]}
        target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
        return "302 Found", [("Location", target)], b""

    def oauth_token(self, body):
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        grant = self.oauth_codes.pop(form.get("code", ""), None)
        if form.get("grant_type") != "authorization_code" or grant is None:
            return self.json(400, {"error": "invalid_grant", "error_description": "Bad code."})
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
        if challenge != grant["challenge"] or form.get("redirect_uri") != grant["redirect_uri"]:
            return self.json(400, {"error": "invalid_grant", "error_description": "PKCE verification failed."})
        token = "ya29." + secrets.token_urlsafe(24)
        self.oauth_tokens[token] = grant["handle"]
        return self.json(200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer",
                               "scope": "https://www.googleapis.com/auth/youtube.readonly"})

    # ---- X OAuth 2.0 (authorization code + PKCE) ------------------------------------------------
    X_CODE_SECONDS = 30  # X's authorization codes are good for 30 seconds
    X_TOKEN_SECONDS = 7200

    def x_authorize(self, query):
        """X's consent screen. Invalid requests get an error page, never a redirect (as on x.com)."""
        for key in ("client_id", "redirect_uri", "state", "code_challenge", "scope"):
            if not query.get(key):
                return self.html(f"<p>missing {html.escape(key)}</p>", "400 Bad Request")
        if query.get("response_type") != "code":
            return self.html("<p>response_type must be code</p>", "400 Bad Request")
        method = query.get("code_challenge_method", "plain")
        if method not in ("S256", "plain"):
            return self.html("<p>code_challenge_method must be S256 or plain</p>", "400 Bad Request")
        if not {"users.read", "tweet.read"} <= set(query["scope"].split()):
            return self.html("<p>GET /2/users/me needs users.read and tweet.read</p>", "400 Bad Request")
        back = query["redirect_uri"] + ("&" if "?" in query["redirect_uri"] else "?")
        if query.get("standin_decision") == "deny":
            return "302 Found", [("Location", back + urlencode({"error": "access_denied", "state": query["state"]}))], b""
        username = query.get("standin_user") or self.x_signed_in or ""
        if not username:
            hidden = "".join(f"<input type='hidden' name='{html.escape(k)}' value='{html.escape(v)}'>"
                             for k, v in query.items() if not k.startswith("standin_"))
            return self.html("<h1>X (stand-in)</h1><p>Tangkal ingin membaca akun X Anda (users.read tweet.read).</p>"
                             "<form method='get'>" + hidden +
                             "<label>Nama pengguna X Anda <input name='standin_user' pattern='[A-Za-z0-9_]{1,15}'"
                             " required></label> <button name='standin_decision' value='allow'>Izinkan</button>"
                             " <button name='standin_decision' value='deny' formnovalidate>Batalkan</button></form>")
        if not re.fullmatch(r"[A-Za-z0-9_]{1,15}", username):
            return self.html("<p>username: 1-15 letters, digits or _</p>", "400 Bad Request")
        code = secrets.token_urlsafe(32)
        self.x_codes[code] = {"username": username, "challenge": query["code_challenge"], "method": method,
                              "redirect_uri": query["redirect_uri"], "client_id": query["client_id"],
                              "scope": query["scope"], "at": time.time()}
        return "302 Found", [("Location", back + urlencode({"state": query["state"], "code": code}))], b""

    def _x_token_error(self, status: int, error: str, description: str):
        return self.json(status, {"error": error, "error_description": description})

    def x_token(self, body, environ):
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        authorization = environ.get("HTTP_AUTHORIZATION", "")
        if authorization.startswith("Basic "):  # a confidential client
            try:
                client_id, _sep, secret = base64.b64decode(authorization[6:]).decode().partition(":")
            except ValueError:
                client_id, secret = "", ""
            if not client_id or not secret:
                return self._x_token_error(401, "invalid_client", "Missing valid authorization header")
        else:  # a public client identifies itself in the form
            client_id = form.get("client_id", "")
            if not client_id:
                return self._x_token_error(401, "invalid_client", "Missing valid authorization header")
        if form.get("grant_type") != "authorization_code":
            return self._x_token_error(400, "unsupported_grant_type", "Only authorization_code is supported here.")
        code = form.get("code", "")
        grant = self.x_codes.pop(code, None)
        if grant is None:
            # A code presented twice: refuse it and revoke what it gave the first time (RFC 6749 4.1.2).
            self.x_tokens.pop(self.x_used_codes.pop(code, ""), None)
            return self._x_token_error(400, "invalid_grant", "Value passed for the authorization code was invalid.")
        verifier = form.get("code_verifier", "")
        if grant["method"] == "S256":
            verifier = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
        if (time.time() - grant["at"] > self.X_CODE_SECONDS or client_id != grant["client_id"]
                or form.get("redirect_uri") != grant["redirect_uri"] or verifier != grant["challenge"]):
            return self._x_token_error(400, "invalid_grant", "Value passed for the authorization code was invalid.")
        token = secrets.token_urlsafe(40)
        self.x_tokens[token] = {"username": grant["username"], "until": time.time() + self.X_TOKEN_SECONDS}
        self.x_used_codes[code] = token
        return self.json(200, {"token_type": "bearer", "expires_in": self.X_TOKEN_SECONDS, "access_token": token,
                               "scope": grant["scope"]})

    def x_me(self, environ):
        token = environ.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ").strip()
        held = self.x_tokens.get(token)
        if held is None or held["until"] < time.time():
            return self.json(401, {"title": "Unauthorized", "type": "about:blank", "status": 401,
                                   "detail": "Unauthorized"})
        username = held["username"]
        forced = self.misbehave(username)
        if isinstance(forced, tuple):
            return forced
        return self.json(200, {"data": {"id": x_id(username), "name": username.replace("_", " ").title(),
                                        "username": username}})

    # ---- control ----------------------------------------------------------------------------
    def control(self, method, path, query, body):
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()} if method == "POST" else query
        if path == "/_standin/mode" and method == "POST":
            self.mode = form.get("mode", "ok")
            return self.json(200, {"mode": self.mode})
        if path == "/_standin/stats":
            with self.lock:
                return self.json(200, {"requests": self.requests})
        if path == "/_standin/reset" and method == "POST":
            with self.lock:
                self.requests.clear()
            self.mode = "ok"
            return self.json(200, {"ok": True})
        if path == "/_standin/x-user" and method == "POST":
            username = form.get("username", "").lstrip("@")
            if username and not re.fullmatch(r"[A-Za-z0-9_]{1,15}", username):
                return self.json(400, {"error": "username: 1-15 letters, digits or _"})
            self.x_signed_in = username or None
            return self.json(200, {"x_signed_in": self.x_signed_in})
        if path == "/_standin/bio":
            if method == "POST":
                key = (form.get("platform", ""), form.get("handle", "").lstrip("@").lower())
                self.bios[key] = form.get("bio", "")
                return self.html(f"<p>Bio {html.escape(key[0])}/@{html.escape(key[1])} disimpan.</p>"
                                 "<p><a href='/_standin/bio'>Kembali</a></p>")
            return self.html("<h1>Ubah bio (stand-in)</h1><form method='post'>"
                             "<label>Platform <select name='platform'><option>instagram</option><option>x</option>"
                             "<option>tiktok</option><option>facebook</option><option>youtube</option></select></label>"
                             "<label>Nama pengguna <input name='handle' required></label>"
                             "<label>Bio <input name='bio'></label><button>Simpan</button></form>")
        return self.json(404, {"error": "unknown control path"})


app = StandIn()


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):  # the benchmarks make thousands of requests
        pass


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


def make(host: str = "127.0.0.1", port: int = 8765, application: StandIn | None = None):
    return make_server(host, port, application or app, server_class=_ThreadingServer, handler_class=_QuietHandler)


def serve_in_thread(port: int = 0, application: StandIn | None = None):
    """Start a stand-in on a free port; returns (server, base_url). Call server.shutdown() to stop."""
    server = make("127.0.0.1", port, application)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_port}"
