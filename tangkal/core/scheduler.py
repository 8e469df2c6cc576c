"""Periodic jobs, safe with any number of scheduler processes.

Each job has one ScheduledJob row. A scheduler claims a due run with a conditional UPDATE on the
row's `next_run_at`; only the process whose UPDATE matched enqueues the task, so two schedulers
never run the same slot twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError
from django.utils import timezone

from tangkal.core.models import ScheduledJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    name: str
    task: object  # a django_tasks Task
    every: timedelta


_JOBS: dict[str, Periodic] = {}


def periodic(*, every: timedelta, name: str | None = None):
    """Register a task (decorate *above* @task) to be enqueued every `every`."""

    def register(task_obj):
        job_name = name or f"{task_obj.module_path}"
        _JOBS[job_name] = Periodic(name=job_name, task=task_obj, every=every)
        return task_obj

    return register


def registered_jobs() -> dict[str, Periodic]:
    return dict(_JOBS)


def run_due_jobs(*, now: datetime | None = None) -> list[str]:
    """Enqueue every job whose time has come; returns the names this process enqueued."""
    now = now or timezone.now()
    enqueued: list[str] = []
    for job in _JOBS.values():
        row = ScheduledJob.objects.filter(name=job.name).first()
        if row is None:
            try:
                row = ScheduledJob.objects.create(name=job.name, next_run_at=now)
            except IntegrityError:
                row = ScheduledJob.objects.get(name=job.name)
        if row.next_run_at > now:
            continue
        claimed = ScheduledJob.objects.filter(pk=row.pk, next_run_at=row.next_run_at).update(
            next_run_at=now + job.every, last_run_at=now, runs=row.runs + 1
        )
        if claimed != 1:
            continue  # another scheduler took this slot
        job.task.enqueue()
        logger.info("scheduled job enqueued", extra={"job": job.name})
        enqueued.append(job.name)
    return enqueued
