"""Reads of the hoax desk, always scoped by the acting user; public reads only see what is published."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tangkal.core.permissions import can, is_coordinator, require
from tangkal.hoaxes.models import Claim, Clarification, DeskSettings, Report


def claims_visible_to(user) -> QuerySet[Claim]:
    require(user, "hoaxes.desk_view")
    claims = Claim.objects.all()
    if is_coordinator(user) and not can(user, "hoaxes.claim_triage"):
        claims = claims.filter(agency_id=user.agency_id)
    return claims


def claim_queue(*, user, status: str = "open", topic: str = "", mine: bool = False, q: str = "") -> QuerySet[Claim]:
    claims = claims_visible_to(user).select_related("region", "agency", "assignee")
    if status == "open":
        claims = claims.filter(status__in=[Claim.Status.NEW, Claim.Status.IN_PROGRESS])
    elif status in Claim.Status.values:
        claims = claims.filter(status=status)
    if topic:
        claims = claims.filter(topic=topic)
    if mine:
        claims = claims.filter(assignee=user)
    if q:
        claims = claims.filter(title__icontains=q[:100])
    return claims.order_by("-priority", "first_reported_at")


def claim_for(*, user, public_id) -> Claim:
    claim = claims_visible_to(user).filter(public_id=public_id).select_related(
        "region", "agency", "assignee", "merged_into").first()
    if claim is None:
        raise Http404
    return claim


def claim_sources(claim: Claim, *, now: datetime | None = None) -> dict:
    """How many reports, from where and how fast: the numbers on top of the workspace."""
    now = now or timezone.now()
    reports = claim.reports.all()
    by_platform = list(reports.values("platform").annotate(n=Count("id")).order_by("-n"))
    by_region = list(reports.filter(region__isnull=False).values("region__name").annotate(n=Count("id"))
                     .order_by("-n")[:10])
    by_channel = list(reports.values("channel").annotate(n=Count("id")).order_by("-n"))
    return {
        "total": claim.report_count,
        "last_hour": reports.filter(created_at__gte=now - timedelta(hours=1)).count(),
        "last_day": reports.filter(created_at__gte=now - timedelta(hours=24)).count(),
        "by_platform": by_platform,
        "by_region": by_region,
        "by_channel": by_channel,
    }


def sla_state(claim: Claim, *, targets: DeskSettings, now: datetime | None = None) -> dict:
    """Minutes since the first report, coloured against the admin's targets."""
    now = now or timezone.now()
    start = claim.first_reported_at or claim.created_at
    end = claim.answered_at if claim.status == Claim.Status.ANSWERED and claim.answered_at else now
    minutes = max(0, int((end - start).total_seconds() // 60))
    if claim.first_triaged_at is None and claim.is_open:
        target = targets.triage_target_minutes
    else:
        target = targets.publish_target_minutes
    level = "ok" if minutes < target * 0.75 else ("warn" if minutes <= target else "bad")
    return {"minutes": minutes, "target": target, "level": level, "stopped": end != now}


def clarifications_for_desk(*, user, status: str = "") -> QuerySet[Clarification]:
    require(user, "hoaxes.clarification_edit")
    rows = Clarification.objects.filter(is_external=False).select_related("author", "claim")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-updated_at")


def clarification_for_staff(*, user, public_id) -> Clarification:
    clar = Clarification.objects.select_related("claim", "author", "approved_by", "last_editor", "region",
                                                "source").filter(public_id=public_id).first()
    if clar is None or not can(user, "hoaxes.clarification_view", clar):
        raise Http404
    return clar


def published_clarifications() -> QuerySet[Clarification]:
    return Clarification.objects.filter(status=Clarification.Status.PUBLISHED).select_related("region", "source")


def search_published(*, q: str = "", verdict: str = "", topic: str = "", region: str = "",
                     date_from: date | None = None, date_to: date | None = None,
                     source: str = "") -> QuerySet[Clarification]:
    rows = published_clarifications()
    if q:
        for word in q.split()[:8]:
            rows = rows.filter(Q(headline__icontains=word) | Q(summary__icontains=word)
                               | Q(claim_reviewed__icontains=word))
    if verdict:
        rows = rows.filter(verdict=verdict)
    if topic:
        rows = rows.filter(topic=topic)
    if region:
        rows = rows.filter(Q(region_id=region) | Q(region__parent_id=region))
    if date_from:
        rows = rows.filter(published_at__date__gte=date_from)
    if date_to:
        rows = rows.filter(published_at__date__lte=date_to)
    if source == "own":
        rows = rows.filter(is_external=False)
    elif source == "external":
        rows = rows.filter(is_external=True)
    return rows.order_by("-published_at")


def public_clarification(*, slug: str) -> Clarification:
    clar = (Clarification.objects.select_related("region", "source", "author", "approved_by")
            .filter(slug=slug, status__in=[Clarification.Status.PUBLISHED, Clarification.Status.WITHDRAWN]).first())
    if clar is None:
        raise Http404
    return clar


def report_by_code(code: str) -> Report:
    report = Report.objects.select_related("claim", "matched_clarification").filter(
        tracking_code=code.strip().upper()).first()
    if report is None:
        raise Http404
    return report


def report_outcome(report: Report) -> dict:
    """What a reporter may learn about their report: never other reports, notes or staff names."""
    claim = report.claim
    clar = None
    if claim is not None:
        while claim.merged_into_id:
            claim = claim.merged_into
        clar = claim.clarifications.filter(status=Clarification.Status.PUBLISHED).order_by("-published_at").first()
    if clar is None and report.match_confident and report.matched_clarification \
            and report.matched_clarification.is_published:
        clar = report.matched_clarification
    if clar is not None:
        state = "answered"
    elif claim is None or claim.status == Claim.Status.NEW:
        state = "received"
    elif claim.status == Claim.Status.DISMISSED:
        state = "dismissed"
    else:
        state = "checking"
    return {"state": state, "clarification": clar, "similar_reports": claim.report_count if claim else 1}


def reports_of(*, user) -> QuerySet[Report]:
    require(user, "hoaxes.report_own")
    return Report.objects.filter(reporter=user).select_related("claim").order_by("-created_at")
