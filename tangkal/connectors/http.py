"""The HTTP side of every connector: timeouts, retries with backoff, Retry-After and the shared budget."""

from __future__ import annotations

import email.utils
import logging
import random
import threading
import time
from typing import Any

import httpx
from django.conf import settings

from tangkal.connectors import budget
from tangkal.connectors.base import ConnectorError

logger = logging.getLogger(__name__)

# Tests (and the stand-in benchmarks) may route every connector through another transport,
# e.g. httpx.WSGITransport(app=standin.app) or httpx.MockTransport(handler).
_transport_override: httpx.BaseTransport | None = None
# Tests replace this so retries and budget waits do not really sleep.
sleep = time.sleep


def set_transport(transport: httpx.BaseTransport | None) -> None:
    global _transport_override
    _transport_override = transport
    _clients.clear()


# One pooled client per base URL and process: building one costs an SSL context and a TCP handshake.
_clients: dict[str, httpx.Client] = {}
_clients_lock = threading.Lock()


def platform_settings(platform: str) -> dict[str, Any]:
    conf = dict(settings.CONNECTORS[platform])
    if settings.PLATFORM_STANDIN_URL:
        conf["base_url"] = settings.PLATFORM_STANDIN_URL
        conf["token"] = conf.get("token") or "standin-token"
        conf.setdefault("ig_user_id", "")
        conf["ig_user_id"] = conf["ig_user_id"] or "17841400000000000"
    return conf


def retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


class PlatformClient:
    """One platform's API: base URL and credentials from settings, one error type (ConnectorError)."""

    def __init__(self, platform: str, *, sleep=None, use_budget: bool = True):
        self.platform = platform
        self.conf = platform_settings(platform)
        self.sleep = sleep or globals()["sleep"]
        self.use_budget = use_budget
        if not self.conf.get("token"):
            raise ConnectorError("not_configured")

    def _client(self) -> httpx.Client:
        key = f"{self.conf['base_url']}|{settings.CONNECTOR_TIMEOUT_SECONDS}"
        client = _clients.get(key)
        if client is None:
            with _clients_lock:
                client = _clients.get(key)
                if client is None:
                    client = _clients[key] = httpx.Client(
                        base_url=self.conf["base_url"],
                        timeout=settings.CONNECTOR_TIMEOUT_SECONDS,
                        transport=_transport_override,
                        headers={"User-Agent": "Tangkal/1 (+https://tangkal.go.id)"},
                    )
        return client

    def request(self, method: str, path: str, *, params=None, json=None, headers=None,
                spend_budget: bool | None = None) -> tuple[int, Any]:
        """(status, parsed JSON). Retries 429 and 5xx with backoff; raises ConnectorError."""
        spend_budget = self.use_budget if spend_budget is None else spend_budget
        attempts = settings.CONNECTOR_MAX_RETRIES + 1
        last_error: ConnectorError | None = None
        waited_out_block = False
        client = self._client()
        for attempt in range(attempts):
            if spend_budget and not budget.spend(self.platform, sleep=self.sleep, ignore_block=waited_out_block):
                raise ConnectorError("rate_limited", retry_after=budget.seconds_to_next_window(self.platform))
            try:
                response = client.request(method, path, params=params, json=json, headers=headers)
            except httpx.TimeoutException:
                last_error = ConnectorError("unavailable")
                self._backoff(attempt, None)
                continue
            except httpx.TransportError:
                last_error = ConnectorError("unavailable")
                self._backoff(attempt, None)
                continue
            status = response.status_code
            if status == 429 or status >= 500:
                wait = retry_after_seconds(response)
                code = "rate_limited" if status == 429 else "unavailable"
                last_error = ConnectorError(code, retry_after=wait, status=status)
                if status == 429 and wait:
                    budget.block(self.platform, seconds=wait)
                if wait is not None and wait > settings.CONNECTOR_MAX_WAIT_SECONDS:
                    raise last_error
                if attempt + 1 < attempts:
                    self._backoff(attempt, wait)
                    waited_out_block = status == 429 and bool(wait)
                continue
            try:
                data = response.json()
            except ValueError as exc:
                raise ConnectorError("bad_response", status=status) from exc
            return status, data
        logger.warning("platform gave up", extra={"platform": self.platform, "error": str(last_error)})
        raise last_error or ConnectorError("unavailable")

    def _backoff(self, attempt: int, retry_after: float | None) -> None:
        if retry_after is not None:
            delay = retry_after
        else:
            base = settings.CONNECTOR_BACKOFF_SECONDS * (2 ** attempt)
            delay = base + random.uniform(0, base / 2)
        self.sleep(min(delay, settings.CONNECTOR_MAX_WAIT_SECONDS))


def expect_dict(data: Any, *keys: str) -> Any:
    """Walk nested keys of a JSON answer; a missing key means the platform changed or sent garbage."""
    current = data
    for key in keys:
        if not isinstance(current, dict) or key not in current:
            raise ConnectorError("bad_response")
        current = current[key]
    return current


def as_count(value: Any) -> int:
    try:
        count = int(value)
    except (TypeError, ValueError) as exc:
        raise ConnectorError("bad_response") from exc
    if count < 0:
        raise ConnectorError("bad_response")
    return count
