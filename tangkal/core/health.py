from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


def health_report() -> dict:
    report: dict = {"database": False, "migrations_applied": False, "oldest_queued_task_seconds": None}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        report["database"] = True
        executor = MigrationExecutor(connection)
        report["migrations_applied"] = not executor.migration_plan(executor.loader.graph.leaf_nodes())
        from django_tasks_db.models import DBTaskResult

        oldest = (
            DBTaskResult.objects.filter(status="READY").order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        )
        if oldest is not None:
            report["oldest_queued_task_seconds"] = round((timezone.now() - oldest).total_seconds(), 1)
    except Exception as exc:  # health must answer, whatever broke
        report["error"] = exc.__class__.__name__
    return report
