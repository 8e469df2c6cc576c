"""Thin background entry points: they take ids, call a service, and are safe to run twice."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from tangkal.core.scheduler import periodic


@task()
def send_launch_batch(campaign_id: int, first_id: int, last_id: int) -> int:
    from tangkal.campaigns.notify import send_launch_batch as send

    return send(campaign_id=campaign_id, first_id=first_id, last_id=last_id)


@task()
def send_correction_notices(campaign_id: int, version: int) -> int:
    from tangkal.campaigns.notify import send_correction_notices as send

    return send(campaign_id=campaign_id, version=version)


@task()
def check_post(post_id: int) -> str:
    from tangkal.campaigns.posts import post_check

    return post_check(post_id=post_id)


@periodic(every=timedelta(minutes=1))
@task()
def flush_clicks() -> int:
    """Clicks buffered in the worker's own process (e.g. the Django view in a worker)."""
    from tangkal.campaigns.clicks import flush

    return flush()


@periodic(every=timedelta(hours=1))
@task()
def prune_visitor_hashes() -> int:
    from tangkal.campaigns.clicks import prune_visitors

    return prune_visitors()


@periodic(every=timedelta(minutes=5))
@task()
def expire_assignments() -> int:
    """Past-deadline assignments stop being "to do"; a later post still counts (status posted)."""
    from django.utils import timezone

    from tangkal.campaigns.models import Assignment

    return Assignment.objects.filter(status=Assignment.Status.PENDING, deadline_at__lt=timezone.now()).update(
        status=Assignment.Status.EXPIRED)


@periodic(every=timedelta(hours=6))
@task()
def refresh_post_metrics() -> int:
    """Re-read posts of the last week where the connector can read posts."""
    from django.utils import timezone

    from tangkal.campaigns.models import PostSubmission
    from tangkal.campaigns.posts import post_reader

    since = timezone.now() - timedelta(days=7)
    queued = 0
    posts = PostSubmission.objects.filter(status=PostSubmission.Status.ACCEPTED, created_at__gte=since)
    for post_id, platform in posts.values_list("pk", "platform").iterator():
        if post_reader(platform) is not None:
            check_post.enqueue(post_id)
            queued += 1
    return queued
