from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tangkal.core.audit import current_ip
from tangkal.core.ratelimit import client_ip

# Paths an unverified staff user may still reach: the 2FA pages themselves and harmless plumbing.
TWO_FACTOR_EXEMPT_PREFIXES = ("/akun/2fa/", "/akun/keluar/", "/static/", "/i18n/", "/healthz", "/media/")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_nul(request):
            # No field anywhere may hold a NUL character (PostgreSQL text refuses it); answer 400 early.
            from tangkal.core.views import bad_request

            return bad_request(request)
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


def _carries_nul(request) -> bool:
    query = request.META.get("QUERY_STRING", "")
    if "%00" in query or "\x00" in query:
        return True
    if request.path.startswith("/api/") and request.content_type == "application/json":
        try:
            body = request.body
        except Exception:  # too large: Django answers that itself
            return False
        return b"\\u0000" in body or b"\x00" in body
    return False


class StaffTwoFactorMiddleware:
    """Staff roles must have passed a TOTP check in this session before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "needs_two_factor", False)
            and not user.is_verified()
            and not request.path.startswith(TWO_FACTOR_EXEMPT_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": {"code": "two_factor_required", "message": _("Selesaikan verifikasi dua langkah dulu.")}},
                    status=403,
                )
            from django_otp import devices_for_user

            has_device = any(True for _d in devices_for_user(user, confirmed=True))
            target = "accounts:2fa_verify" if has_device else "accounts:2fa_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    """Bahasa Indonesia unless the visitor chose another language with the switcher (cookie).

    A browser's Accept-Language is ignored on purpose: many Indonesian phones are set to English,
    and the programme speaks Indonesian first.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
