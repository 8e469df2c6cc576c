from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tangkal.core.models import PublicIdModel, TimeStampedModel


class Platform(models.TextChoices):
    """Platform codes; the connectors registry (tangkal/connectors/<code>/) must have each one."""

    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"
    X = "x", "X"
    FACEBOOK = "facebook", "Facebook"
    YOUTUBE = "youtube", "YouTube"


class Cohort(PublicIdModel):
    """An intake of ASN in one agency, e.g. "CPNS 2019"."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="cohorts",
                               verbose_name=_("instansi"))
    name = models.CharField(_("nama angkatan"), max_length=100)
    intake_year = models.PositiveSmallIntegerField(_("tahun masuk"), null=True, blank=True)

    class Meta:
        ordering = ["-intake_year", "name"]
        verbose_name = _("angkatan")
        verbose_name_plural = _("angkatan")
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="cohort_unique_per_agency")]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    IMPORTED = "imported", _("Terdata (belum mendaftar)")
    REGISTERED = "registered", _("Terdaftar")
    ACCOUNTS_VERIFIED = "accounts_verified", _("Akun terverifikasi")
    ELIGIBLE = "eligible", _("Memenuhi syarat")
    TRAINED = "trained", _("Lulus pelatihan")
    BADGED = "badged", _("Berlencana")


class ASNProfile(PublicIdModel):
    """A civil servant in the programme. Rows imported from a roster have no user until the ASN enrols."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="asn_profile")
    # No index of its own: the (agency, stage) and (agency, eligible) indexes start with it, and every
    # index slows a million-row import.
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="asn_profiles",
                               verbose_name=_("instansi"), db_index=False)
    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=200)
    unit = models.CharField(_("unit kerja"), max_length=200, blank=True)
    email = models.EmailField(_("email kerja"), blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    phone = models.CharField(_("nomor ponsel"), max_length=20, blank=True)
    cohort = models.ForeignKey(Cohort, null=True, blank=True, on_delete=models.SET_NULL, related_name="members",
                               verbose_name=_("angkatan"))
    region = models.ForeignKey("accounts.Region", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="asn_profiles", verbose_name=_("wilayah"))
    stage = models.CharField(_("tahap"), max_length=20, choices=Stage.choices, default=Stage.REGISTERED)
    is_active = models.BooleanField(_("aktif"), default=True)
    # The outcome of the latest eligibility decision, kept here so recomputing is set-based.
    eligible = models.BooleanField(_("memenuhi syarat"), default=False)
    eligibility_reason = models.CharField(max_length=30, blank=True)
    counted_followers = models.PositiveIntegerField(null=True, blank=True)
    below_since = models.DateTimeField(null=True, blank=True, help_text="start of the grace period")
    # Set when the ASN erased their data (UU 27/2022): the row stays, anonymised, for statistics.
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("profil ASN")
        verbose_name_plural = _("profil ASN")
        indexes = [
            models.Index(fields=["agency", "stage"], name="asn_agency_stage"),
            models.Index(fields=["agency", "eligible"], name="asn_agency_eligible"),
        ]
        constraints = [
            models.CheckConstraint(name="asn_nip_18_digits", condition=Q(nip__regex=r"^[0-9]{18}$")),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def masked_nip(self) -> str:
        return f"{self.nip[:4]}••••••••••{self.nip[-4:]}"


class Consent(models.Model):
    """One acceptance of a versioned text (programme terms, personal-data processing under UU 27/2022)."""

    class Kind(models.TextChoices):
        TERMS = "terms", _("Ketentuan program")
        PERSONAL_DATA = "personal_data", _("Pemrosesan data pribadi (UU 27/2022)")

    profile = models.ForeignKey(ASNProfile, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    version = models.CharField(max_length=20)
    accepted_at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("persetujuan")
        verbose_name_plural = _("persetujuan")
        constraints = [models.UniqueConstraint(fields=["profile", "kind", "version"], name="consent_once_per_version")]

    def __str__(self) -> str:
        return f"{self.kind} {self.version}"


class Invitation(TimeStampedModel):
    """A personal, expiring, single-use enrolment link. Only the token's SHA-256 is stored."""

    profile = models.ForeignKey(ASNProfile, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")

    def __str__(self) -> str:
        return f"undangan {self.profile_id}"


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", _("Belum diverifikasi")
    PENDING_EVIDENCE = "pending_evidence", _("Bukti menunggu tinjauan")
    VERIFIED = "verified", _("Terverifikasi")
    REJECTED = "rejected", _("Bukti ditolak")


class SocialAccount(PublicIdModel):
    class Method(models.TextChoices):
        OAUTH = "oauth", _("Masuk dengan akun platform")
        BIO_CODE = "bio_code", _("Kode di bio")
        EVIDENCE = "evidence", _("Bukti tangkapan layar")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        GONE = "gone", _("Tidak ditemukan")
        PRIVATE = "private", _("Privat")

    profile = models.ForeignKey(ASNProfile, on_delete=models.CASCADE, related_name="accounts")
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    handle = models.CharField(_("nama pengguna"), max_length=100, blank=True)
    platform_id = models.CharField(_("ID platform"), max_length=64, blank=True)
    display_name = models.CharField(max_length=200, blank=True)
    profile_url = models.URLField(_("tautan profil"), max_length=300)
    verification = models.CharField(_("verifikasi"), max_length=20, choices=Verification.choices,
                                     default=Verification.UNVERIFIED)
    verification_method = models.CharField(max_length=20, choices=Method.choices, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    bio_code = models.CharField(max_length=20, blank=True)
    bio_code_expires_at = models.DateTimeField(null=True, blank=True)
    evidence = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    evidence_note = models.CharField(max_length=500, blank=True)
    review_note = models.CharField(max_length=500, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    followers = models.PositiveIntegerField(_("pengikut"), null=True, blank=True)
    followers_measured_at = models.DateTimeField(null=True, blank=True)
    account_created_at = models.DateTimeField(null=True, blank=True)
    next_refresh_at = models.DateTimeField(null=True, blank=True)
    last_manual_refresh_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["platform", "handle"]
        verbose_name = _("akun media sosial")
        verbose_name_plural = _("akun media sosial")
        constraints = [
            # One account belongs to one ASN: by handle, and by the platform's own id when known.
            models.UniqueConstraint(fields=["platform", "handle"], condition=~Q(handle=""),
                                    name="social_unique_handle"),
            models.UniqueConstraint(fields=["platform", "platform_id"], condition=~Q(platform_id=""),
                                    name="social_unique_platform_id"),
            models.CheckConstraint(name="social_has_identity", condition=~Q(handle="", platform_id="")),
        ]
        indexes = [
            models.Index(fields=["platform", "next_refresh_at"], name="social_refresh_due"),
            models.Index(fields=["profile", "verification"], name="social_profile_verif"),
            models.Index(fields=["verification"], name="social_pending_evidence",
                         condition=Q(verification="pending_evidence")),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} @{self.handle or self.platform_id}"

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED

    @property
    def label(self) -> str:
        return f"@{self.handle}" if self.handle else self.platform_id


class FollowerSnapshot(models.Model):
    """One measurement of an account's followers: the time series behind the charts and the rule."""

    class Source(models.TextChoices):
        API = "api", _("API platform")
        OAUTH = "oauth", _("Masuk dengan platform")
        DEMO = "demo", _("Data demo")

    account = models.ForeignKey(SocialAccount, on_delete=models.CASCADE, related_name="snapshots")
    measured_at = models.DateTimeField(db_index=True)
    followers = models.PositiveIntegerField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.API)

    class Meta:
        ordering = ["-measured_at"]
        verbose_name = _("catatan pengikut")
        verbose_name_plural = _("catatan pengikut")
        indexes = [models.Index(fields=["account", "-measured_at"], name="snapshot_account_time")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.followers} @ {self.measured_at:%Y-%m-%d}"


class AnomalyFlag(PublicIdModel):
    class Kind(models.TextChoices):
        JUMP = "jump", _("Lonjakan pengikut")
        IMPLAUSIBLE = "implausible", _("Tidak wajar untuk umur akun")
        GONE = "gone", _("Akun hilang")
        PRIVATE = "private", _("Akun menjadi privat")

    account = models.ForeignKey(SocialAccount, on_delete=models.CASCADE, related_name="anomalies")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.JSONField(default=dict, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    clear_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("anomali")
        verbose_name_plural = _("anomali")
        constraints = [
            models.UniqueConstraint(fields=["account", "kind"], condition=Q(cleared_at__isnull=True),
                                    name="anomaly_one_open_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.account}"


class EligibilityPolicy(models.Model):
    """The entry rule. Never edited: each change is a new version, and decisions name the version."""

    class Counting(models.TextChoices):
        LARGEST = "largest", _("Akun terverifikasi terbesar")
        SUM = "sum", _("Jumlah semua akun terverifikasi")

    version = models.PositiveIntegerField(unique=True)
    threshold = models.PositiveIntegerField(_("ambang pengikut"), default=500)
    counting = models.CharField(_("cara menghitung"), max_length=10, choices=Counting.choices,
                                default=Counting.LARGEST)
    max_snapshot_age_days = models.PositiveSmallIntegerField(_("umur data pengikut maksimal (hari)"), default=30)
    grace_days = models.PositiveSmallIntegerField(_("masa tenggang (hari)"), default=14)
    note = models.CharField(_("catatan perubahan"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-version"]
        verbose_name = _("kebijakan kelayakan")
        verbose_name_plural = _("kebijakan kelayakan")
        constraints = [models.CheckConstraint(name="policy_threshold_positive", condition=Q(threshold__gte=1))]

    def __str__(self) -> str:
        return f"v{self.version}: ≥{self.threshold} ({self.counting})"


class Reason(models.TextChoices):
    OK = "ok", _("Memenuhi syarat")
    GRACE = "grace", _("Masa tenggang")
    INACTIVE = "inactive", _("ASN tidak aktif")
    NO_VERIFIED_ACCOUNT = "no_verified_account", _("Belum ada akun terverifikasi")
    STALE = "stale_snapshot", _("Data pengikut terlalu lama")
    BELOW = "below_threshold", _("Pengikut di bawah ambang")


class EligibilityDecision(models.Model):
    """One outcome of the rule for one ASN, stored when the outcome (or the policy) changes."""

    # Indexed by (profile, -id) below; other indexes would only slow the million-row recompute.
    profile = models.ForeignKey(ASNProfile, on_delete=models.CASCADE, related_name="decisions", db_index=False)
    policy = models.ForeignKey(EligibilityPolicy, on_delete=models.PROTECT, related_name="decisions",
                               db_index=False)
    eligible = models.BooleanField()
    reason = models.CharField(max_length=30, choices=Reason.choices)
    counted_followers = models.PositiveIntegerField(default=0)
    platform = models.CharField(max_length=20, blank=True, help_text="platform of the largest verified account")
    below_since = models.DateTimeField(null=True, blank=True, help_text="grace runs from here")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("keputusan kelayakan")
        verbose_name_plural = _("keputusan kelayakan")
        indexes = [models.Index(fields=["profile", "-id"], name="decision_profile_latest")]

    def __str__(self) -> str:
        return f"{self.profile_id} v{self.policy_id} {self.reason}"


class RosterImport(PublicIdModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        VALIDATING = "validating", _("Memeriksa")
        VALIDATED = "validated", _("Siap diterapkan")
        INVALID = "invalid", _("Ada galat")
        COMMITTING = "committing", _("Menerapkan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", help_text="coordinator imports are limited to this agency")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    size_bytes = models.BigIntegerField(default=0)
    bytes_done = models.BigIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    rows_valid = models.PositiveIntegerField(default=0)
    rows_invalid = models.PositiveIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    error_counts = models.JSONField(default=dict, blank=True)
    file_error = models.CharField(max_length=500, blank=True)
    preview = models.JSONField(default=list, blank=True)
    error_report = models.FileField(upload_to="imports/errors/", blank=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor daftar ASN")
        verbose_name_plural = _("impor daftar ASN")

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        if self.status in (self.Status.DONE, self.Status.VALIDATED, self.Status.INVALID):
            return 100
        if not self.size_bytes:
            return 0
        return min(99, int(100 * self.bytes_done / self.size_bytes))

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.VALIDATING, self.Status.COMMITTING)


class RosterRow(models.Model):
    """A validated roster row waiting for the all-or-nothing commit (a staging table)."""

    roster_import = models.ForeignKey(RosterImport, on_delete=models.CASCADE, related_name="+", db_index=False)
    line = models.PositiveIntegerField()
    nip = models.CharField(max_length=18)
    full_name = models.CharField(max_length=200)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+", db_constraint=False,
                               db_index=False)
    unit = models.CharField(max_length=200, blank=True)
    email = models.CharField(max_length=254, blank=True)
    cohort_name = models.CharField(max_length=100, blank=True)

    class Meta:
        indexes = [models.Index(fields=["roster_import", "line"], name="rosterrow_import_line")]

    def __str__(self) -> str:
        return f"{self.roster_import_id}:{self.line}"


class AgencyTransfer(TimeStampedModel):
    """One move ("mutasi") of an ASN from one agency to another: the readable history of where they served.

    The audit trail holds the full before/after; this row is what the ASN page shows, and it outlives
    the agency scoping (the receiving coordinator sees where the person came from and why).
    """

    profile = models.ForeignKey(ASNProfile, on_delete=models.CASCADE, related_name="transfers")
    from_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("dari instansi"))
    to_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("ke instansi"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+", verbose_name=_("dicatat oleh"))
    reason = models.TextField(_("alasan"))
    effective_date = models.DateField(_("tanggal berlaku"))
    # What the move did besides the agency (cohort cleared, invitations cancelled, badge reissued or moved).
    details = models.JSONField(default=dict, blank=True)
    # Claimed with a conditional UPDATE by the notice job, so a rerun never e-mails twice.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mutasi")
        verbose_name_plural = _("mutasi")
        constraints = [
            models.CheckConstraint(name="transfer_changes_agency", condition=~Q(from_agency=models.F("to_agency"))),
        ]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.from_agency_id} → {self.to_agency_id}"
