"""A lean WSGI path for `/s/<code>` in front of Django.

A viral counter-campaign can bring thousands of clicks a second; the full middleware stack
(sessions, CSRF, auth, OTP, locale, CSP) does nothing useful for a redirect, so `/s/` is answered
here and everything else goes to Django. Wire it with `application = wrap(get_wsgi_application())`
in tangkal/wsgi.py, or serve `tangkal.campaigns.shortlink_wsgi:application` directly.
"""

from __future__ import annotations

import logging
from functools import cache

from django.conf import settings

logger = logging.getLogger(__name__)

PREFIX = "/s/"
NOT_FOUND_BODY = (
    b"<!doctype html><html lang=\"id\"><meta charset=\"utf-8\"><meta name=\"viewport\" "
    b"content=\"width=device-width, initial-scale=1\"><title>Tautan tidak ditemukan</title>"
    b"<h1>Tautan tidak ditemukan</h1><p>Tautan pendek ini tidak ada atau sudah tidak berlaku. "
    b"Periksa kembali tautannya.</p><p lang=\"en\">This short link does not exist.</p></html>"
)


@cache
def _security_headers() -> list[tuple[str, str]]:
    headers = [("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer-when-downgrade"),
               ("Cache-Control", "no-store, private")]
    if getattr(settings, "SECURE_HSTS_SECONDS", 0):
        headers.append(("Strict-Transport-Security", f"max-age={settings.SECURE_HSTS_SECONDS}; includeSubDomains"))
    return headers


def handle(environ, start_response):
    from tangkal.campaigns import clicks

    method = environ.get("REQUEST_METHOD", "GET")
    segment = environ.get("PATH_INFO", "")[len(PREFIX):].strip("/")
    try:
        destination = clicks.click(
            segment, ip=clicks.client_ip(environ), user_agent=environ.get("HTTP_USER_AGENT", ""),
            count=method == "GET",
        )
    except Exception:  # noqa: BLE001 - a broken lookup must not take the site down
        logger.exception("short link failed")
        start_response("503 Service Unavailable", [("Content-Type", "text/plain; charset=utf-8"),
                                                    ("Retry-After", "5"), *_security_headers()])
        return [b"Coba lagi sebentar."]
    if destination is None:
        body = b"" if method == "HEAD" else NOT_FOUND_BODY
        start_response("404 Not Found", [("Content-Type", "text/html; charset=utf-8"),
                                         ("Content-Length", str(len(NOT_FOUND_BODY))), *_security_headers()])
        return [body]
    start_response("302 Found", [("Location", destination), ("Content-Length", "0"), *_security_headers()])
    return [b""]


def wrap(django_app):
    """Answer GET/HEAD `/s/…` here; pass everything else to `django_app` untouched."""

    def application(environ, start_response):
        if environ.get("PATH_INFO", "").startswith(PREFIX) and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            return handle(environ, start_response)
        return django_app(environ, start_response)

    return application


def _build():
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangkal.settings")
    from django.core.wsgi import get_wsgi_application

    return wrap(get_wsgi_application())


def __getattr__(name: str):
    # `application` is built on first use so importing `wrap` never sets Django up by side effect.
    if name == "application":
        app = _build()
        globals()["application"] = app
        return app
    raise AttributeError(name)
