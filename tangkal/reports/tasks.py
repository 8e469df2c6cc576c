from datetime import timedelta

from django_tasks import task

from tangkal.core.scheduler import periodic


@periodic(every=timedelta(minutes=10), name="reports.refresh_aggregates")
@task()
def refresh_aggregates() -> dict:
    from tangkal.reports.aggregates import refresh_all

    return refresh_all(days=3)


@periodic(every=timedelta(hours=1), name="reports.weekly_reports")
@task()
def weekly_reports_if_due() -> int:
    from tangkal.reports.weekly import generate_due_weekly_reports

    return generate_due_weekly_reports()
