"""Points and leaderboards.

Points reward speed, accuracy, training and reporting hoaxes. Facebook forbids rewarding people
for posting to Facebook, so a Facebook post never earns points: speed points are given once per
campaign for the first proof on another platform, and a Facebook post is only measured (reach,
clicks), never rewarded.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum

from tangkal.campaigns.models import Assignment, LeaderboardOptOut, PointEntry, PostSubmission

UNREWARDED_PLATFORMS = frozenset({"facebook"})


def award(*, user, reason: str, source: str, points: int, agency_id=None, region_id=None) -> PointEntry | None:
    """Idempotent: the same (user, reason, source) is awarded once."""
    if agency_id is None and region_id is None:
        profile = getattr(user, "asn_profile", None)
        agency_id = getattr(profile, "agency_id", None) or user.agency_id
        region_id = getattr(profile, "region_id", None)
    try:
        with transaction.atomic():
            return PointEntry.objects.create(user=user, reason=reason, source=source[:80], points=points,
                                             agency_id=agency_id, region_id=region_id)
    except IntegrityError:
        return None


def speed_points(minutes: float) -> int:
    if minutes <= 60:
        return settings.CAMPAIGN_POINTS_WITHIN_HOUR
    if minutes <= 5 * 60:
        return settings.CAMPAIGN_POINTS_WITHIN_FIVE_HOURS
    return 0


def award_for_post(*, assignment: Assignment, post: PostSubmission) -> PointEntry | None:
    if post.platform in UNREWARDED_PLATFORMS:
        return None
    minutes = (post.created_at - assignment.created_at).total_seconds() / 60
    value = speed_points(minutes)
    if value <= 0 or post.created_at > assignment.deadline_at:
        return None
    return award(user=assignment.user, reason=PointEntry.Reason.SPEED, source=f"assignment:{assignment.pk}",
                 points=value, agency_id=assignment.agency_id, region_id=assignment.region_id)


def withdraw_for_post(*, assignment: Assignment) -> None:
    """A removed post takes its speed points back unless another rewarded proof remains."""
    still = assignment.posts.filter(status=PostSubmission.Status.ACCEPTED).exclude(
        platform__in=UNREWARDED_PLATFORMS).exists()
    if not still:
        PointEntry.objects.filter(user_id=assignment.user_id, reason=PointEntry.Reason.SPEED,
                                  source=f"assignment:{assignment.pk}").delete()


def leaderboard(*, scope: str = "national", agency_id=None, region_code: str | None = None, days: int | None = 30,
                limit: int = 20) -> list[dict]:
    """Top point earners; people who opted out are left out (they still see their own points)."""
    from django.utils import timezone

    entries = PointEntry.objects.exclude(user_id__in=LeaderboardOptOut.objects.values("user_id"))
    if days:
        entries = entries.filter(created_at__gte=timezone.now() - timedelta(days=days))
    if scope == "agency":
        entries = entries.filter(agency_id=agency_id)
    elif scope == "region":
        entries = entries.filter(Q(region_id=region_code) | Q(region__parent_id=region_code))
    rows = (entries.values("user_id", "user__full_name", "user__email", "agency__name")
            .annotate(total=Sum("points")).order_by("-total", "user_id")[:limit])
    return [{"rank": i, "name": r["user__full_name"] or r["user__email"].split("@")[0], "agency": r["agency__name"],
             "points": r["total"], "user_id": r["user_id"]} for i, r in enumerate(rows, start=1)]


def total_for(user) -> int:
    return PointEntry.objects.filter(user=user).aggregate(total=Sum("points"))["total"] or 0
