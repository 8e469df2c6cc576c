"""Telling reporters the outcome: one Notification row per report, clarification, kind and version
(so a job that runs twice sends once), delivered by email or Telegram after the commit."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tangkal.hoaxes import contacts
from tangkal.hoaxes.models import Clarification, Notification, Report

logger = logging.getLogger(__name__)


def queue_outcome(*, reports, clarification: Clarification, kind: str) -> int:
    """Create the notifications for `reports` that can be reached, and enqueue their delivery."""
    created = []
    for report in reports:
        if not (report.contact_encrypted or report.reporter_id):
            continue
        try:
            with transaction.atomic():
                note = Notification.objects.create(report=report, clarification=clarification, kind=kind,
                                                   version=clarification.version)
        except IntegrityError:
            continue  # already queued for this version
        created.append(note.pk)
    if created:
        from tangkal.hoaxes.tasks import deliver_notification

        for pk in created:
            transaction.on_commit(lambda pk=pk: deliver_notification.enqueue(pk))
    return len(created)


def _message(note: Notification) -> tuple[str, str]:
    clar = note.clarification
    url = settings.SITE_URL + clar.get_absolute_url()
    status_url = settings.SITE_URL + reverse("hoaxes:track", kwargs={"code": note.report.tracking_code})
    if note.kind == "corrected":
        subject = _("Koreksi klarifikasi: %(headline)s") % {"headline": clar.headline}
        lead = _("Klarifikasi atas hoaks yang Anda laporkan telah dikoreksi.")
    else:
        subject = _("Hasil laporan Anda: %(verdict)s") % {"verdict": clar.get_verdict_display()}
        lead = _("Terima kasih telah melapor. Pesan yang Anda laporkan sudah diperiksa.")
    body = "\n\n".join([
        lead,
        f"[{clar.get_verdict_display()}] {clar.headline}",
        clar.summary,
        _("Baca selengkapnya: %(url)s") % {"url": url},
        _("Status laporan %(code)s: %(status_url)s") % {"code": note.report.tracking_code, "status_url": status_url},
    ])
    return subject, body


def deliver(note_id: int) -> bool:
    note = Notification.objects.select_related("report", "clarification", "report__reporter").filter(
        pk=note_id).first()
    if note is None or note.sent_at is not None:
        return False
    report: Report = note.report
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _message(note)
    try:
        if report.contact_encrypted and report.contact_kind == Report.ContactKind.TELEGRAM:
            from tangkal.hoaxes.telegram.client import TelegramClient

            chat_id = contacts.decrypt(report.contact_encrypted)
            if chat_id:
                TelegramClient().send_message(chat_id=chat_id, text=f"{subject}\n\n{body}")
        elif report.contact_encrypted and report.contact_kind == Report.ContactKind.EMAIL:
            address = contacts.decrypt(report.contact_encrypted)
            if address:
                send_mail(subject, body, None, [address])
        elif report.reporter_id and report.reporter.is_active:
            send_mail(subject, body, None, [report.reporter.email])
    except Exception as exc:  # one unreachable reporter must not stop the others
        logger.warning("outcome notification failed", extra={"notification": note.pk, "error": str(exc)[:200]})
        Notification.objects.filter(pk=note.pk).update(error=str(exc)[:200])
        return False
    Notification.objects.filter(pk=note.pk).update(sent_at=timezone.now(), error="")
    return True
