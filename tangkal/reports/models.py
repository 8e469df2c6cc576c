"""Pre-aggregated tables behind the dashboards, refreshed by tasks, and the weekly report archive."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tangkal.core.models import PublicIdModel


class Scope(models.TextChoices):
    """Each aggregate is stored rolled up four ways, so every dashboard view reads a small slice."""

    NATIONAL = "national"  # agency and province empty
    AGENCY = "agency"  # per agency, all provinces
    PROVINCE = "province"  # per province, all agencies
    FULL = "full"  # per agency and province


class FunnelCount(models.Model):
    """How many ASN stand at each stage, per agency, region and cohort (current state)."""

    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.FULL)
    agency = models.ForeignKey("accounts.Agency", null=True, on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey("accounts.Region", null=True, on_delete=models.CASCADE, related_name="+")
    cohort_id = models.BigIntegerField(null=True)
    stage = models.CharField(max_length=20)
    active_30d = models.PositiveIntegerField(default=0)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["scope", "agency"]), models.Index(fields=["scope", "province"])]

    def __str__(self) -> str:
        return f"{self.stage}: {self.count}"


class FollowerBucket(models.Model):
    """Verified accounts per platform and follower band, with their summed followers."""

    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.FULL)
    agency = models.ForeignKey("accounts.Agency", null=True, on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey("accounts.Region", null=True, on_delete=models.CASCADE, related_name="+")
    platform = models.CharField(max_length=20)
    band = models.PositiveSmallIntegerField()  # index into FOLLOWER_BANDS
    accounts = models.PositiveIntegerField()
    followers = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["scope", "agency"]), models.Index(fields=["scope", "province"])]

    def __str__(self) -> str:
        return f"{self.platform} band {self.band}: {self.accounts}"


class DailyStat(models.Model):
    """One number per day: a metric, optionally split by agency, province and a key (verdict, topic…)."""

    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.FULL)
    day = models.DateField()
    metric = models.CharField(max_length=30)
    agency = models.ForeignKey("accounts.Agency", null=True, on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey("accounts.Region", null=True, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40, blank=True)
    value = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["scope", "metric", "day"]),
                   models.Index(fields=["scope", "agency", "metric", "day"]),
                   models.Index(fields=["scope", "province", "metric", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.metric} {self.key}: {self.value}"


class AggregateRun(models.Model):
    name = models.CharField(max_length=40, unique=True)
    finished_at = models.DateTimeField()
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return self.name


class WeeklyReport(PublicIdModel):
    """The Monday report for one week, national (agency empty) or for one agency."""

    week_start = models.DateField(_("awal pekan"))
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="weekly_reports")
    pdf = models.FileField(upload_to="reports/weekly/%Y/")
    xlsx = models.FileField(upload_to="reports/weekly/%Y/")
    emailed_to = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-week_start", "agency__name"]
        verbose_name = _("laporan mingguan")
        verbose_name_plural = _("laporan mingguan")
        constraints = [
            models.UniqueConstraint(fields=["week_start", "agency"], name="weekly_report_once_per_agency"),
            models.UniqueConstraint(fields=["week_start"], condition=models.Q(agency__isnull=True),
                                    name="weekly_report_once_national"),
        ]

    def __str__(self) -> str:
        return f"{self.week_start:%Y-%m-%d} {self.agency or 'nasional'}"
