"""One versioned API, /api/v1, assembled from each app's `api.py` router."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from tangkal.api.auth import DEFAULT_AUTH

api = NinjaAPI(
    title="Tangkal API",
    version="1",
    description="REST API program Influencer ASN. Galat selalu berbentuk {\"error\": {\"code\", \"message\"}}.",
    urls_namespace="api-1",
    auth=DEFAULT_AUTH,
    docs_url="/docs",
)


def _error(request, status: int, code: str, message: str, details=None):
    body = {"error": {"code": code, "message": message}}
    if details is not None:
        body["error"]["details"] = details
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def _validation(request, exc: ValidationError):
    return _error(request, 422, "invalid", "Data tidak valid.", exc.errors)


@api.exception_handler(DjangoValidationError)
def _django_validation(request, exc: DjangoValidationError):
    details = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    return _error(request, 400, "invalid", "Data tidak valid.", details)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, "unauthenticated", "Masuk dulu atau kirim token API yang sah.")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, "forbidden", "Anda tidak berhak melakukan ini.")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "not_found", "Data tidak ditemukan.")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    codes = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
             409: "conflict", 429: "rate_limited"}
    return _error(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))


def _mount_app_routers() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("tangkal.") or config.label == "api":
            continue
        try:
            module = import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(getattr(module, "PREFIX", f"/{config.label}"), router)


_mount_app_routers()
