from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tangkal.core.models import PublicIdModel


class Complaint(PublicIdModel):
    """A citizen's complaint about a badge holder; reviewed by a programme admin."""

    class Category(models.TextChoices):
        PARTISAN = "partisan", _("Melanggar netralitas ASN (kampanye politik)")
        HOAX = "hoax", _("Menyebarkan hoaks atau informasi menyesatkan")
        HATE = "hate", _("Ujaran kebencian, SARA, atau perundungan")
        MISUSE = "misuse", _("Menyalahgunakan lencana (penipuan, promosi pribadi)")
        OTHER = "other", _("Lainnya")

    class Status(models.TextChoices):
        OPEN = "open", _("Baru")
        DISMISSED = "dismissed", _("Ditolak")
        SUSPENDED = "suspended", _("Lencana ditangguhkan")
        REVOKED = "revoked", _("Lencana dicabut")

    badge = models.ForeignKey("badges.Badge", on_delete=models.PROTECT, related_name="complaints",
                              verbose_name=_("lencana"))
    category = models.CharField(_("jenis pelanggaran"), max_length=12, choices=Category.choices)
    description = models.TextField(_("uraian"), max_length=2000)
    evidence_url = models.URLField(_("tautan bukti"), max_length=500, blank=True)
    # Personal data minimised (UU PDP): only hashes of the reporter's contact and address are kept.
    reporter_contact_hash = models.CharField(max_length=64, blank=True)
    reporter_ip_hash = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN,
                              db_index=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pengaduan lencana")
        verbose_name_plural = _("pengaduan lencana")
        indexes = [models.Index(fields=["status", "created_at"], name="complaints_status_created")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.badge.holder}"
