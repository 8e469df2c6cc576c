"""Public pages: the short-link redirect (fallback when the lean WSGI path is not wired), the
information page of a public-information campaign, and the leaderboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tangkal.campaigns import clicks, points
from tangkal.campaigns.models import Campaign
from tangkal.campaigns.shortlink_wsgi import NOT_FOUND_BODY
from tangkal.core.exports import export_response, requested_format
from tangkal.core.ratelimit import client_ip


@require_http_methods(["GET", "HEAD"])
def shortlink(request, segment):
    destination = clicks.click(segment, ip=client_ip(request), user_agent=request.headers.get("User-Agent", ""),
                               count=request.method == "GET")
    if destination is None:
        return HttpResponse(NOT_FOUND_BODY, status=404, content_type="text/html; charset=utf-8")
    response = HttpResponseRedirect(destination)
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
def information(request, public_id):
    campaign = Campaign.objects.filter(public_id=public_id, kind=Campaign.Kind.INFORMATION,
                                       status__in=(Campaign.Status.LAUNCHED, Campaign.Status.CLOSED)).first()
    if campaign is None:
        raise Http404
    return render(request, "campaigns/information.html", {"campaign": campaign})


@login_required
@require_GET
def leaderboard(request):
    user = request.user
    scope = request.GET.get("cakupan", "national")
    profile = getattr(user, "asn_profile", None) if hasattr(user, "asn_profile") else None
    agency_id = getattr(profile, "agency_id", None) or user.agency_id
    region = getattr(profile, "region", None)
    region_code = region.province_code if region else None
    if scope == "agency" and agency_id:
        rows = points.leaderboard(scope="agency", agency_id=agency_id)
    elif scope == "region" and region_code:
        rows = points.leaderboard(scope="region", region_code=region_code)
    else:
        scope, rows = "national", points.leaderboard()
    fmt = requested_format(request)
    if fmt:
        return export_response(rows=([r["rank"], r["name"], r["agency"], r["points"]] for r in rows),
                               headers=[_("Peringkat"), _("Nama"), _("Instansi"), _("Poin")],
                               stem=f"papan-peringkat-{scope}", fmt=fmt)
    return render(request, "campaigns/leaderboard.html", {
        "rows": rows, "scope": scope, "has_agency": bool(agency_id), "has_region": bool(region_code),
        "mine": points.total_for(user) if user.is_influencer else None,
    })
