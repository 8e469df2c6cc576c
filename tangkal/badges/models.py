from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangkal.badges.crypto.status_list import MIN_BITS
from tangkal.core.models import PublicIdModel, TimeStampedModel

SHORT_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o/1/l/i: read aloud, typed from a bio


def new_short_code() -> str:
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(8))


class StatusPurpose(models.TextChoices):
    REVOCATION = "revocation", _("Pencabutan")
    SUSPENSION = "suspension", _("Penangguhan")


class StatusList(TimeStampedModel):
    """One published Bitstring Status List: its bits, the next free index, and the signed credential.

    Indexes are handed out under a row lock (see services.status_index_allocate). `version` grows
    with every change of a bit, so a republished list can be told from a stale one.
    """

    purpose = models.CharField(_("tujuan"), max_length=12, choices=StatusPurpose.choices)
    number = models.PositiveIntegerField(_("nomor"))
    size = models.PositiveIntegerField(_("ukuran (bit)"), default=MIN_BITS)
    encoded_list = models.TextField(_("bitstring terkode"), blank=True)
    next_index = models.PositiveIntegerField(_("indeks berikutnya"), default=0)
    version = models.PositiveIntegerField(_("versi"), default=0)
    credential = models.JSONField(_("kredensial bertanda tangan"), null=True, blank=True)
    published_version = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("daftar status")
        verbose_name_plural = _("daftar status")
        constraints = [
            models.UniqueConstraint(fields=["purpose", "number"], name="badges_statuslist_purpose_number"),
            models.CheckConstraint(name="badges_statuslist_index_in_range", condition=Q(next_index__lte=models.F("size"))),
        ]

    def __str__(self) -> str:
        return f"{self.purpose}/{self.number}"


class Badge(PublicIdModel):
    """One OpenBadgeCredential for one ASN; the signed JSON is kept exactly as issued."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu persetujuan")
        ACTIVE = "active", _("Aktif")
        SUSPENDED = "suspended", _("Ditangguhkan")
        REVOKED = "revoked", _("Dicabut")
        REJECTED = "rejected", _("Ditolak")
        SUPERSEDED = "superseded", _("Diperbarui")

    LIVE_STATUSES = (Status.PENDING, Status.ACTIVE, Status.SUSPENDED)
    PUBLIC_STATUSES = (Status.ACTIVE, Status.SUSPENDED, Status.REVOKED, Status.SUPERSEDED)

    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="badges",
                               verbose_name=_("pemegang"))
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="badges",
                               verbose_name=_("instansi"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    tier = models.CharField(_("tingkat"), max_length=20, blank=True)
    short_code = models.CharField(_("kode pendek"), max_length=12, unique=True, default=new_short_code)
    show_accounts_publicly = models.BooleanField(
        _("tampilkan akun media sosial di halaman publik"), default=False,
        help_text=_("Warga dapat memeriksa akun Anda di halaman verifikasi dan pencarian."),
    )
    credential = models.JSONField(_("kredensial"), null=True, blank=True)
    key_fragment = models.CharField(max_length=64, blank=True)
    valid_from = models.DateTimeField(_("berlaku sejak"), null=True, blank=True)
    valid_until = models.DateTimeField(_("berlaku sampai"), null=True, blank=True, db_index=True)
    issued_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    revocation_list = models.ForeignKey(StatusList, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    revocation_index = models.PositiveIntegerField(null=True, blank=True)
    suspension_list = models.ForeignKey(StatusList, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    suspension_index = models.PositiveIntegerField(null=True, blank=True)
    status_reason = models.TextField(_("alasan status"), blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="replaced_by")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lencana")
        verbose_name_plural = _("lencana")
        constraints = [
            # One badge in play per person: a second request while one is pending or live is refused.
            models.UniqueConstraint(fields=["holder"], condition=Q(status__in=["pending", "active", "suspended"]),
                                    name="badges_one_live_badge_per_holder"),
            models.UniqueConstraint(fields=["revocation_list", "revocation_index"], name="badges_unique_revocation_bit"),
            models.UniqueConstraint(fields=["suspension_list", "suspension_index"], name="badges_unique_suspension_bit"),
        ]

    def __str__(self) -> str:
        return f"{self.holder} · {self.get_status_display()}"

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until <= timezone.now()

    @property
    def public_state(self) -> str:
        """The word the public sees: active, suspended, revoked, expired or superseded."""
        if self.status == self.Status.REVOKED:
            return "revoked"
        if self.status == self.Status.SUPERSEDED:
            return "superseded"
        if self.is_expired:
            return "expired"
        if self.status == self.Status.SUSPENDED:
            return "suspended"
        if self.status == self.Status.ACTIVE:
            return "active"
        return self.status


class BadgeAccount(models.Model):
    """A social account verified when the badge was issued: shown (with consent) and searchable."""

    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="accounts")
    platform = models.CharField(_("platform"), max_length=30)
    handle = models.CharField(_("akun"), max_length=100, db_index=True)  # lower case, without "@"
    followers = models.PositiveIntegerField(_("pengikut"), default=0)
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)

    class Meta:
        ordering = ["platform", "handle"]
        verbose_name = _("akun terverifikasi")
        verbose_name_plural = _("akun terverifikasi")
        constraints = [
            models.UniqueConstraint(fields=["badge", "platform", "handle"], name="badges_account_once_per_badge"),
        ]

    def __str__(self) -> str:
        return f"{self.platform}:@{self.handle}"
