from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from tangkal.complaints.models import Complaint
from tangkal.core.permissions import require


def complaints_queue(*, user, status: str = Complaint.Status.OPEN) -> QuerySet[Complaint]:
    require(user, "complaints.review")
    complaints = Complaint.objects.select_related("badge", "badge__holder", "badge__agency")
    if status:
        complaints = complaints.filter(status=status)
    return complaints.order_by("created_at" if status == Complaint.Status.OPEN else "-created_at")


def complaint_for_review(*, user, public_id) -> Complaint:
    require(user, "complaints.review")
    complaint = (Complaint.objects.select_related("badge", "badge__holder", "badge__agency")
                 .filter(public_id=public_id).first())
    if complaint is None:
        raise Http404
    return complaint
