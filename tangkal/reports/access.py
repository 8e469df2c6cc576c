from tangkal.core.access import ADMIN, ADMIN_COORD_A, ADMIN_COORDS, Route

ROUTES = [
    Route("reports:dashboard", ADMIN_COORDS),
    Route("reports:chart_download", ADMIN_COORDS, kwargs=lambda w: {"key": "funnel"}),
    Route("reports:refresh", ADMIN, method="POST"),
    Route("reports:weekly_archive", ADMIN_COORDS),
    Route("reports:weekly_generate", ADMIN, method="POST"),
    # Agency A's weekly report: its coordinator and admins only.
    Route("reports:weekly_download", ADMIN_COORD_A,
          kwargs=lambda w: {"public_id": w.weekly_report_a.public_id, "kind": "pdf"}),
]


def build(world) -> None:
    from datetime import date

    from django.core.files.base import ContentFile

    from tangkal.reports.models import WeeklyReport

    report = WeeklyReport(week_start=date(2026, 11, 16), agency=world.agency_a)
    report.pdf.save("uji.pdf", ContentFile(b"%PDF-1.4 uji"), save=False)
    report.xlsx.save("uji.xlsx", ContentFile(b"PK"), save=False)
    report.save()
    world.weekly_report_a = report

ROUTES += [
    Route("api-1:reports_dashboard", ADMIN_COORDS),
    Route("api-1:reports_weekly", ADMIN_COORDS),
]
