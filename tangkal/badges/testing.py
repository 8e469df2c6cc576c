"""Helpers for tests, the access-test world and benchmarks: a badge issued without the other apps."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tangkal.badges.models import Badge
from tangkal.badges.prerequisites import AccountSnapshot, Prerequisites


def met_prerequisites(accounts=(("instagram", "asn_teladan", 1200),)) -> Prerequisites:
    now = timezone.now()
    return Prerequisites(
        eligible=True, trained=True, training_completed_at=now,
        accounts=[AccountSnapshot(platform=p, handle=h, followers=f, verified_at=now) for p, h, f in accounts],
    )


@transaction.atomic
def issue_badge(holder, *, accounts=(("instagram", "asn_teladan", 1200),), show_accounts_publicly: bool = True,
                by=None) -> Badge:
    from tangkal.badges.services import badge_issue

    badge = Badge.objects.create(holder=holder, agency_id=holder.agency_id,
                                 show_accounts_publicly=show_accounts_publicly)
    return badge_issue(badge=badge, report=met_prerequisites(accounts), approved_by=by, by=by)
