"""The hoax desk: reports come in, collapse into claims, and claims are answered by clarifications."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tangkal.core.models import PublicIdModel, TimeStampedModel

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


class Verdict(models.TextChoices):
    # The labels are the verdict words Indonesian hoax desks publish; they stay the same in every language.
    HOAKS = "HOAKS", "HOAKS"
    DISINFORMASI = "DISINFORMASI", "DISINFORMASI"
    MISINFORMASI = "MISINFORMASI", "MISINFORMASI"
    FITNAH = "FITNAH", "FITNAH"
    PENIPUAN = "PENIPUAN", "PENIPUAN"
    SALAH = "SALAH", "SALAH"
    MENYESATKAN = "MENYESATKAN", "MENYESATKAN"
    SATIRE_PARODI = "SATIRE_PARODI", "SATIRE/PARODI"
    BELUM_TERBUKTI = "BELUM_TERBUKTI", "BELUM TERBUKTI"
    BENAR = "BENAR", "BENAR"


# schema.org ClaimReview rating, 1 (false) … 5 (true); documented in docs/HOAX_DESK.md.
VERDICT_RATING = {
    Verdict.HOAKS: 1, Verdict.DISINFORMASI: 1, Verdict.FITNAH: 1, Verdict.PENIPUAN: 1, Verdict.SALAH: 1,
    Verdict.MISINFORMASI: 2, Verdict.MENYESATKAN: 2, Verdict.SATIRE_PARODI: 2,
    Verdict.BELUM_TERBUKTI: 3, Verdict.BENAR: 5,
}


class Topic(models.TextChoices):
    POLITIK = "politik", _("Politik")
    PEMERINTAHAN = "pemerintahan", _("Pemerintahan")
    KESEHATAN = "kesehatan", _("Kesehatan")
    BENCANA = "bencana", _("Bencana")
    SARA = "sara", _("SARA")
    KRIMINALITAS = "kriminalitas", _("Kriminalitas")
    PENIPUAN = "penipuan", _("Penipuan")
    HUKUM = "hukum", _("Hukum")
    EKONOMI = "ekonomi", _("Ekonomi")
    PENDIDIKAN = "pendidikan", _("Pendidikan")
    INTERNASIONAL = "internasional", _("Internasional")
    LAINNYA = "lainnya", _("Lainnya")


class Tag(models.TextChoices):
    PEMILU = "pemilu", _("Pemilu")
    BENCANA = "bencana", _("Bencana")
    KESEHATAN = "kesehatan", _("Kesehatan")


class Platform(models.TextChoices):
    WHATSAPP = "whatsapp", "WhatsApp"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"
    X = "x", "X (Twitter)"
    YOUTUBE = "youtube", "YouTube"
    TELEGRAM = "telegram", "Telegram"
    WEBSITE = "website", _("Situs web")
    OFFLINE = "offline", _("Dari mulut ke mulut / cetak")
    OTHER = "lainnya", _("Lainnya")


class Reach(models.IntegerChoices):
    UNKNOWN = 0, _("Tidak tahu")
    FEW = 1, _("Beberapa orang / satu grup")
    MANY = 2, _("Beberapa grup, ratusan orang")
    VIRAL = 3, _("Viral: ribuan orang atau lebih")


class DeskSettings(models.Model):
    """One row: the service-level targets the admin sets for the desk."""

    triage_target_minutes = models.PositiveIntegerField(_("target triase (menit)"), default=20)
    publish_target_minutes = models.PositiveIntegerField(
        _("target terbit (menit)"), default=60,
        help_text=_("Waktu dari laporan pertama sampai klarifikasi terbit; praktik baiknya satu jam."),
    )

    class Meta:
        verbose_name = _("pengaturan meja hoaks")
        verbose_name_plural = _("pengaturan meja hoaks")

    def __str__(self) -> str:
        return str(_("Pengaturan meja hoaks"))

    @classmethod
    def current(cls) -> DeskSettings:
        obj = cls.objects.order_by("pk").first()
        return obj or cls.objects.create()


class AgencyRoute(TimeStampedModel):
    """Claims on a topic (optionally in a region) are routed to the agency responsible for it."""

    topic = models.CharField(_("topik"), max_length=20, choices=Topic.choices)
    region = models.ForeignKey("accounts.Region", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+", verbose_name=_("wilayah"))
    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="hoax_routes",
                               verbose_name=_("instansi"))

    class Meta:
        verbose_name = _("rute instansi")
        verbose_name_plural = _("rute instansi")
        constraints = [models.UniqueConstraint(fields=["topic", "region"], name="hoax_route_topic_region"),
                       models.UniqueConstraint(fields=["topic"], condition=Q(region__isnull=True),
                                               name="hoax_route_topic_national")]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} / {self.region or '-'} → {self.agency}"


class Claim(PublicIdModel):
    """One hoax as the desk sees it: every report about it collapses here."""

    class Status(models.TextChoices):
        NEW = "new", _("Baru")
        IN_PROGRESS = "in_progress", _("Diperiksa")
        ANSWERED = "answered", _("Sudah dijawab")
        DISMISSED = "dismissed", _("Ditutup tanpa klarifikasi")
        MERGED = "merged", _("Digabung")

    title = models.CharField(_("judul"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    topic = models.CharField(_("topik"), max_length=20, choices=Topic.choices, blank=True)
    region = models.ForeignKey("accounts.Region", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("wilayah"))
    tags = models.JSONField(_("tanda"), default=list, blank=True)
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="hoax_claims", verbose_name=_("instansi tujuan"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="assigned_claims", verbose_name=_("verifikator"))
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    related_clarifications = models.ManyToManyField("Clarification", blank=True, related_name="related_claims")
    report_count = models.PositiveIntegerField(default=0)
    reach_max = models.PositiveSmallIntegerField(default=0)
    priority = models.FloatField(default=0, db_index=True)
    first_reported_at = models.DateTimeField(null=True, blank=True)
    last_reported_at = models.DateTimeField(null=True, blank=True, db_index=True)
    first_triaged_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-priority", "first_reported_at"]
        verbose_name = _("klaim")
        verbose_name_plural = _("klaim")
        indexes = [models.Index(fields=["status", "-priority"], name="hoax_claim_queue",
                                condition=Q(status__in=["new", "in_progress"]))]

    def __str__(self) -> str:
        return self.title

    @property
    def code(self) -> str:
        return self.public_id.hex[:8].upper()

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.IN_PROGRESS)

    def get_absolute_url(self) -> str:
        return reverse("hoaxes:claim", kwargs={"public_id": self.public_id})


class Report(PublicIdModel):
    """One report of a suspected hoax, from the public form, a dashboard, Telegram or the API."""

    class Channel(models.TextChoices):
        WEB = "web", _("Formulir publik")
        DASHBOARD = "dashboard", _("Dasbor ASN")
        TELEGRAM = "telegram", _("Bot Telegram")
        API = "api", _("API")

    class ContactKind(models.TextChoices):
        EMAIL = "email", _("Email")
        TELEGRAM = "telegram", _("Telegram")

    tracking_code = models.CharField(max_length=11, unique=True, default=new_tracking_code, editable=False)
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    text = models.TextField(_("isi pesan"), blank=True)
    url = models.URLField(_("tautan"), max_length=1000, blank=True)
    url_key = models.CharField(max_length=64, blank=True, db_index=True)  # sha256 of the canonical URL
    text_fingerprint = models.CharField(max_length=32, blank=True, db_index=True)
    platform = models.CharField(_("dilihat di"), max_length=12, choices=Platform.choices, default=Platform.OTHER)
    region = models.ForeignKey("accounts.Region", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("wilayah"))
    reach = models.PositiveSmallIntegerField(_("seberapa luas"), choices=Reach.choices, default=Reach.UNKNOWN)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="hoax_reports")
    # The contact is personal data: encrypted to send the answer, hashed to find it, deletable any time.
    contact_kind = models.CharField(max_length=10, choices=ContactKind.choices, blank=True)
    contact_encrypted = models.TextField(blank=True)
    contact_hash = models.CharField(max_length=64, blank=True, db_index=True)
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    attached_at = models.DateTimeField(null=True, blank=True)
    matched_clarification = models.ForeignKey("Clarification", null=True, blank=True, on_delete=models.SET_NULL,
                                              related_name="matched_reports")
    match_confident = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        indexes = [models.Index(fields=["claim", "created_at"], name="hoax_report_claim_time"),
                   models.Index(fields=["created_at"], condition=Q(claim__isnull=True),
                                name="hoax_report_unattached")]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_encrypted)


def report_image_path(instance: ReportImage, filename: str) -> str:
    return f"hoaxes/reports/{instance.public_id.hex[:2]}/{instance.public_id.hex}.{instance.extension}"


class ReportImage(PublicIdModel):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="images")
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="images")
    image = models.ImageField(upload_to=report_image_path, width_field="width", height_field="height")
    extension = models.CharField(max_length=4, default="jpg")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    phash = models.CharField(max_length=16, db_index=True)  # 64-bit perceptual hash, hex

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.image.name


class TextSignature(models.Model):
    """MinHash LSH bands of a report's text: reports sharing a band are near-duplicate candidates."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="signatures")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=20, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["key", "created_at"], name="hoax_sig_key_time")]

    def __str__(self) -> str:
        return self.key


class ClaimNote(TimeStampedModel):
    class Kind(models.TextChoices):
        NOTE = "note", _("Catatan")
        EVIDENCE = "evidence", _("Bukti")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("catatan"), max_length=4000, blank=True)
    url = models.URLField(_("tautan bukti"), max_length=1000, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60] or self.url


class FeedSource(TimeStampedModel):
    """An RSS/Atom feed of a fact-checker or a government clarification page, fetched on a schedule."""

    name = models.CharField(_("nama"), max_length=120)
    url = models.URLField(_("alamat feed"), max_length=500, unique=True)
    homepage = models.URLField(_("situs"), max_length=500, blank=True)
    default_verdict = models.CharField(
        _("vonis bawaan"), max_length=16, choices=Verdict.choices, default=Verdict.HOAKS,
        help_text=_("Dipakai bila judul butir tidak memuat label vonis seperti [HOAKS]."),
    )
    default_topic = models.CharField(_("topik bawaan"), max_length=20, choices=Topic.choices, default=Topic.LAINNYA)
    is_active = models.BooleanField(_("aktif"), default=True)
    etag = models.CharField(max_length=200, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(_("status terakhir"), max_length=200, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    items_imported = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sumber feed")
        verbose_name_plural = _("sumber feed")

    def __str__(self) -> str:
        return self.name


class Clarification(PublicIdModel):
    """The desk's answer to a claim (or an imported one from a feed), published under a stable slug."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        IN_REVIEW = "in_review", _("Menunggu persetujuan")
        PUBLISHED = "published", _("Terbit")
        WITHDRAWN = "withdrawn", _("Ditarik")

    slug = models.SlugField(max_length=120, unique=True)
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="clarifications")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    verdict = models.CharField(_("vonis"), max_length=16, choices=Verdict.choices)
    headline = models.CharField(_("judul"), max_length=200)
    claim_reviewed = models.CharField(_("klaim yang diperiksa"), max_length=500, blank=True,
                                      help_text=_("Bunyi klaim yang beredar, satu kalimat."))
    summary = models.TextField(_("penjelasan singkat"), max_length=1000)
    body = models.TextField(_("penjelasan lengkap"), max_length=30000, blank=True,
                            help_text=_("Markdown sederhana: paragraf, daftar, tautan, tebal/miring."))
    references = models.TextField(_("rujukan"), max_length=5000, blank=True,
                                  help_text=_("Satu tautan per baris, boleh diawali judul lalu ' | '."))
    topic = models.CharField(_("topik"), max_length=20, choices=Topic.choices, default=Topic.LAINNYA)
    region = models.ForeignKey("accounts.Region", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("wilayah"))
    counter_headline = models.CharField(_("judul pesan tandingan"), max_length=200, blank=True)
    counter_body = models.TextField(_("isi pesan tandingan"), max_length=3000, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    last_editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    is_external = models.BooleanField(default=False)
    source = models.ForeignKey(FeedSource, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="clarifications")
    source_url = models.URLField(_("tautan sumber"), max_length=1000, blank=True)
    external_guid = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("klarifikasi")
        verbose_name_plural = _("klarifikasi")
        constraints = [
            models.UniqueConstraint(fields=["source", "external_guid"], condition=Q(is_external=True),
                                    name="hoax_clar_feed_guid"),
            models.CheckConstraint(name="hoax_clar_published_has_date",
                                   condition=~Q(status="published") | Q(published_at__isnull=False)),
            models.CheckConstraint(name="hoax_clar_own_approved_by_other",
                                   condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("author"))),
        ]
        indexes = [models.Index(fields=["-published_at"], condition=Q(status="published"),
                                name="hoax_clar_public")]

    def __str__(self) -> str:
        return self.headline

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def rating(self) -> int:
        return VERDICT_RATING[Verdict(self.verdict)]

    def get_absolute_url(self) -> str:
        return reverse("hoaxes:public_detail", kwargs={"slug": self.slug})

    def get_staff_url(self) -> str:
        return reverse("hoaxes:clarification", kwargs={"public_id": self.public_id})

    def reference_list(self) -> list[tuple[str, str]]:
        items = []
        for line in self.references.splitlines():
            line = line.strip()
            if not line:
                continue
            title, _sep, url = line.rpartition(" | ")
            items.append((title.strip() or url.strip(), url.strip()))
        return items


def clarification_image_path(instance: ClarificationImage, filename: str) -> str:
    return f"hoaxes/clarifications/{instance.public_id.hex[:2]}/{instance.public_id.hex}.{instance.extension}"


class ClarificationImage(PublicIdModel):
    clarification = models.ForeignKey(Clarification, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to=clarification_image_path, width_field="width", height_field="height")
    extension = models.CharField(max_length=4, default="jpg")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = models.CharField(_("teks alternatif"), max_length=300)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.alt_text


class ClarificationRevision(models.Model):
    """Every saved version of a clarification, kept for good."""

    clarification = models.ForeignKey(Clarification, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10)
    data = models.JSONField()

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["clarification", "number"], name="hoax_rev_unique")]

    def __str__(self) -> str:
        return f"{self.clarification_id} r{self.number}"


class Correction(models.Model):
    """A change to a published clarification, shown on the public page with its date."""

    clarification = models.ForeignKey(Clarification, on_delete=models.CASCADE, related_name="corrections")
    created_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("catatan koreksi"), max_length=2000)
    revision = models.PositiveIntegerField()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.note[:60]


class Notification(models.Model):
    """An outcome message sent to one reporter; the unique key makes the sending job idempotent."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notifications")
    clarification = models.ForeignKey(Clarification, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12)  # published | corrected | matched | dismissed
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "clarification", "kind", "version"],
                                               name="hoax_notification_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.report_id}"


class TelegramUpdate(models.Model):
    """Update ids already handled: Telegram re-sends an update it thinks failed."""

    update_id = models.BigIntegerField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return str(self.update_id)
