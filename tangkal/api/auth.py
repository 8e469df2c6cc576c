from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from tangkal.accounts.models import APIToken, hash_token
from tangkal.core.ratelimit import client_ip, hit

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenAuth(HttpBearer):
    """`Authorization: Bearer tgk_…`; the token is looked up by its SHA-256, never stored raw."""

    def authenticate(self, request, token: str):
        api_token = (
            APIToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        if not hit(f"api-token:{api_token.public_id}", settings.RATE_LIMITS["api_token"]):
            raise HttpError(429, "Terlalu banyak permintaan untuk token ini. Tunggu sebentar.")
        if request.method not in SAFE_METHODS and api_token.scope != APIToken.Scope.WRITE:
            raise HttpError(403, "Token ini hanya boleh membaca (cakupan 'read').")
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > timedelta(minutes=5):
            APIToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user


class StaffSession(SessionAuth):
    """Browser session; staff sessions reach here only after 2FA (StaffTwoFactorMiddleware)."""


token_auth = TokenAuth()
session_auth = StaffSession(csrf=True)
DEFAULT_AUTH = [token_auth, session_auth]


def limit_public(request, scope: str = "public_api") -> None:
    """Rate-limit an anonymous API endpoint per client address; raises 429 past the limit."""
    if not hit(f"{scope}:{client_ip(request)}", settings.RATE_LIMITS[scope]):
        raise HttpError(429, "Terlalu banyak permintaan. Tunggu sebentar lalu coba lagi.")
