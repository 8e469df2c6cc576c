"""The one client for the Telegram Bot API (https://core.telegram.org/bots/api), over httpx."""

from __future__ import annotations

import httpx
from django.conf import settings


class TelegramError(Exception):
    """Any failure talking to the Bot API: network, HTTP status or an `ok: false` answer."""


class TelegramClient:
    def __init__(self, *, token: str | None = None, base_url: str | None = None, timeout: float = 10.0,
                 transport: httpx.BaseTransport | None = None):
        self.token = token if token is not None else settings.TELEGRAM_BOT_TOKEN
        self.base_url = (base_url or settings.TELEGRAM_API_BASE).rstrip("/")
        self.timeout = timeout
        self.transport = transport

    def _client(self) -> httpx.Client:
        return httpx.Client(timeout=self.timeout, transport=self.transport, follow_redirects=False)

    def call(self, method: str, **params) -> dict | list | bool:
        if not self.token:
            raise TelegramError("TELEGRAM_BOT_TOKEN is not set")
        url = f"{self.base_url}/bot{self.token}/{method}"
        try:
            with self._client() as client:
                response = client.post(url, json={k: v for k, v in params.items() if v is not None})
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise TelegramError(f"{method}: {exc.__class__.__name__}") from exc
        if not isinstance(body, dict) or not body.get("ok"):
            description = body.get("description", "") if isinstance(body, dict) else ""
            raise TelegramError(f"{method}: HTTP {response.status_code} {description}"[:200])
        return body.get("result")

    def send_message(self, *, chat_id: int | str, text: str, reply_to_message_id: int | None = None) -> dict:
        return self.call("sendMessage", chat_id=chat_id, text=text[:4096], reply_to_message_id=reply_to_message_id,
                         link_preview_options={"is_disabled": False})

    def set_webhook(self, *, url: str, secret_token: str) -> bool:
        return bool(self.call("setWebhook", url=url, secret_token=secret_token,
                              allowed_updates=["message", "channel_post"], drop_pending_updates=False))

    def get_file_bytes(self, *, file_id: str, max_bytes: int) -> bytes:
        info = self.call("getFile", file_id=file_id)
        if not isinstance(info, dict) or not info.get("file_path"):
            raise TelegramError("getFile: no file_path")
        if info.get("file_size") and int(info["file_size"]) > max_bytes:
            raise TelegramError("file too large")
        url = f"{self.base_url}/file/bot{self.token}/{info['file_path']}"
        try:
            with self._client() as client, client.stream("GET", url) as response:
                if response.status_code != 200:
                    raise TelegramError(f"file download: HTTP {response.status_code}")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise TelegramError("file too large")
                    chunks.append(chunk)
        except httpx.HTTPError as exc:
            raise TelegramError(f"file download: {exc.__class__.__name__}") from exc
        return b"".join(chunks)
