"""Scheduled follower refresh: every account once per interval, spread over the day, within each budget."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from django.utils import timezone

from tangkal.connectors.base import ConnectorError
from tangkal.connectors.budget import rate_for
from tangkal.influencers.eligibility import eligibility_recompute
from tangkal.influencers.models import SocialAccount
from tangkal.influencers.social import account_measure

logger = logging.getLogger(__name__)
BATCH = 20
# Leave a fifth of each budget for sign-ups, ownership checks and "refresh now".
SCHEDULED_SHARE = 0.8


def refresh_interval(platform: str) -> timedelta:
    """Once a day, or less often when the platform's daily budget cannot cover every account."""
    limit, window = rate_for(platform)
    per_day = limit * 86400 / window * SCHEDULED_SHARE
    accounts = SocialAccount.objects.filter(platform=platform).count()
    return timedelta(days=max(1.0, accounts / max(per_day, 1)))


def refresh_due(*, platform: str, max_accounts: int | None = None, max_seconds: float | None = None,
                now: datetime | None = None) -> dict:
    """Measure the platform's due accounts until none is due, the budget runs out, or time is up.

    Each account is claimed with a conditional UPDATE of its next_refresh_at, so any number of
    workers can run this at once without measuring an account twice.
    """
    started = time.monotonic()
    interval = refresh_interval(platform)
    stats = {"measured": 0, "gone": 0, "errors": 0, "stopped": ""}
    profiles: set[int] = set()
    while True:
        current = now or timezone.now()
        due = list(SocialAccount.objects.filter(platform=platform, next_refresh_at__lte=current)
                   .order_by("next_refresh_at").values_list("pk", "next_refresh_at")[:BATCH])
        if not due:
            stats["stopped"] = "nothing_due"
            break
        for pk, was_due in due:
            if max_accounts is not None and stats["measured"] + stats["gone"] + stats["errors"] >= max_accounts:
                stats["stopped"] = "max_accounts"
                break
            if max_seconds is not None and time.monotonic() - started > max_seconds:
                stats["stopped"] = "max_seconds"
                break
            claimed = SocialAccount.objects.filter(pk=pk, next_refresh_at=was_due).update(
                next_refresh_at=current + interval)
            if not claimed:
                continue  # another worker has it
            account = SocialAccount.objects.select_related("profile").get(pk=pk)
            try:
                snap = account_measure(account=account, now=current)
            except ConnectorError as exc:
                if exc.code == "rate_limited":
                    # Out of budget: give the account back and stop until the next tick.
                    SocialAccount.objects.filter(pk=pk).update(next_refresh_at=was_due)
                    stats["stopped"] = "budget"
                    break
                SocialAccount.objects.filter(pk=pk).update(next_refresh_at=current + timedelta(hours=1))
                stats["errors"] += 1
                continue
            profiles.add(account.profile_id)
            stats["measured" if snap is not None else "gone"] += 1
        else:
            continue
        break
    if profiles:
        eligibility_recompute(profile_ids=sorted(profiles))
    logger.info("follower refresh", extra={"platform": platform, **stats})
    return stats
