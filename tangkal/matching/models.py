"""The change log that keeps every process's in-memory index in step with the published clarifications.

Nothing a visitor pastes into "Cek Hoaks" is stored here or anywhere else: the check is a read.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class IndexChange(models.Model):
    """One event "clarification X changed" (or "the index was rebuilt"), in commit-ish order.

    Entries carry no text: a process applying one re-reads the clarification's current state, so
    applying an entry twice or out of order gives the same index.
    """

    class Op(models.TextChoices):
        PUBLISHED = "published", _("terbit")
        CHANGED = "changed", _("diubah")
        WITHDRAWN = "withdrawn", _("ditarik")
        REBUILD = "rebuild", _("indeks dibangun ulang")  # running processes reload
        SNAPSHOT = "snapshot", _("snapshot indeks disimpan")  # only marks a snapshot for new processes

    seq = models.BigAutoField(primary_key=True)
    op = models.CharField(max_length=10, choices=Op.choices)
    # The clarification's public id (the document id in the index); empty for a rebuild or snapshot.
    clarification_id = models.UUIDField(null=True, blank=True)
    # The database's clock, not the app server's: readers compare it with the database's "now".
    created_at = models.DateTimeField(db_default=Now(), db_index=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("perubahan indeks")
        verbose_name_plural = _("perubahan indeks")
        constraints = [
            models.CheckConstraint(name="matching_change_has_doc",
                                   condition=models.Q(op__in=["rebuild", "snapshot"])
                                   | models.Q(clarification_id__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.seq} {self.op} {self.clarification_id or ''}"
