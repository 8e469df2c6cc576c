"""Public badge pages: verification page, credential JSON, images, short link, search, did.json, status lists."""

from __future__ import annotations

import json

import segno
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tangkal.badges import issuer, selectors
from tangkal.badges.cache import badge_page_key, status_list_key
from tangkal.badges.credentials import (
    ACHIEVEMENT_CRITERIA,
    ACHIEVEMENT_DESCRIPTION,
    credential_url,
    short_url,
)
from tangkal.badges.images import badge_png, badge_svg
from tangkal.badges.models import Badge, StatusList, StatusPurpose
from tangkal.badges.verification import state_label
from tangkal.core.ratelimit import rate_limit

VC_MEDIA_TYPE = "application/vc+ld+json"
JSON_TYPES = (VC_MEDIA_TYPE, "application/ld+json", "application/json")


def _public_cache(response: HttpResponse, request: HttpRequest, seconds: int) -> HttpResponse:
    # Signed-in visitors get a page with their own menu: never let a shared cache keep it.
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=seconds)
    return response


def _open_json(data, *, content_type: str, seconds: int) -> HttpResponse:
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type=content_type)
    # Verifiers running in a browser on another site must be able to read these.
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=seconds)
    return response


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return any(kind in accept for kind in JSON_TYPES) and "text/html" not in accept


@require_GET
def did_document(request: HttpRequest) -> HttpResponse:
    return _open_json(issuer.did_document(), content_type="application/did+json", seconds=300)


@require_GET
def status_list(request: HttpRequest, purpose: str, number: int) -> HttpResponse:
    if purpose not in StatusPurpose.values:
        return JsonResponse({"error": {"code": "not_found", "message": _("Daftar status tidak ada.")}}, status=404)
    key = status_list_key(purpose, number)
    body = cache.get(key)
    if body is None:
        row = StatusList.objects.filter(purpose=purpose, number=number).first()
        if row is None:
            return JsonResponse({"error": {"code": "not_found", "message": _("Daftar status tidak ada.")}},
                                status=404)
        if row.credential is None:
            from tangkal.badges.status_lists import status_list_publish

            row = status_list_publish(status_list=row)
        body = json.dumps(row.credential, ensure_ascii=False)
        cache.set(key, body, settings.BADGE_STATUS_CACHE_SECONDS)
    response = HttpResponse(body, content_type=VC_MEDIA_TYPE)
    response["Access-Control-Allow-Origin"] = "*"
    # Short on purpose: a revocation must reach every verifier within a minute.
    patch_cache_control(response, public=True, max_age=settings.BADGE_STATUS_CACHE_SECONDS)
    return response


@require_GET
def achievement(request: HttpRequest) -> HttpResponse:
    response = render(request, "badges/achievement.html",
                      {"description": ACHIEVEMENT_DESCRIPTION, "criteria": ACHIEVEMENT_CRITERIA})
    return _public_cache(response, request, 3600)


@require_GET
def achievement_image(request: HttpRequest) -> HttpResponse:
    svg = badge_svg(title="Influencer Pemerintah", name="Tangkal", agency="", line="", state="active",
                    state_label=_("LENCANA"))
    response = HttpResponse(svg, content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=86400)
    return response


def _badge_texts(badge: Badge) -> dict[str, str]:
    state = badge.public_state
    valid_until = f"{badge.valid_until:%d-%m-%Y}" if badge.valid_until else ""
    return {
        "title": "Influencer Pemerintah",
        "name": badge.holder.full_name or _("ASN"),
        "agency": badge.agency.name,
        "state": state,
        "state_label": state_label(state),
        "tier": badge.tier,
        "line": _("Berlaku s.d. %(date)s · cek: %(url)s") % {"date": valid_until, "url": short_url(badge)},
    }


def _qr_data_uri(url: str) -> str:
    key = f"badges:qr:{url}"
    data_uri = cache.get(key)
    if data_uri is None:
        # A fixed mask skips segno's scoring of all eight masks, most of the QR cost; any mask scans.
        data_uri = segno.make(url, error="m", mask=2, micro=False).svg_data_uri(scale=4, border=2, dark="#1b1f24")
        cache.set(key, data_uri, 86400)
    return data_uri


def _render_body(request: HttpRequest, badge: Badge) -> dict[str, str]:
    state = badge.public_state
    context = {
        "badge": badge,
        "state": state,
        "state_label": state_label(state),
        "accounts": selectors.public_accounts(badge=badge),
        "credential_json": json.dumps(badge.credential, ensure_ascii=False, indent=2),
        "credential_url": credential_url(badge),
        "short_url": short_url(badge),
        "qr_data_uri": _qr_data_uri(short_url(badge)),
        "replaced_by": Badge.objects.filter(replaces=badge).first() if state == "superseded" else None,
    }
    return {"title": badge.holder.full_name or str(badge.public_id),
            "body": render_to_string("badges/_verify_body.html", context, request=None)}


@require_GET
def verify(request: HttpRequest, public_id) -> HttpResponse:
    """The public badge page; the same URL is the credential's id, so JSON clients get the credential."""
    if _wants_json(request):
        return credential_json(request, public_id)
    key = badge_page_key(public_id, get_language())
    page = cache.get(key)
    if page is None:
        badge = selectors.badge_public(public_id=public_id)
        page = _render_body(request, badge)
        # Dropped on every status change (services), and short-lived anyway so that processes
        # with their own local-memory cache also show a revocation within a minute.
        cache.set(key, page, settings.BADGE_PAGE_CACHE_SECONDS)
    response = render(request, "badges/verify.html", page)
    patch_vary_headers(response, ["Accept"])
    return _public_cache(response, request, settings.BADGE_STATUS_CACHE_SECONDS)


@require_GET
def credential_json(request: HttpRequest, public_id) -> HttpResponse:
    badge = selectors.badge_public(public_id=public_id)
    response = _open_json(badge.credential, content_type=VC_MEDIA_TYPE, seconds=settings.BADGE_STATUS_CACHE_SECONDS)
    patch_vary_headers(response, ["Accept"])
    if request.GET.get("unduh"):
        response["Content-Disposition"] = f'attachment; filename="lencana-{badge.public_id}.json"'
    return response


@require_GET
def image_svg(request: HttpRequest, public_id) -> HttpResponse:
    badge = selectors.badge_public(public_id=public_id)
    svg = badge_svg(**_badge_texts(badge), credential=badge.credential)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'"  # opened directly, the SVG may run nothing
    if request.GET.get("unduh"):
        response["Content-Disposition"] = f'attachment; filename="lencana-{badge.public_id}.svg"'
    return _public_cache(response, request, settings.BADGE_STATUS_CACHE_SECONDS)


@require_GET
def image_png(request: HttpRequest, public_id) -> HttpResponse:
    badge = selectors.badge_public(public_id=public_id)
    key = f"badges:png:{badge.public_id}:{badge.public_state}:{badge.updated_at.timestamp()}"
    data = cache.get(key)
    if data is None:
        data = badge_png(**_badge_texts(badge), credential=badge.credential)
        cache.set(key, data, 3600)
    response = HttpResponse(data, content_type="image/png")
    if request.GET.get("unduh"):
        response["Content-Disposition"] = f'attachment; filename="lencana-{badge.public_id}.png"'
    return _public_cache(response, request, settings.BADGE_STATUS_CACHE_SECONDS)


@require_GET
def short_link(request: HttpRequest, code: str) -> HttpResponse:
    """The "link in bio": /b/<code> leads to the badge page."""
    badge = selectors.badge_by_short_code(code=code)
    response = HttpResponseRedirect(credential_url(badge).removeprefix(settings.SITE_URL) or "/")
    patch_cache_control(response, public=True, max_age=3600)
    return response


@require_GET
@rate_limit("badge_search", methods=("GET",))
def search(request: HttpRequest) -> HttpResponse:
    """"Is @someone really a government influencer?" — search issued badges by social handle."""
    query = request.GET.get("q", "").strip()[:100]
    error = ""
    results = []
    if query:
        if len(query.lstrip("@")) < 2:
            error = _("Ketik nama akun minimal 2 karakter, misalnya @dinkes_jabar.")
        else:
            results = [
                {"account": account, "badge": account.badge, "state": account.badge.public_state,
                 "state_label": state_label(account.badge.public_state)}
                for account in selectors.badges_by_handle(query=query)
            ]
    return render(request, "badges/search.html", {"query": query, "results": results, "error": error})
