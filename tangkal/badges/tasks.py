"""Thin background entry points: they take ids and call services, and are safe to run twice."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from tangkal.core.scheduler import periodic


@task()
def send_badge_notice(*, badge_id: int, kind: str) -> int:
    from tangkal.badges.notifications import send_notice

    return send_notice(badge_id=badge_id, kind=kind)


@periodic(every=timedelta(hours=12))
@task()
def remind_expiring_badges() -> int:
    from tangkal.badges.services import badges_remind_expiring

    return badges_remind_expiring()


@periodic(every=timedelta(minutes=10))
@task()
def publish_status_lists() -> int:
    """Catch-up only: every bit change already republishes its list in the same transaction."""
    from tangkal.badges.status_lists import status_lists_publish_pending

    return status_lists_publish_pending()
