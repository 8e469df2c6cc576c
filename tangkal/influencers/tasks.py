"""Background jobs: thin, take ids, idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from tangkal.accounts.models import User
from tangkal.connectors.registry import connectors
from tangkal.core.scheduler import periodic
from tangkal.influencers import eligibility, refresh, roster, services
from tangkal.influencers.models import Cohort, EligibilityPolicy, RosterImport, SocialAccount


@task()
def roster_validate(import_id: int) -> None:
    roster.roster_validate(roster_import=RosterImport.objects.get(pk=import_id))


@task()
def roster_commit(import_id: int) -> None:
    roster.roster_commit(roster_import=RosterImport.objects.get(pk=import_id))


@task()
def cohort_invite(cohort_id: int, by_id: int) -> None:
    services.cohort_invite(cohort=Cohort.objects.get(pk=cohort_id), by=User.objects.get(pk=by_id))


@task()
def send_transfer_notices(transfer_id: int) -> int:
    return services.transfer_notify(transfer_id=transfer_id)


@task()
def eligibility_recompute_all(policy_id: int) -> None:
    policy = EligibilityPolicy.objects.get(pk=policy_id)
    if policy.pk == eligibility.policy_current().pk:  # a newer policy has its own run queued
        eligibility.eligibility_recompute(policy=policy)


@periodic(every=timedelta(hours=6), name="influencers.eligibility_daily")
@task()
def eligibility_recompute_scheduled() -> None:
    """Snapshots age and grace periods end even when nothing else happens."""
    eligibility.eligibility_recompute()


@task()
def refresh_platform(platform: str) -> None:
    refresh.refresh_due(platform=platform, max_seconds=240)


@periodic(every=timedelta(minutes=5), name="influencers.follower_refresh")
@task()
def refresh_followers_tick() -> None:
    now = timezone.now()
    for platform in connectors():
        if SocialAccount.objects.filter(platform=platform, next_refresh_at__lte=now).exists():
            refresh_platform.enqueue(platform)
