"""Reads, always scoped by the acting user. Other apps use `is_eligible`, `latest_decision`, `eligible_influencers`."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tangkal.core.permissions import is_admin, is_coordinator, require
from tangkal.influencers.models import (
    AnomalyFlag,
    ASNProfile,
    Cohort,
    EligibilityDecision,
    FollowerSnapshot,
    RosterImport,
    SocialAccount,
    Verification,
)


def is_eligible(profile: ASNProfile | None) -> bool:
    """Whether the ASN meets the entry rule now (grace periods included)."""
    return bool(profile is not None and profile.is_active and profile.eligible)


def latest_decision(profile: ASNProfile) -> EligibilityDecision | None:
    return EligibilityDecision.objects.filter(profile=profile).select_related("policy").order_by("-id").first()


def eligible_influencers(*, agency=None, region=None, platform: str | None = None,
                         min_followers: int | None = None, max_followers: int | None = None) -> QuerySet:
    """Eligible ASN, for targeting: by agency, region, platform of a verified account and follower tier."""
    profiles = ASNProfile.objects.filter(is_active=True, eligible=True)
    if agency is not None:
        profiles = profiles.filter(agency=agency)
    if region is not None:
        profiles = profiles.filter(region=region)
    account_filter = Q(accounts__verification=Verification.VERIFIED, accounts__status=SocialAccount.Status.ACTIVE)
    if platform:
        account_filter &= Q(accounts__platform=platform)
    if min_followers is not None:
        account_filter &= Q(accounts__followers__gte=min_followers)
    if max_followers is not None:
        account_filter &= Q(accounts__followers__lt=max_followers)
    if platform or min_followers is not None or max_followers is not None:
        profiles = profiles.filter(account_filter)
    return profiles.distinct()


def verified_accounts(profile: ASNProfile) -> QuerySet:
    return profile.accounts.filter(verification=Verification.VERIFIED)


def _scope(user, queryset: QuerySet, agency_field: str) -> QuerySet:
    """Programme admins see every agency, coordinators their own; nobody else sees ASN data."""
    if is_admin(user):
        return queryset
    if is_coordinator(user):
        return queryset.filter(**{agency_field: user.agency_id})
    return queryset.none()


def roster_for(user, *, stage: str = "", cohort: Cohort | None = None, query: str = "",
               agency_id: int | None = None) -> QuerySet:
    require(user, "influencers.manage_roster")
    # Erased profiles stay only as anonymous statistics; they are nobody's roster entry any more.
    profiles = _scope(user, ASNProfile.objects.filter(erased_at__isnull=True).select_related("agency", "cohort"),
                      "agency")
    if stage:
        profiles = profiles.filter(stage=stage)
    if cohort is not None:
        profiles = profiles.filter(cohort=cohort)
    if agency_id:
        profiles = profiles.filter(agency_id=agency_id)
    if query:
        query = query.strip()
        if query.isdigit():
            profiles = profiles.filter(nip__startswith=query)
        else:
            profiles = profiles.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    return profiles.annotate(
        verified_count=Count("accounts", filter=Q(accounts__verification=Verification.VERIFIED))
    ).order_by("full_name", "pk")


def profile_for_staff(user, public_id) -> ASNProfile:
    profile = _scope(user, ASNProfile.objects.filter(erased_at__isnull=True).select_related("agency", "cohort", "user"),
                     "agency").filter(public_id=public_id).first()
    if profile is None:
        raise Http404
    return profile


def transfers_of(user, profile: ASNProfile) -> QuerySet:
    """The ASN's moves between agencies, newest first: whoever may see the ASN now sees where they served."""
    require(user, "influencers.manage_roster", profile)
    return profile.transfers.select_related("from_agency", "to_agency", "by").order_by("-created_at", "-id")


def pending_evidence_for(user) -> QuerySet:
    require(user, "influencers.manage_roster")
    return _scope(user, SocialAccount.objects.filter(verification=Verification.PENDING_EVIDENCE)
                  .select_related("profile", "profile__agency"), "profile__agency").order_by("updated_at")


def account_for_staff(user, public_id) -> SocialAccount:
    account = _scope(user, SocialAccount.objects.select_related("profile", "profile__agency"),
                     "profile__agency").filter(public_id=public_id).first()
    if account is None:
        raise Http404
    return account


def anomalies_for(user, *, include_cleared: bool = False) -> QuerySet:
    require(user, "influencers.manage_roster")
    flags = AnomalyFlag.objects.select_related("account", "account__profile", "account__profile__agency")
    if not include_cleared:
        flags = flags.filter(cleared_at__isnull=True)
    return _scope(user, flags, "account__profile__agency")


def anomaly_for_staff(user, public_id) -> AnomalyFlag:
    flag = anomalies_for(user, include_cleared=True).filter(public_id=public_id).first()
    if flag is None:
        raise Http404
    return flag


def imports_for(user) -> QuerySet:
    require(user, "influencers.manage_roster")
    imports = RosterImport.objects.select_related("agency", "created_by")
    if is_admin(user):
        return imports
    return imports.filter(agency_id=user.agency_id)


def import_for_staff(user, public_id) -> RosterImport:
    found = imports_for(user).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def cohorts_for(user) -> QuerySet:
    require(user, "influencers.manage_roster")
    return _scope(user, Cohort.objects.select_related("agency"), "agency").annotate(size=Count("members"))


def cohort_for_staff(user, public_id) -> Cohort:
    cohort = cohorts_for(user).filter(public_id=public_id).first()
    if cohort is None:
        raise Http404
    return cohort


def own_account(user, public_id) -> SocialAccount:
    account = SocialAccount.objects.select_related("profile").filter(public_id=public_id, profile__user=user).first()
    if account is None:
        raise Http404
    return account


def follower_history(account: SocialAccount, *, days: int = 90) -> list[FollowerSnapshot]:
    since = timezone.now() - timedelta(days=days)
    return list(FollowerSnapshot.objects.filter(account=account, measured_at__gte=since).order_by("measured_at"))


def stage_counts(user) -> dict[str, int]:
    require(user, "influencers.manage_roster")
    rows = (_scope(user, ASNProfile.objects.filter(erased_at__isnull=True), "agency").order_by()
            .values("stage").annotate(n=Count("pk")))
    return {row["stage"]: row["n"] for row in rows}
