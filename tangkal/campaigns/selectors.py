"""Reads for campaigns, always scoped by the acting user."""

from __future__ import annotations

import math

from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from tangkal.campaigns.models import Assignment, Campaign, ClickDaily, Notification, PostSubmission
from tangkal.core.permissions import can, is_admin, is_coordinator, is_verifier


def campaigns_for(*, user, status: str = "") -> QuerySet[Campaign]:
    """Campaigns a staff member may see: all for admins and the desk; for a coordinator their
    agency's own campaigns and launched national ones."""
    campaigns = Campaign.objects.select_related("agency", "created_by", "approved_by")
    if is_admin(user) or is_verifier(user):
        pass
    elif is_coordinator(user):
        campaigns = campaigns.filter(
            Q(agency_id=user.agency_id)
            | Q(agency__isnull=True, status__in=(Campaign.Status.LAUNCHED, Campaign.Status.CLOSED))
        )
    else:
        return campaigns.none()
    if status:
        campaigns = campaigns.filter(status=status)
    return campaigns


def campaign_for(*, user, public_id, action: str = "campaigns.view") -> Campaign:
    campaign = campaigns_for(user=user).filter(public_id=public_id).first()
    if campaign is None or not can(user, "campaigns.view", campaign):
        raise Http404
    if action != "campaigns.view" and not can(user, action, campaign):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(action)
    return campaign


def assignment_for(*, user, code: str) -> Assignment:
    """The influencer's own assignment; anybody else's is reported as absent."""
    assignment = (Assignment.objects.select_related("campaign").filter(code=code, user_id=user.pk).first()
                  if user.is_authenticated else None)
    if assignment is None or not can(user, "campaigns.assignment", assignment):
        raise Http404
    return assignment


def inbox(*, user) -> dict:
    """Active campaigns, most urgent first, then what is done."""
    mine = Assignment.objects.filter(user_id=user.pk).select_related("campaign")
    live = mine.filter(campaign__status=Campaign.Status.LAUNCHED)
    return {
        "todo": list(live.filter(status=Assignment.Status.PENDING).order_by("deadline_at", "id")),
        "late": list(live.filter(status=Assignment.Status.EXPIRED).order_by("deadline_at", "id")),
        "done": list(mine.filter(status__in=(Assignment.Status.POSTED, Assignment.Status.DECLINED))
                     .order_by("-created_at")[:20]),
        "notifications": list(Notification.objects.filter(user_id=user.pk, read_at__isnull=True)
                              .exclude(kind=Notification.Kind.LAUNCHED).select_related("campaign")[:10]),
    }


def record(*, user) -> dict:
    """The influencer's own record: campaigns done, speed, clicks, points."""
    from tangkal.campaigns.points import total_for

    mine = Assignment.objects.filter(user_id=user.pk)
    posted = mine.filter(status=Assignment.Status.POSTED, posted_at__isnull=False)
    minutes = [(a.posted_at - a.created_at).total_seconds() / 60 for a in posted.only("posted_at", "created_at")]
    minutes.sort()
    clicks = ClickDaily.objects.filter(assignment__user_id=user.pk).aggregate(
        clicks=Sum("clicks"), unique=Sum("unique_visitors"))
    return {
        "assigned": mine.count(),
        "posted": len(minutes),
        "declined": mine.filter(status=Assignment.Status.DECLINED).count(),
        "median_minutes": round(minutes[len(minutes) // 2]) if minutes else None,
        "within_hour": sum(1 for m in minutes if m <= 60),
        "clicks": clicks["clicks"] or 0,
        "unique": clicks["unique"] or 0,
        "points": total_for(user),
        "entries": list(user.campaign_points.all()[:20]),
    }


def _scoped_assignments(campaign: Campaign, user) -> QuerySet[Assignment]:
    assignments = Assignment.objects.filter(campaign=campaign)
    if is_coordinator(user) and not is_admin(user):
        assignments = assignments.filter(agency_id=user.agency_id)
    return assignments


def metrics(*, campaign: Campaign, user) -> dict:
    """The campaign dashboard; a coordinator sees only their agency's part of it."""
    assignments = _scoped_assignments(campaign, user)
    counts = assignments.aggregate(
        total=Count("pk"), posted=Count("pk", filter=Q(status=Assignment.Status.POSTED)),
        declined=Count("pk", filter=Q(status=Assignment.Status.DECLINED)),
        first=Min("posted_at"), last=Max("posted_at"),
    )
    total, posted = counts["total"], counts["posted"]
    launched = campaign.launched_at
    half_at = None
    if total and posted >= math.ceil(total / 2):
        k = math.ceil(total / 2)
        half_at = (assignments.filter(posted_at__isnull=False).order_by("posted_at")
                   .values_list("posted_at", flat=True)[k - 1:k].first())

    def minutes(moment):
        return round((moment - launched).total_seconds() / 60, 1) if moment and launched else None

    posts = PostSubmission.objects.filter(assignment__in=assignments, status=PostSubmission.Status.ACCEPTED)
    reach = posts.values("account_public_id").annotate(f=Max("followers")).aggregate(total=Sum("f"))["total"] or 0
    clicks = ClickDaily.objects.filter(assignment__in=assignments)
    click_totals = clicks.aggregate(clicks=Sum("clicks"), unique=Sum("unique_visitors"), bots=Sum("bot_clicks"))

    def grouped(field: str, label: str):
        rows = {}
        for row in assignments.values(field, label).annotate(
                n=Count("pk"), posted=Count("pk", filter=Q(status=Assignment.Status.POSTED))):
            rows[row[field]] = {"label": row[label] or "—", "assignments": row["n"], "posted": row["posted"],
                                "clicks": 0, "unique": 0}
        for row in clicks.values(f"assignment__{field}").annotate(c=Sum("clicks"), u=Sum("unique_visitors")):
            key = row[f"assignment__{field}"]
            if key in rows:
                rows[key]["clicks"], rows[key]["unique"] = row["c"] or 0, row["u"] or 0
        return sorted(rows.values(), key=lambda r: (-r["clicks"], -r["posted"], r["label"]))

    by_platform = {}
    for row in posts.values("platform").annotate(n=Count("pk"), reach=Sum("followers")):
        by_platform[row["platform"]] = {"label": row["platform"], "posts": row["n"], "reach": row["reach"] or 0,
                                        "clicks": 0, "unique": 0}
    for row in clicks.values("channel").annotate(c=Sum("clicks"), u=Sum("unique_visitors")):
        key = row["channel"] or "lainnya"
        entry = by_platform.setdefault(key, {"label": key, "posts": 0, "reach": 0, "clicks": 0, "unique": 0})
        entry["clicks"] += row["c"] or 0
        entry["unique"] += row["u"] or 0
    over_time = list(clicks.values("day").annotate(clicks=Sum("clicks"), unique=Sum("unique_visitors"))
                     .order_by("day"))
    peak = max((r["clicks"] for r in over_time), default=0)
    for row in over_time:
        row["percent"] = round(100 * row["clicks"] / peak) if peak else 0
    top = list(
        assignments.filter(Q(status=Assignment.Status.POSTED) | Q(click_days__clicks__gt=0))
        .annotate(c=Coalesce(Sum("click_days__clicks"), 0))
        .values("user__full_name", "user__email", "agency__name", "posted_at", "c")
        .order_by("-c", "posted_at")[:10]
    )
    for row in top:
        row["minutes"] = minutes(row["posted_at"])
        row["name"] = row["user__full_name"] or row["user__email"]
    return {
        "total": total, "posted": posted, "declined": counts["declined"],
        "share_rate": round(100 * posted / total, 1) if total else 0,
        "first_share_minutes": minutes(counts["first"]),
        "half_minutes": minutes(half_at),
        "reach": reach,
        "clicks": click_totals["clicks"] or 0, "unique": click_totals["unique"] or 0,
        "bots": click_totals["bots"] or 0,
        "by_agency": grouped("agency_id", "agency__name"),
        "by_region": grouped("region_id", "region__name"),
        "by_platform": sorted(by_platform.values(), key=lambda r: (-r["clicks"], -r["posts"])),
        "over_time": over_time,
        "top": top,
        "scoped_to_agency": is_coordinator(user) and not is_admin(user),
    }
