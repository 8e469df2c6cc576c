"""Background jobs of claim matching: thin and idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django_tasks import task

from tangkal.core.scheduler import periodic


@periodic(every=timedelta(hours=max(settings.MATCHING_SNAPSHOT_HOURS, 1)), name="matching.snapshot")
@task()
def write_snapshot() -> int:
    """A fresh snapshot keeps the log a new process replays short; running processes are left alone."""
    if not settings.MATCHING_SNAPSHOT_DIR or settings.MATCHING_SNAPSHOT_HOURS <= 0:
        return 0
    from tangkal.matching.live import snapshot_write

    return snapshot_write(settings.MATCHING_SNAPSHOT_DIR, reload=False)["documents"]
