from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangkal.badges.models import Badge
from tangkal.complaints.models import Complaint
from tangkal.core.audit import audit_log, snapshot
from tangkal.core.permissions import require


class ComplaintError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _keyed_hash(value: str) -> str:
    # Keyed, so the stored value cannot be reversed by hashing every phone number.
    return hmac.new(settings.SECRET_KEY.encode(), value.strip().lower().encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def complaint_submit(*, badge: Badge, category: str, description: str, evidence_url: str = "",
                     contact: str = "", ip: str = "") -> Complaint:
    complaint = Complaint.objects.create(
        badge=badge, category=category, description=description.strip(), evidence_url=evidence_url,
        reporter_contact_hash=_keyed_hash(contact) if contact.strip() else "",
        reporter_ip_hash=_keyed_hash(ip) if ip else "",
    )
    audit_log(actor=None, action="complaint.submit", obj=complaint, agency=badge.agency,
              after=snapshot(complaint, ["category", "status"]))
    return complaint


@transaction.atomic
def complaint_decide(*, complaint: Complaint, by, decision: str, note: str) -> Complaint:
    """Dismiss, or suspend/revoke the badge through the badge services (which audit and notify)."""
    from tangkal.badges import services as badge_services

    require(by, "complaints.decide", complaint)
    complaint = Complaint.objects.select_for_update().select_related("badge").get(pk=complaint.pk)
    if complaint.status != Complaint.Status.OPEN:
        raise ComplaintError("already_decided", _("Pengaduan ini sudah diputuskan."))
    before = snapshot(complaint, ["status", "decision_note"])
    reason = _("Pengaduan publik: %(note)s") % {"note": note}
    try:
        if decision == "suspend":
            badge_services.badge_suspend(badge=complaint.badge, by=by, reason=reason)
            complaint.status = Complaint.Status.SUSPENDED
        elif decision == "revoke":
            badge_services.badge_revoke(badge=complaint.badge, by=by, reason=reason)
            complaint.status = Complaint.Status.REVOKED
        elif decision == "dismiss":
            complaint.status = Complaint.Status.DISMISSED
        else:
            raise ComplaintError("bad_decision", _("Keputusan tidak dikenal."))
    except badge_services.BadgeError as exc:
        raise ComplaintError(exc.code, exc.message) from exc
    complaint.decision_note, complaint.decided_by, complaint.decided_at = note, by, timezone.now()
    complaint.save(update_fields=["status", "decision_note", "decided_by", "decided_at", "updated_at"])
    audit_log(actor=by, action=f"complaint.{decision}", obj=complaint, agency=complaint.badge.agency,
              before=before, after=snapshot(complaint, ["status", "decision_note"]), note=note)
    return complaint
