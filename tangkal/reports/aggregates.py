"""Set-based refresh of the pre-aggregated tables (tasks call these; the dashboards only read)."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Sum, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from tangkal.accounts.models import Region
from tangkal.reports.models import AggregateRun, DailyStat, FollowerBucket, FunnelCount, Scope

FOLLOWER_BANDS = [0, 500, 1_000, 5_000, 10_000, 50_000, 100_000, 1_000_000]
BATCH = 5_000


def province_of() -> dict[str, str]:
    """Region code → province code (a province maps to itself)."""
    return {code: code.split(".")[0] for code in Region.objects.values_list("code", flat=True)}


def _add(total, value):
    if isinstance(value, list):
        if total is None:
            return list(value)
        return [a + b for a, b in zip(total, value, strict=True)]
    return (total or 0) + value


def with_rollups(merged: dict[tuple, object], *, agency_at: int, province_at: int):
    """Yield (scope, key, value) for the full rows and their agency, province and national sums."""
    rolled: dict[str, dict[tuple, object]] = {Scope.AGENCY: {}, Scope.PROVINCE: {}, Scope.NATIONAL: {}}
    for key, value in merged.items():
        yield Scope.FULL, key, value
        for scope, blank in ((Scope.AGENCY, (province_at,)), (Scope.PROVINCE, (agency_at,)),
                             (Scope.NATIONAL, (agency_at, province_at))):
            rolled_key = tuple(None if i in blank else part for i, part in enumerate(key))
            rolled[scope][rolled_key] = _add(rolled[scope].get(rolled_key), value)
    for scope, rows in rolled.items():
        for key, value in rows.items():
            yield scope, key, value


def _record(name: str, started: float) -> None:
    AggregateRun.objects.update_or_create(
        name=name, defaults={"finished_at": timezone.now(), "seconds": round(time.monotonic() - started, 3)}
    )


def active_profile_filter() -> Q:
    """An ASN is active when, in the last 30 days, they reported a hoax or shared a campaign."""
    from tangkal.campaigns.models import Assignment
    from tangkal.hoaxes.models import Report

    since = timezone.now() - timedelta(days=30)
    return Q(Exists(Report.objects.filter(reporter=OuterRef("user_id"), created_at__gte=since))) | Q(
        Exists(Assignment.objects.filter(user=OuterRef("user_id"), posted_at__gte=since))
    )


def refresh_funnel() -> int:
    from tangkal.influencers.models import ASNProfile

    started = time.monotonic()
    provinces = province_of()
    dims = ("agency_id", "region_id", "cohort_id", "stage")
    profiles = ASNProfile.objects.filter(is_active=True)
    totals = profiles.values(*dims).annotate(n=Count("id")).order_by()
    active = {
        tuple(row[d] for d in dims): row["n"]
        for row in profiles.filter(active_profile_filter()).values(*dims).annotate(n=Count("id")).order_by()
    }
    merged: dict[tuple, list[int]] = {}
    for row in totals:
        key = (row["agency_id"], provinces.get(row["region_id"]) if row["region_id"] else None,
               row["cohort_id"], row["stage"])
        bucket = merged.setdefault(key, [0, 0])
        bucket[0] += row["n"]
        bucket[1] += active.get(tuple(row[d] for d in dims), 0)
    with transaction.atomic():
        FunnelCount.objects.all().delete()
        FunnelCount.objects.bulk_create(
            (FunnelCount(scope=scope, agency_id=k[0], province_id=k[1], cohort_id=k[2], stage=k[3], count=v[0],
                         active_30d=v[1])
             for scope, k, v in with_rollups(merged, agency_at=0, province_at=1)),
            batch_size=BATCH,
        )
    _record("funnel", started)
    return len(merged)


def _band_expression():
    whens = [When(followers__lt=upper, then=Value(index)) for index, upper in enumerate(FOLLOWER_BANDS[1:])]
    return Case(*whens, default=Value(len(FOLLOWER_BANDS) - 1), output_field=IntegerField())


def refresh_followers() -> int:
    from tangkal.influencers.models import SocialAccount

    started = time.monotonic()
    provinces = province_of()
    rows = (
        SocialAccount.objects.filter(verification="verified", followers__isnull=False, profile__is_active=True)
        .exclude(status="gone")
        .annotate(band=_band_expression())
        .values("profile__agency_id", "profile__region_id", "platform", "band")
        .annotate(accounts=Count("id"), total=Sum("followers"))
        .order_by()
    )
    merged: dict[tuple, list[int]] = {}
    for row in rows:
        region = row["profile__region_id"]
        key = (row["profile__agency_id"], provinces.get(region) if region else None, row["platform"], row["band"])
        bucket = merged.setdefault(key, [0, 0])
        bucket[0] += row["accounts"]
        bucket[1] += row["total"] or 0
    with transaction.atomic():
        FollowerBucket.objects.all().delete()
        FollowerBucket.objects.bulk_create(
            (FollowerBucket(scope=scope, agency_id=k[0], province_id=k[1], platform=k[2], band=k[3], accounts=v[0],
                            followers=v[1])
             for scope, k, v in with_rollups(merged, agency_at=0, province_at=1)),
            batch_size=BATCH,
        )
    _record("followers", started)
    return len(merged)


def _day_window(days: int) -> tuple[date, datetime]:
    zone = ZoneInfo(settings.TIME_ZONE)
    first_day = timezone.localdate() - timedelta(days=days - 1)
    return first_day, datetime.combine(first_day, datetime.min.time(), tzinfo=zone)


def _daily_rows(queryset, *, stamp: str, metric: str, agency: str | None, region: str | None,
                key: str | None, provinces: dict[str, str], key_prefix: str = "", value=None):
    """Group `queryset` by local day (of the datetime `stamp`, or the date field `day`) and dimensions."""
    zone = ZoneInfo(settings.TIME_ZONE)
    fields = [f for f in (agency, region, key) if f]
    if stamp != "day":
        queryset = queryset.annotate(day=TruncDate(stamp, tzinfo=zone))
    rows = queryset.values("day", *fields).annotate(n=value if value is not None else Count("id")).order_by()
    merged: dict[tuple, int] = {}
    for row in rows:
        region_code = row.get(region) if region else None
        composite = (row["day"], row.get(agency) if agency else None,
                     provinces.get(region_code) if region_code else None,
                     f"{key_prefix}{row[key]}" if key else "")
        merged[composite] = merged.get(composite, 0) + (row["n"] or 0)
    return [DailyStat(scope=scope, day=k[0], metric=metric, agency_id=k[1], province_id=k[2], key=k[3], value=v)
            for scope, k, v in with_rollups(merged, agency_at=1, province_at=2)]


def refresh_daily(*, days: int = 3) -> int:
    """Recompute the per-day numbers of the last `days` days (history beyond that is left as is)."""
    from tangkal.hoaxes.models import Claim, Clarification, Report

    started = time.monotonic()
    provinces = province_of()
    first_day, since = _day_window(days)
    stats: list[DailyStat] = []
    reports = Report.objects.filter(created_at__gte=since)
    stats += _daily_rows(reports, stamp="created_at", metric="reports", agency="claim__agency_id",
                         region="region_id", key="platform", provinces=provinces)
    stats += _daily_rows(Claim.objects.filter(created_at__gte=since), stamp="created_at", metric="claims",
                         agency="agency_id", region="region_id", key="topic", provinces=provinces)
    published = Clarification.objects.filter(status="published", is_external=False, published_at__gte=since)
    stats += _daily_rows(published, stamp="published_at", metric="published_verdict", agency="claim__agency_id",
                         region="region_id", key="verdict", provinces=provinces)
    stats += _daily_rows(published, stamp="published_at", metric="published_topic", agency="claim__agency_id",
                         region="region_id", key="topic", provinces=provinces)
    stats += _campaign_rows(since=since, first_day=first_day, provinces=provinces)
    with transaction.atomic():
        DailyStat.objects.filter(day__gte=first_day).delete()
        DailyStat.objects.bulk_create(stats, batch_size=BATCH)
    _record("daily", started)
    return len(stats)


def _campaign_rows(*, since: datetime, first_day: date, provinces: dict[str, str]) -> list[DailyStat]:
    from tangkal.campaigns.models import Assignment, Campaign, ClickDaily, PostSubmission

    where = {"agency": "assignment__agency_id", "region": "assignment__region_id"}
    rows = _daily_rows(Campaign.objects.filter(launched_at__gte=since), stamp="launched_at", metric="launches",
                       agency="agency_id", region=None, key="kind", provinces=provinces)
    rows += _daily_rows(Assignment.objects.filter(created_at__gte=since), stamp="created_at", metric="assignments",
                        agency="agency_id", region="region_id", key=None, provinces=provinces)
    posts = PostSubmission.objects.filter(created_at__gte=since, status="accepted")
    rows += _daily_rows(posts, stamp="created_at", metric="posts", key="platform", provinces=provinces, **where)
    rows += _daily_rows(posts, stamp="created_at", metric="reach", key="platform", provinces=provinces,
                        value=Sum("followers"), **where)
    clicks = ClickDaily.objects.filter(day__gte=first_day)
    rows += _daily_rows(clicks, stamp="day", metric="clicks", key="channel", provinces=provinces,
                        value=Sum("clicks"), **where)
    rows += _daily_rows(clicks, stamp="day", metric="unique_visitors", key=None, provinces=provinces,
                        value=Sum("unique_visitors"), **where)
    return rows


def refresh_all(*, days: int = 3) -> dict[str, int]:
    return {"funnel": refresh_funnel(), "followers": refresh_followers(), "daily": refresh_daily(days=days)}
