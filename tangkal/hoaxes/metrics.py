"""Desk metrics: reports per day, claims, and time to first triage and to publication per week and topic."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from tangkal.hoaxes.models import Claim, Clarification, Report, Topic


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile; None for no data."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def _minutes(a, b) -> float:
    return round((b - a).total_seconds() / 60, 1)


def desk_metrics(*, weeks: int = 8, now=None) -> dict:
    now = now or timezone.now()
    since = now - timedelta(weeks=weeks)
    per_day = list(Report.objects.filter(created_at__gte=now - timedelta(days=30))
                   .annotate(day=TruncDate("created_at")).values("day").annotate(n=Count("id")).order_by("day"))
    claims = Claim.objects.filter(first_reported_at__gte=since).exclude(status=Claim.Status.MERGED)
    triage = defaultdict(list)
    publish = defaultdict(list)
    counts = defaultdict(int)
    for claim in claims.only("first_reported_at", "first_triaged_at", "topic"):
        week = timezone.localtime(claim.first_reported_at).strftime("%G-W%V")
        topic = claim.topic or "-"
        counts[(week, topic)] += 1
        if claim.first_triaged_at:
            triage[(week, topic)].append(_minutes(claim.first_reported_at, claim.first_triaged_at))
    first_pub = (Clarification.objects.filter(status__in=[Clarification.Status.PUBLISHED,
                                                          Clarification.Status.WITHDRAWN],
                                              claim__first_reported_at__gte=since, is_external=False)
                 .select_related("claim").order_by("published_at"))
    seen = set()
    for clar in first_pub:
        if clar.claim_id in seen or not clar.published_at:
            continue
        seen.add(clar.claim_id)
        week = timezone.localtime(clar.claim.first_reported_at).strftime("%G-W%V")
        publish[(week, clar.claim.topic or "-")].append(_minutes(clar.claim.first_reported_at, clar.published_at))
    labels = dict(Topic.choices)
    rows = []
    for key in sorted(set(counts) | set(publish), reverse=True):
        week, topic = key
        rows.append({
            "week": week, "topic": labels.get(topic, "—"), "claims": counts.get(key, 0),
            "triage_median": percentile(triage[key], 50), "triage_p90": percentile(triage[key], 90),
            "publish_median": percentile(publish[key], 50), "publish_p90": percentile(publish[key], 90),
            "published": len(publish[key]),
        })
    all_triage = [v for values in triage.values() for v in values]
    all_publish = [v for values in publish.values() for v in values]
    return {
        "per_day": per_day,
        "per_day_max": max((d["n"] for d in per_day), default=0),
        "rows": rows,
        "weeks": weeks,
        "totals": {
            "reports": Report.objects.filter(created_at__gte=since).count(),
            "claims": sum(counts.values()),
            "triage_median": percentile(all_triage, 50), "triage_p90": percentile(all_triage, 90),
            "publish_median": percentile(all_publish, 50), "publish_p90": percentile(all_publish, 90),
        },
    }
