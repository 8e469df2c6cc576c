"""What the bot does with one update: file the forwarded message as a report and, when claim
matching knows a clarification for it, answer with that clarification straight away."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tangkal.hoaxes import services
from tangkal.hoaxes.hooks import check_text
from tangkal.hoaxes.images import clean_image
from tangkal.hoaxes.models import Platform, Report, TelegramUpdate
from tangkal.hoaxes.telegram.client import TelegramClient, TelegramError

logger = logging.getLogger(__name__)


def _first_url(message: dict) -> str:
    text = message.get("text") or message.get("caption") or ""
    for entity in message.get("entities") or message.get("caption_entities") or []:
        if entity.get("type") == "text_link" and entity.get("url"):
            return entity["url"]
        if entity.get("type") == "url":
            start, length = int(entity.get("offset", 0)), int(entity.get("length", 0))
            return text[start : start + length]
    return ""


def _photo(message: dict):
    sizes = message.get("photo") or []
    if not sizes:
        return []
    largest = max(sizes, key=lambda s: (s.get("file_size") or 0, s.get("width") or 0))
    try:
        data = TelegramClient().get_file_bytes(file_id=str(largest["file_id"]),
                                               max_bytes=settings.HOAX_MAX_IMAGE_BYTES)
        return [clean_image(SimpleUploadedFile("telegram.jpg", data))]
    except (TelegramError, ValidationError, KeyError) as exc:
        logger.info("telegram photo skipped", extra={"reason": str(exc)[:100]})
        return []


def handle_update(update: dict) -> str | None:
    """The reply text for this update, or None when there is nothing to say."""
    update_id = update.get("update_id")
    message = update.get("message") or update.get("channel_post")
    if not isinstance(update_id, int) or not isinstance(message, dict):
        return None
    try:
        with transaction.atomic():
            TelegramUpdate.objects.create(update_id=update_id)
    except IntegrityError:
        return None  # Telegram retried an update we already handled
    chat_id = (message.get("chat") or {}).get("id")
    text = str(message.get("text") or message.get("caption") or "")
    if text.strip().startswith("/start") or text.strip().startswith("/help"):
        return _("Halo! Teruskan (forward) pesan yang Anda curigai hoaks ke sini. Kami periksa dan kabari hasilnya. "
                 "Klarifikasi yang sudah terbit: %(url)s") % {"url": settings.SITE_URL + "/klarifikasi/"}
    images = _photo(message)
    try:
        report = services.report_submit(
            text=text, url=_first_url(message), platform=Platform.TELEGRAM, images=images,
            telegram_chat_id=str(chat_id) if chat_id is not None else "", channel=Report.Channel.TELEGRAM)
    except ValidationError as exc:
        return " ".join(exc.messages)
    found = check_text(text) if text.strip() else None
    if found is not None:
        services.report_link_clarification(report=report, clarification=found, confident=True, notify_reporter=False)
        return _("[%(verdict)s] %(headline)s\n\n%(summary)s\n\nSelengkapnya: %(url)s") % {
            "verdict": found.get_verdict_display(), "headline": found.headline, "summary": found.summary,
            "url": settings.SITE_URL + found.get_absolute_url()}
    return _("Terima kasih, laporan Anda kami terima dengan kode %(code)s. Kami kabari lewat chat ini setelah "
             "diperiksa.") % {"code": report.tracking_code}
