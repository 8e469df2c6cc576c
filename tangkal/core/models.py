from __future__ import annotations

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublicIdModel(TimeStampedModel):
    """A model whose rows appear in URLs: they carry an opaque UUID, never the sequential id."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    pass


class AuditEntry(models.Model):
    """One privileged change: who did what to which object, before and after. Never updated or deleted."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("pelaku"), max_length=254, blank=True)
    action = models.CharField(_("tindakan"), max_length=80, db_index=True)
    object_type = models.CharField(_("jenis objek"), max_length=80, blank=True, db_index=True)
    object_id = models.CharField(_("id objek"), max_length=64, blank=True, db_index=True)
    object_label = models.CharField(_("objek"), max_length=255, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("log audit")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries are append-only.")


class ScheduledJob(models.Model):
    """The next due time of one periodic job; claimed with a conditional UPDATE so it runs once."""

    name = models.CharField(max_length=120, unique=True)
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tugas terjadwal")
        verbose_name_plural = _("tugas terjadwal")

    def __str__(self) -> str:
        return self.name
