from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tangkal.accounts.models import Agency, Region
from tangkal.core.exports import export_response, requested_format
from tangkal.core.permissions import can, is_admin, require
from tangkal.reports import selectors
from tangkal.reports.models import WeeklyReport


def _filters_or_error(request):
    try:
        return selectors.dashboard_filters(user=request.user, params=request.GET), None
    except selectors.FilterError as exc:
        return selectors.dashboard_filters(user=request.user, params={}), str(exc)


@login_required
def dashboard(request):
    filters, error = _filters_or_error(request)
    require(request.user, "reports.view", filters.agency if not is_admin(request.user) else None)
    context = selectors.dashboard(filters)
    context.update({
        "error": error,
        "agencies": Agency.objects.filter(is_active=True).only("code", "name") if is_admin(request.user) else [],
        "province_choices": Region.objects.filter(level="province").only("code", "name"),
    })
    return render(request, "reports/dashboard.html", context)


@login_required
def chart_download(request, key: str):
    filters, error = _filters_or_error(request)
    if error:
        raise Http404(error)
    require(request.user, "reports.view", filters.agency if not is_admin(request.user) else None)
    chart = selectors.chart_by_key(filters, key)
    if chart is None:
        raise Http404(key)
    return export_response(rows=chart.rows, headers=chart.columns, stem=f"tangkal-{key}",
                           fmt=requested_format(request) or "csv")


def _visible_reports(user):
    reports = WeeklyReport.objects.select_related("agency")
    if is_admin(user):
        return reports
    if user.is_coordinator:
        return reports.filter(agency=user.agency)
    raise PermissionDenied("reports.view")


@login_required
def weekly_archive(request):
    reports = _visible_reports(request.user)
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=([r.week_start, r.agency.name if r.agency else _("Nasional"), r.created_at] for r in reports),
            headers=[_("Awal pekan"), _("Cakupan"), _("Dibuat")], stem="laporan-mingguan", fmt=fmt)
    return render(request, "reports/weekly_archive.html", {"reports": reports[:200],
                                                           "can_generate": can(request.user, "reports.manage")})


@login_required
def weekly_download(request, public_id, kind: str):
    report = get_object_or_404(_visible_reports(request.user), public_id=public_id)
    stored = {"pdf": report.pdf, "xlsx": report.xlsx}.get(kind)
    if not stored:
        raise Http404(kind)
    name = f"laporan-mingguan-{report.week_start:%Y-%m-%d}-{report.agency.code if report.agency else 'nasional'}.{kind}"
    return FileResponse(stored.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def weekly_generate(request):
    require(request.user, "reports.manage")
    from tangkal.reports.weekly import generate_weekly_reports, previous_week_start

    count = generate_weekly_reports(week_start=previous_week_start(), by=request.user, email=False)
    messages.success(request, _("%(count)d laporan mingguan dibuat.") % {"count": count})
    return redirect("reports:weekly_archive")


@login_required
@require_POST
def refresh(request):
    require(request.user, "reports.manage")
    from tangkal.reports.aggregates import refresh_all

    refresh_all(days=selectors.MAX_RANGE_DAYS)
    messages.success(request, _("Data dasbor diperbarui."))
    return redirect("reports:dashboard")
