"""Email and Telegram messages to influencers, sent in batches by tasks (in-app rows are written
by the launch itself). Each batch marks what it sent, so a rerun sends nothing twice."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from tangkal.campaigns.models import Assignment, Campaign, Notification

logger = logging.getLogger(__name__)


def telegram_chat_ids(user_ids: list[int]) -> dict[int, str]:
    """Telegram chats linked to these users, where the influencers app keeps one (lazy: the field
    `telegram_chat_id` on ASNProfile is looked up only if it exists)."""
    try:
        from tangkal.influencers.models import ASNProfile
    except ImportError:  # pragma: no cover
        return {}
    if "telegram_chat_id" not in {f.name for f in ASNProfile._meta.get_fields()}:
        return {}
    rows = ASNProfile.objects.filter(user_id__in=user_ids).exclude(telegram_chat_id="")
    return dict(rows.values_list("user_id", "telegram_chat_id"))


def _send_telegram(chats: dict[int, str], text_for) -> int:
    if not chats or not settings.TELEGRAM_BOT_TOKEN:
        return 0
    try:
        from tangkal.hoaxes.telegram.client import TelegramClient, TelegramError
    except ImportError:  # pragma: no cover
        return 0
    client, sent = TelegramClient(), 0
    for user_id, chat in chats.items():
        try:
            client.send_message(chat_id=chat, text=text_for(user_id))
            sent += 1
        except TelegramError:
            logger.warning("telegram notice failed", extra={"user_id": user_id})
    return sent


def _kit_url(assignment: Assignment) -> str:
    return settings.SITE_URL + reverse("campaigns:kit", kwargs={"code": assignment.code})


def send_launch_batch(*, campaign_id: int, first_id: int, last_id: int) -> int:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    batch = list(
        Assignment.objects.filter(campaign_id=campaign_id, id__gte=first_id, id__lte=last_id, notified_at__isnull=True)
        .select_related("user")
    )
    if not batch:
        return 0
    with override(settings.LANGUAGE_CODE):
        subject = _("Kampanye baru: %(headline)s") % {"headline": campaign.headline}
        deadline = timezone.localtime(campaign.deadline_at).strftime("%d-%m-%Y %H:%M") if campaign.deadline_at else ""

        def text_for(assignment: Assignment) -> str:
            return "\n\n".join([
                _("Halo, %(name)s.") % {"name": assignment.user},
                _("Ada kampanye baru untuk Anda bagikan: %(headline)s") % {"headline": campaign.headline},
                _("Batas waktu: %(deadline)s WIB.") % {"deadline": deadline},
                _("Buka kit siap-bagikan: %(url)s") % {"url": _kit_url(assignment)},
            ])

        messages = [EmailMessage(subject, text_for(a), settings.DEFAULT_FROM_EMAIL, [a.user.email]) for a in batch]
        by_user = {a.user_id: a for a in batch}
        chats = telegram_chat_ids(list(by_user))
        sent_tg = _send_telegram(chats, lambda user_id: text_for(by_user[user_id]))
    connection = get_connection()
    sent = connection.send_messages(messages) or 0
    now = timezone.now()
    ids = [a.pk for a in batch]
    Assignment.objects.filter(pk__in=ids, notified_at__isnull=True).update(notified_at=now)
    Notification.objects.filter(assignment_id__in=ids, kind=Notification.Kind.LAUNCHED).update(sent_at=now)
    logger.info("launch notices sent", extra={"campaign": campaign_id, "emails": sent, "telegram": sent_tg})
    return sent


def send_correction_notices(*, campaign_id: int, version: int) -> int:
    """Email everyone who shared the campaign about a correction of its clarification."""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    pending = list(
        Notification.objects.filter(campaign_id=campaign_id, kind=Notification.Kind.CORRECTED, version=version,
                                    sent_at__isnull=True).select_related("user", "assignment")
    )
    if not pending:
        return 0
    with override(settings.LANGUAGE_CODE):
        subject = _("Koreksi: %(headline)s") % {"headline": campaign.headline}

        def text_for(note: Notification) -> str:
            return "\n\n".join([
                _("Halo, %(name)s.") % {"name": note.user},
                _("Klarifikasi yang menjadi dasar kampanye yang Anda bagikan telah dikoreksi."),
                note.message,
                _("Mohon perbarui atau beri catatan pada posting Anda: %(url)s")
                % {"url": _kit_url(note.assignment) if note.assignment else settings.SITE_URL},
            ])

        messages = [EmailMessage(subject, text_for(n), settings.DEFAULT_FROM_EMAIL, [n.user.email]) for n in pending]
        by_user = {n.user_id: n for n in pending}
        _send_telegram(telegram_chat_ids(list(by_user)), lambda user_id: text_for(by_user[user_id]))
    sent = get_connection().send_messages(messages) or 0
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(sent_at=timezone.now())
    return sent
