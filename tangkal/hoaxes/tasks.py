"""Background jobs of the hoax desk: thin, take ids, idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django_tasks import task

from tangkal.core.scheduler import periodic


@task()
def deliver_notification(notification_id: int) -> bool:
    from tangkal.hoaxes.notify import deliver

    return deliver(notification_id)


@periodic(every=timedelta(minutes=settings.HOAX_FEED_FETCH_MINUTES), name="hoaxes.fetch_feeds")
@task()
def fetch_feeds() -> int:
    from tangkal.hoaxes.ingest import feeds_fetch_all

    return feeds_fetch_all()


@periodic(every=timedelta(minutes=5), name="hoaxes.reprioritise")
@task()
def reprioritise_claims() -> int:
    from tangkal.hoaxes.services import claims_reprioritise, report_attach_pending

    report_attach_pending()
    return claims_reprioritise()
