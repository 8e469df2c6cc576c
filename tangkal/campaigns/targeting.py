"""Who a campaign reaches: eligible, active ASN holding a live badge, narrowed by the campaign's
targeting (agency, region, platform, topic of expertise, follower tier).

`targetable_profiles()` is the one place that decides who may ever be targeted. Suspended,
revoked or expired badge holders are never in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone


def tiers() -> list[tuple[str, int, int | None]]:
    """[(name, minimum, maximum-exclusive or None)] from CAMPAIGN_FOLLOWER_TIERS, lowest first."""
    pairs = []
    for item in settings.CAMPAIGN_FOLLOWER_TIERS.split(","):
        name, _sep, minimum = item.strip().partition(":")
        if name and minimum.strip().isdigit():
            pairs.append((name.strip(), int(minimum)))
    pairs.sort(key=lambda pair: pair[1])
    return [(name, low, pairs[i + 1][1] if i + 1 < len(pairs) else None) for i, (name, low) in enumerate(pairs)]


@dataclass
class Criteria:
    agencies: list[int] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)  # province or regency/city codes
    platforms: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    tiers: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict | None) -> Criteria:
        data = data or {}
        return cls(
            agencies=[int(a) for a in data.get("agencies", []) if str(a).isdigit()],
            regions=[str(r) for r in data.get("regions", [])],
            platforms=[str(p) for p in data.get("platforms", [])],
            topics=[str(t) for t in data.get("topics", [])],
            tiers=[str(t) for t in data.get("tiers", [])],
        )

    def to_json(self) -> dict:
        return {"agencies": self.agencies, "regions": self.regions, "platforms": self.platforms,
                "topics": self.topics, "tiers": self.tiers}


@cache
def _table_exists(table: str) -> bool:
    return table in connection.introspection.table_names()


def _badge_models():
    """The badges app's Badge model once its table exists, else None (it is built alongside)."""
    try:
        from tangkal.badges.models import Badge
    except ImportError:  # pragma: no cover - the app is not there at all
        return None
    return Badge if _table_exists(Badge._meta.db_table) else None


def badge_condition() -> Q | Exists | None:
    Badge = _badge_models()
    if Badge is None:
        return None
    now = timezone.now()
    live = Badge.objects.filter(holder_id=OuterRef("user_id"), status=Badge.Status.ACTIVE).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=now)
    )
    return Exists(live)


def targetable_profiles() -> QuerySet:
    """Every ASN a campaign may ever reach: active, eligible, signed up, with a live badge."""
    from tangkal.accounts.models import Role
    from tangkal.influencers.models import ASNProfile

    profiles = ASNProfile.objects.filter(
        is_active=True, eligible=True, user__isnull=False, user__is_active=True, user__role=Role.INFLUENCER
    )
    badge = badge_condition()
    if badge is not None:
        profiles = profiles.filter(badge)
    return profiles


def verified_accounts(platforms: list[str] | None = None) -> QuerySet:
    from tangkal.influencers.models import SocialAccount, Verification

    accounts = SocialAccount.objects.filter(verification=Verification.VERIFIED, status=SocialAccount.Status.ACTIVE)
    if platforms:
        accounts = accounts.filter(platform__in=platforms)
    return accounts


def targeted_profiles(criteria: Criteria) -> QuerySet:
    profiles = targetable_profiles()
    if criteria.agencies:
        profiles = profiles.filter(agency_id__in=criteria.agencies)
    if criteria.regions:
        profiles = profiles.filter(Q(region_id__in=criteria.regions) | Q(region__parent_id__in=criteria.regions))
    profiles = profiles.filter(Exists(verified_accounts(criteria.platforms).filter(profile_id=OuterRef("pk"))))
    if criteria.topics:
        from tangkal.campaigns.models import Expertise

        profiles = profiles.filter(
            Exists(Expertise.objects.filter(user_id=OuterRef("user_id"), topic__in=criteria.topics))
        )
    if criteria.tiers:
        tier_q = Q()
        for name, low, high in tiers():
            if name in criteria.tiers:
                band = Q(counted_followers__gte=low)
                if high is not None:
                    band &= Q(counted_followers__lt=high)
                tier_q |= band
        profiles = profiles.filter(tier_q) if tier_q else profiles.none()
    return profiles


def followers_subquery(criteria: Criteria):
    """Followers of a profile's verified accounts on the targeted platforms, for annotation."""
    per_profile = (
        verified_accounts(criteria.platforms).filter(profile_id=OuterRef("pk")).order_by()
        .values("profile_id").annotate(total=Sum("followers")).values("total")
    )
    return Coalesce(Subquery(per_profile), 0)


def estimate(criteria: Criteria) -> dict:
    """The number of influencers and the estimated reach (sum of followers of their verified
    accounts on the targeted platforms) before launch."""
    profiles = targeted_profiles(criteria)
    count = profiles.count()
    reach = (
        verified_accounts(criteria.platforms).filter(profile_id__in=profiles.values("pk"))
        .aggregate(total=Sum("followers"))["total"]
    ) or 0
    return {"influencers": count, "reach": int(reach)}
