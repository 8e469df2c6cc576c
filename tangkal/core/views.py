from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from tangkal.core.dashboard import cards_for
from tangkal.core.health import health_report

security_log = logging.getLogger("tangkal.security")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "core/dashboard.html", {"cards": cards_for(request.user)})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    healthy = report["database"] and report["migrations_applied"]
    return JsonResponse({"status": "ok" if healthy else "fail", **report}, status=200 if healthy else 503)


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def _error(request: HttpRequest, *, status: int, code: str, message: str, template: str) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"error": {"code": code, "message": message}}, status=status)
    return render(request, template, {"message": message}, status=status)


def bad_request(request, exception=None):
    security_log.warning("bad request", extra={"path": request.path})
    return _error(request, status=400, code="bad_request", message=_("Permintaan tidak dapat diproses."),
                  template="errors/400.html")


def permission_denied(request, exception=None):
    security_log.warning(
        "access denied", extra={"path": request.path, "user": getattr(request.user, "pk", None)}
    )
    return _error(request, status=403, code="forbidden",
                  message=_("Anda tidak berhak membuka halaman ini."), template="errors/403.html")


def page_not_found(request, exception=None):
    return _error(request, status=404, code="not_found",
                  message=_("Halaman yang Anda cari tidak ada."), template="errors/404.html")


def server_error(request):
    return _error(request, status=500, code="server_error",
                  message=_("Terjadi kesalahan di server. Tim kami sudah diberi tahu."), template="errors/500.html")


def csrf_failure(request, reason=""):
    security_log.warning("csrf failure", extra={"path": request.path, "reason": reason})
    return _error(request, status=403, code="csrf_failed",
                  message=_("Sesi formulir sudah tidak berlaku. Muat ulang halaman lalu coba lagi."),
                  template="errors/403.html")
