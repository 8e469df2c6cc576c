"""Citizen-facing pages: report a hoax, follow a report, read clarifications, download open data."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST

from tangkal.core.permissions import can
from tangkal.core.ratelimit import rate_limit
from tangkal.hoaxes import opendata, rendering, selectors, services
from tangkal.hoaxes.forms import PublicSearchForm, ReportForm, TrackForm
from tangkal.hoaxes.models import Clarification, ClarificationImage, Report


def _submit(request, form: ReportForm, *, channel: str):
    try:
        return services.report_submit(
            text=form.cleaned_data["text"], url=form.cleaned_data["url"].strip(),
            platform=form.cleaned_data["platform"], region=form.cleaned_data["region"],
            reach=form.cleaned_data["reach"], images=form.cleaned_data["images"],
            contact_email=form.cleaned_data.get("contact", ""), channel=channel,
            reporter=request.user if request.user.is_authenticated else None,
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
        return None


@never_cache
@rate_limit("hoax_report")
def report_create(request):
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_spam:
            # Tell a bot what it wants to hear; store nothing.
            return redirect("hoaxes:report_thanks")
        if form.is_valid():
            report = _submit(request, form, channel=Report.Channel.WEB)
            if report is not None:
                request.session["hoax_last_code"] = report.tracking_code
                return redirect("hoaxes:track", code=report.tracking_code)
    return render(request, "hoaxes/public/report_form.html", {"form": form}, status=400 if form.errors else 200)


def report_thanks(request):
    return render(request, "hoaxes/public/report_thanks.html")


@never_cache
@rate_limit("hoax_track", methods=("GET", "POST"))
def track_lookup(request):
    form = TrackForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("hoaxes:track", code=form.cleaned_data["code"].strip().upper())
    return render(request, "hoaxes/public/track_lookup.html", {"form": form})


@never_cache
@rate_limit("hoax_track", methods=("GET", "POST"))
def track(request, code: str):
    report = selectors.report_by_code(code)
    outcome = selectors.report_outcome(report)
    just_sent = request.session.pop("hoax_last_code", None) == report.tracking_code
    return render(request, "hoaxes/public/track.html", {"report": report, "outcome": outcome, "just_sent": just_sent})


@require_POST
@rate_limit("hoax_track")
def track_contact_delete(request, code: str):
    report = selectors.report_by_code(code)
    if report.has_contact:
        services.report_contact_delete(report=report)
    messages.success(request, _("Kontak Anda sudah dihapus. Hasil pemeriksaan tetap bisa dilihat di halaman ini."))
    return redirect("hoaxes:track", code=report.tracking_code)


@login_required
def my_reports(request):
    """One-step reporting for signed-in users (influencers report from their dashboard)."""
    form = ReportForm(request.POST or None, request.FILES or None, with_contact=False)
    if request.method == "POST" and form.is_valid():
        report = _submit(request, form, channel=Report.Channel.DASHBOARD)
        if report is not None:
            messages.success(request, _("Terima kasih, laporan %(code)s diterima.") % {"code": report.tracking_code})
            return redirect("hoaxes:my_reports")
    reports = selectors.reports_of(user=request.user)[:30]
    rows = [{"report": r, "outcome": selectors.report_outcome(r)} for r in reports]
    return render(request, "hoaxes/public/my_reports.html", {"form": form, "rows": rows},
                  status=400 if form.errors else 200)


@cache_control(public=True, max_age=60)
def clarification_list(request):
    form = PublicSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.search_published(**{k: v for k, v in filters.items() if v})
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "hoaxes/public/list.html", {"form": form, "page": page, "query": query.urlencode()})


CSRF_PLACEHOLDER = "__hoax_csrf_token__"


def _page_key(slug: str) -> str:
    return f"hoaxes:detail:{get_language()}:{slug}"


def forget_page(slug: str) -> None:
    from django.conf import settings as conf

    cache.delete_many([f"hoaxes:detail:{code}:{slug}" for code, _name in conf.LANGUAGES])


def _cacheable(request) -> bool:
    """Only anonymous visitors without a session or pending messages share a cached page."""
    return (request.method == "GET" and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES and not request.user.is_authenticated)


def _from_cache(request, entry: dict):
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if since is not None and entry["status"] == 200 and int(entry["last_modified"]) <= since:
        response = HttpResponseNotModified()
    else:
        # The cached HTML carries a placeholder where each visitor's own CSRF token goes.
        response = HttpResponse(entry["html"].replace(CSRF_PLACEHOLDER, get_token(request)), status=entry["status"])
    response["Last-Modified"] = http_date(entry["last_modified"])
    return response


@cache_control(public=True, max_age=60)
def clarification_detail(request, slug: str):
    cacheable = _cacheable(request)
    if cacheable and (entry := cache.get(_page_key(slug))) is not None:
        return _from_cache(request, entry)
    clar = selectors.public_clarification(slug=slug)
    page = rendering.rendered(clar)
    absolute = settings.SITE_URL + clar.get_absolute_url()
    og_image = settings.SITE_URL + page["images"][0]["url"] if page["images"] else ""
    token = get_token(request)
    status = 410 if clar.status == clar.Status.WITHDRAWN else 200
    response = render(request, "hoaxes/public/detail.html",
                      {"clar": clar, "page": page, "absolute_url": absolute, "og_image": og_image,
                       "csrf_token": token}, status=status)
    entry = {"html": response.content.decode().replace(token, CSRF_PLACEHOLDER), "status": status,
             "last_modified": clar.updated_at.timestamp()}
    if cacheable:
        cache.set(_page_key(slug), entry, settings.HOAX_PUBLIC_CACHE_SECONDS)
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if since is not None and status == 200 and int(entry["last_modified"]) <= since:
        response = HttpResponseNotModified()
    response["Last-Modified"] = http_date(entry["last_modified"])
    return response


def open_data(request):
    return render(request, "hoaxes/public/open_data.html", {
        "license": settings.HOAX_OPEN_DATA_LICENSE, "license_url": settings.HOAX_OPEN_DATA_LICENSE_URL,
        "jsonl_url": reverse("hoaxes:open_data_jsonl"), "csv_url": reverse("hoaxes:open_data_csv"),
        "fields": opendata.FIELDS})


def clarification_image(request, public_id):
    """Images of published clarifications are public; drafts' images only for the desk."""
    image = get_object_or_404(ClarificationImage.objects.select_related("clarification"), public_id=public_id)
    published = image.clarification.status == Clarification.Status.PUBLISHED
    if not published and not can(request.user, "hoaxes.clarification_edit"):
        raise Http404
    kind = "jpeg" if image.extension == "jpg" else image.extension
    response = FileResponse(image.image.open("rb"), content_type=f"image/{kind}")
    response["Cache-Control"] = "public, max-age=86400" if published else "private, no-store"
    return response
