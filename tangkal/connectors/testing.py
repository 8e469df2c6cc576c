"""Helpers for tests that talk to the platforms: route every connector to an in-process stand-in."""

from __future__ import annotations

import contextlib

import httpx

from tangkal.connectors import http
from tangkal.connectors.standin.app import StandIn

STANDIN_URL = "http://standin.test"


@contextlib.contextmanager
def standin_platforms(settings, *, app: StandIn | None = None, transport: httpx.BaseTransport | None = None):
    """Point every connector (and Google OAuth) at a fresh stand-in, served in-process."""
    app = app or StandIn()
    settings.PLATFORM_STANDIN_URL = STANDIN_URL
    settings.CONNECTOR_BACKOFF_SECONDS = 0
    settings.CONNECTOR_MAX_WAIT_SECONDS = 5
    previous_sleep = http.sleep
    http.sleep = lambda seconds: None
    http.set_transport(transport or httpx.WSGITransport(app=app))
    try:
        yield app
    finally:
        http.set_transport(None)
        http.sleep = previous_sleep
