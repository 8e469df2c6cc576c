"""Emails about a badge: to the holder on every change, to coordinators on a new request."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from tangkal.badges.models import Badge


def _subjects() -> dict[str, str]:
    return {
        "issued": _("Lencana Influencer Pemerintah Anda telah terbit"),
        "rejected": _("Permintaan lencana Anda ditolak"),
        "suspend": _("Lencana Anda ditangguhkan"),
        "reinstate": _("Lencana Anda aktif kembali"),
        "revoke": _("Lencana Anda dicabut"),
        "expiring": _("Lencana Anda segera berakhir — perbarui sekarang"),
        "requested": _("Permintaan lencana baru menunggu persetujuan"),
    }


def _body(badge: Badge, kind: str) -> str:
    from django.urls import reverse

    from tangkal.badges.credentials import absolute, credential_url

    lines = [_("Halo, %(name)s.") % {"name": badge.holder}]
    if kind == "issued":
        lines.append(_("Lencana Anda berlaku sampai %(date)s.") % {"date": f"{badge.valid_until:%d-%m-%Y}"})
        lines.append(_("Halaman verifikasi publik: %(url)s") % {"url": credential_url(badge)})
    elif kind in {"rejected", "suspend", "revoke", "reinstate"}:
        lines.append(_("Alasan: %(reason)s") % {"reason": badge.status_reason})
    elif kind == "expiring":
        lines.append(_("Lencana Anda berakhir pada %(date)s. Perbarui dari halaman lencana Anda: %(url)s")
                     % {"date": f"{badge.valid_until:%d-%m-%Y}", "url": absolute(reverse("badges:mine"))})
    elif kind == "requested":
        lines = [_("%(name)s (%(agency)s) meminta lencana Influencer Pemerintah. Tinjau di: %(url)s")
                 % {"name": badge.holder, "agency": badge.agency,
                    "url": absolute(reverse("badges:manage_detail", kwargs={"public_id": badge.public_id}))}]
    return "\n\n".join(lines)


def send_notice(*, badge_id: int, kind: str) -> int:
    badge = Badge.objects.select_related("holder", "agency").filter(pk=badge_id).first()
    if badge is None:
        return 0
    if kind == "requested":
        from tangkal.accounts.models import Role, User

        recipients = list(User.objects.filter(role=Role.COORDINATOR, agency_id=badge.agency_id, is_active=True)
                          .values_list("email", flat=True))
    else:
        recipients = [badge.holder.email]
    if not recipients:
        return 0
    with override(settings.LANGUAGE_CODE):
        subject = _subjects()[kind]
        body = _body(badge, kind)
    sent = send_mail(subject, body, None, recipients, fail_silently=False)
    if kind == "expiring" and badge.reminder_sent_at is None:
        Badge.objects.filter(pk=badge.pk).update(reminder_sent_at=timezone.now())
    return sent
