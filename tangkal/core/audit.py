"""The audit trail: services call `audit_log` for every privileged change."""

from __future__ import annotations

import contextvars
from typing import Any

from django.db import models

from tangkal.core.models import AuditEntry

# Set by RequestContextMiddleware so services need not pass the request around.
current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_ip", default=None)


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-able picture of a model instance for the before/after columns."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        value = getattr(obj, field.attname)
        data[field.name] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
    return data


def audit_log(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    agency=None,
    note: str = "",
    object_label: str = "",
) -> AuditEntry:
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    if agency is None and obj is not None:
        agency = getattr(obj, "agency", None) if hasattr(obj, "agency_id") else None
    return AuditEntry.objects.create(
        actor=actor_user,
        actor_label=(actor_user.email if actor_user else (str(actor) if actor else "anonim"))[:254],
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=(object_label or (str(obj) if obj is not None else ""))[:255],
        agency=agency,
        before=before,
        after=after,
        ip_address=current_ip.get(),
        note=note,
    )
