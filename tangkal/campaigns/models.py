"""Campaigns: a kit built from a clarification or an information item, sent to influencers,
shared through personal short links and measured.

References to rows of apps that are built alongside this one (clarifications, social accounts)
are kept as their opaque public ids plus a snapshot of what the campaign needs: the kit is a
frozen copy of the clarification as approved, and a post keeps the follower count it had when it
was submitted, so later edits elsewhere never rewrite what was measured.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangkal.core.models import PublicIdModel, TimeStampedModel
from tangkal.hoaxes.models import Topic as HoaxTopic

# Topics are the hoax desk's list, so a campaign built from a clarification keeps its topic.
Topic = HoaxTopic


class Channel(models.TextChoices):
    """Where a kit text goes. The social platforms match the influencers app's platform codes."""

    X = "x", "X"
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    TIKTOK = "tiktok", _("TikTok / Reels (naskah)")
    WHATSAPP = "whatsapp", "WhatsApp"
    TELEGRAM = "telegram", "Telegram"


SOCIAL_PLATFORMS = ("x", "instagram", "facebook", "tiktok", "youtube")


class Campaign(PublicIdModel):
    class Kind(models.TextChoices):
        COUNTER_HOAX = "counter_hoax", _("Kontra-hoaks")
        INFORMATION = "information", _("Informasi publik")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PENDING_APPROVAL = "pending_approval", _("Menunggu persetujuan")
        APPROVED = "approved", _("Disetujui")
        LAUNCHING = "launching", _("Sedang diluncurkan")
        LAUNCHED = "launched", _("Berjalan")
        CLOSED = "closed", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    EDITABLE = (Status.DRAFT, Status.PENDING_APPROVAL)

    kind = models.CharField(_("jenis"), max_length=14, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=18, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    # The owning agency: a coordinator's campaign reaches only their agency; null for national campaigns.
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="campaigns", verbose_name=_("instansi pemilik"))
    stamp = models.CharField(_("cap"), max_length=20,
                             help_text=_("Cap pada gambar, mis. HOAKS, FAKTA atau INFO."))
    headline = models.CharField(_("judul"), max_length=120)
    summary = models.TextField(_("pesan inti"), max_length=1000)
    body = models.TextField(_("penjelasan"), max_length=10000, blank=True)
    link_url = models.URLField(_("tautan tujuan"), max_length=500)
    hashtags = models.CharField(_("tagar"), max_length=300, blank=True,
                                help_text=_("Dipisah spasi, mis. #CekFakta #InfoResmi."))
    disclosure = models.CharField(_("tanda pengungkapan"), max_length=60)
    topic = models.CharField(_("topik"), max_length=20, choices=Topic.choices, default=Topic.LAINNYA)
    # Wording variants per channel: {"x": ["…{tautan}…", …], …}; "{tautan}" is the personal short link.
    kit = models.JSONField(_("kit"), default=dict, blank=True)
    clarification_public_id = models.UUIDField(null=True, blank=True, db_index=True)
    clarification_version = models.PositiveIntegerField(null=True, blank=True)
    targeting = models.JSONField(_("sasaran"), default=dict, blank=True)
    deadline_hours = models.PositiveSmallIntegerField(_("batas waktu (jam)"), default=6)
    estimated_influencers = models.PositiveIntegerField(null=True, blank=True)
    estimated_reach = models.BigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(max_length=500, blank=True)
    guardrail_flags = models.JSONField(default=list, blank=True)
    override_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    override_reason = models.CharField(max_length=500, blank=True)
    launched_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    launched_at = models.DateTimeField(null=True, blank=True)
    deadline_at = models.DateTimeField(null=True, blank=True)
    assignments_count = models.PositiveIntegerField(default=0)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kampanye")
        verbose_name_plural = _("kampanye")
        constraints = [
            models.CheckConstraint(name="campaign_approver_not_creator",
                                   condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("created_by"))),
            models.CheckConstraint(name="campaign_launched_was_approved",
                                   condition=~Q(status__in=["launching", "launched", "closed"])
                                   | Q(approved_by__isnull=False)),
            models.CheckConstraint(name="campaign_counter_hoax_has_clarification",
                                   condition=~Q(kind="counter_hoax") | Q(clarification_public_id__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.headline

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LAUNCHED

    def hashtag_list(self) -> list[str]:
        return [tag if tag.startswith("#") else f"#{tag}" for tag in self.hashtags.split() if tag.strip("#")]


class Assignment(models.Model):
    """One influencer asked to carry one campaign; also the owner of their personal short link."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Belum dikerjakan")
        POSTED = "posted", _("Sudah diposting")
        DECLINED = "declined", _("Ditolak")
        EXPIRED = "expired", _("Lewat batas waktu")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campaign_assignments")
    # Snapshots at launch so dashboards group without joining the influencers' tables.
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    region = models.ForeignKey("accounts.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    followers = models.BigIntegerField(default=0)
    code = models.CharField(max_length=16, unique=True)
    variant = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    deadline_at = models.DateTimeField()
    notified_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["deadline_at", "id"]
        verbose_name = _("penugasan")
        verbose_name_plural = _("penugasan")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="assignment_once_per_influencer"),
        ]
        indexes = [
            models.Index(fields=["user", "status", "deadline_at"], name="assignment_inbox"),
            models.Index(fields=["campaign", "status"], name="assignment_campaign_status"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.user_id}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PENDING


class PostSubmission(TimeStampedModel):
    """Proof that an influencer posted: the post URL, checked against their verified accounts."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Diterima")
        REMOVED = "removed", _("Posting tidak ditemukan")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="posts")
    platform = models.CharField(_("platform"), max_length=20)
    url = models.URLField(_("tautan posting"), max_length=500)
    normalized_url = models.CharField(max_length=500)
    account_public_id = models.UUIDField()
    account_label = models.CharField(max_length=120)
    followers = models.BigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACCEPTED)
    checked_at = models.DateTimeField(null=True, blank=True)
    metrics = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("bukti posting")
        verbose_name_plural = _("bukti posting")
        constraints = [
            models.UniqueConstraint(fields=["normalized_url"], name="post_url_once"),
            models.UniqueConstraint(fields=["assignment", "platform"], condition=Q(status="accepted"),
                                    name="post_once_per_platform"),
        ]

    def __str__(self) -> str:
        return self.url


class ClickDaily(models.Model):
    """Clicks on one personal short link on one day, per channel letter. Written by the flusher."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="click_days")
    day = models.DateField()
    channel = models.CharField(max_length=10, blank=True)
    clicks = models.PositiveIntegerField(default=0)
    unique_visitors = models.PositiveIntegerField(default=0)
    bot_clicks = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("klik harian")
        verbose_name_plural = _("klik harian")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "day", "channel"], name="clickdaily_once"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.day} {self.channel}: {self.clicks}"


class VisitorDay(models.Model):
    """sha256(daily salt + IP + user agent) seen on one link on one day; deleted when the day ends."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(db_index=True)
    channel = models.CharField(max_length=10, blank=True)
    visitor_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "day", "channel", "visitor_hash"], name="visitorday_once"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.day}"


class DailySalt(models.Model):
    """A random salt per day, deleted with the day's visitor hashes so they can never be linked."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    def __str__(self) -> str:
        return str(self.day)


class Notification(models.Model):
    """An in-app message to one person (launches, corrections, post checks)."""

    class Kind(models.TextChoices):
        LAUNCHED = "launched", _("Kampanye baru")
        CORRECTED = "corrected", _("Koreksi klarifikasi")
        POST_REMOVED = "post_removed", _("Posting tidak ditemukan")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campaign_notifications")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    assignment = models.ForeignKey(Assignment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "campaign", "kind", "version"], name="campaign_notification_once"),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="campaign_notif_unread")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"


class Expertise(models.Model):
    """A topic an influencer says they know; campaigns can target by it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campaign_topics")
    topic = models.CharField(max_length=20, choices=Topic.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="expertise_once")]
        indexes = [models.Index(fields=["topic", "user"], name="expertise_topic")]

    def __str__(self) -> str:
        return self.topic


class LeaderboardOptOut(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.user_id)


class PointEntry(models.Model):
    """Points for speed, accuracy, training and reporting hoaxes; never for a Facebook post as such."""

    class Reason(models.TextChoices):
        SPEED = "speed", _("Cepat membagikan")
        ACCURACY = "accuracy", _("Laporan hoaks yang tepat")
        TRAINING = "training", _("Menyelesaikan pelatihan")
        REPORT = "report", _("Melaporkan hoaks")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campaign_points")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    points = models.IntegerField()
    source = models.CharField(max_length=80, help_text="what earned it, e.g. assignment:123; unique per reason")
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    region = models.ForeignKey("accounts.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "reason", "source"], name="points_once_per_source"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.reason} +{self.points}"


class BlackoutWindow(TimeStampedModel):
    """A period (e.g. an election) in which launching needs an audited override by a programme admin."""

    name = models.CharField(_("nama"), max_length=120)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("masa tenang")
        verbose_name_plural = _("masa tenang")
        constraints = [models.CheckConstraint(name="blackout_ends_after_start", condition=Q(ends_at__gt=F("starts_at")))]

    def __str__(self) -> str:
        return self.name


class WatchWord(TimeStampedModel):
    """A word (a party, a candidate, a slogan) whose presence in a kit needs an override to launch."""

    word = models.CharField(_("kata"), max_length=80, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["word"]
        verbose_name = _("kata pantauan")
        verbose_name_plural = _("kata pantauan")

    def __str__(self) -> str:
        return self.word


class ProgrammeSettings(models.Model):
    """One row: the disclosure tag every kit carries, chosen by a programme admin."""

    disclosure = models.CharField(_("tanda pengungkapan"), max_length=60, default="#InfoASN")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("pengaturan kampanye")
        verbose_name_plural = _("pengaturan kampanye")

    def __str__(self) -> str:
        return self.disclosure

    @classmethod
    def current(cls) -> ProgrammeSettings:
        row = cls.objects.order_by("pk").first()
        return row or cls.objects.create()
