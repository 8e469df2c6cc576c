from __future__ import annotations

from django.db.models import Q, QuerySet

from tangkal.core.models import AuditEntry
from tangkal.core.permissions import require


def audit_entries(*, user, query: str = "", action: str = "") -> QuerySet[AuditEntry]:
    require(user, "audit.view")
    entries = AuditEntry.objects.select_related("actor")
    if query:
        entries = entries.filter(
            Q(actor_label__icontains=query) | Q(object_label__icontains=query) | Q(object_id=query)
        )
    if action:
        entries = entries.filter(action__startswith=action)
    return entries
