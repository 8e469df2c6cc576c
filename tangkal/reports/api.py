from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from tangkal.api.pagination import BoundedPageNumberPagination
from tangkal.core.permissions import is_admin, require
from tangkal.reports import selectors
from tangkal.reports.models import WeeklyReport

router = Router(tags=["laporan"])
PREFIX = "/reports"


class DashboardQuery(Schema):
    dari: date | None = None
    sampai: date | None = None
    instansi: str | None = None
    provinsi: str | None = None


class FunnelStep(Schema):
    key: str
    label: str
    count: int
    conversion: float | None = None


class Latency(Schema):
    count: int
    median: float | None = None
    p90: float | None = None
    target: int
    within_target: float | None = None


class DashboardOut(Schema):
    start: date
    end: date
    agency_code: str | None = None
    province_code: str | None = None
    funnel: list[FunnelStep]
    total_reach: int
    reports: int
    claims: int
    published: int
    publication_latency: Latency


class WeeklyReportOut(Schema):
    id: str
    week_start: date
    agency_code: str | None = None
    pdf_url: str
    xlsx_url: str


def _filters(request, query: DashboardQuery) -> selectors.Filters:
    params = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in query.dict().items() if v}
    try:
        filters = selectors.dashboard_filters(user=request.user, params=params)
    except selectors.FilterError as exc:
        raise HttpError(400, str(exc)) from exc
    require(request.user, "reports.view", filters.agency if not is_admin(request.user) else None)
    return filters


@router.get("/dashboard", response=DashboardOut, summary="Angka dasbor (dicakup sesuai peran)")
def reports_dashboard(request, query: Query[DashboardQuery]):
    filters = _filters(request, query)
    _chart, steps = selectors.funnel(filters)
    _distribution, _platforms, reach = selectors.followers(filters)
    desk = selectors.desk(filters)
    return {
        "start": filters.start, "end": filters.end,
        "agency_code": filters.agency.code if filters.agency else None,
        "province_code": filters.province.code if filters.province else None,
        "funnel": steps, "total_reach": reach, "reports": desk["reports"], "claims": desk["claims"],
        "published": desk["published"], "publication_latency": desk["latency"],
    }


@router.get("/weekly", response=list[WeeklyReportOut], summary="Arsip laporan mingguan")
@paginate(BoundedPageNumberPagination, page_size=50)
def reports_weekly(request):
    user = request.user
    reports = WeeklyReport.objects.select_related("agency")
    if not is_admin(user):
        if not user.is_coordinator:
            raise PermissionDenied("reports.view")
        reports = reports.filter(agency=user.agency)
    return [
        {"id": str(r.public_id), "week_start": r.week_start, "agency_code": r.agency.code if r.agency else None,
         "pdf_url": f"/laporan/mingguan/{r.public_id}/pdf/", "xlsx_url": f"/laporan/mingguan/{r.public_id}/xlsx/"}
        for r in reports
    ]
