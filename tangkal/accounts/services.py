from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from tangkal.core.audit import audit_log

security_log = logging.getLogger("tangkal.security")


def _failures_key(kind: str, value: str) -> str:
    return f"login-fail:{kind}:{value}"


def _lock_key(kind: str, value: str) -> str:
    return f"login-lock:{kind}:{value}"


def login_is_locked(*, email: str, ip: str) -> bool:
    return bool(cache.get(_lock_key("email", email.lower())) or cache.get(_lock_key("ip", ip)))


def login_record_failure(*, email: str, ip: str) -> None:
    """Count a failed password; lock the account name (and, later, the address) for a while."""
    window = settings.LOGIN_LOCKOUT_SECONDS
    limits = {"email": settings.LOGIN_MAX_FAILURES, "ip": settings.LOGIN_MAX_FAILURES * 4}
    for kind, value in (("email", email.lower()), ("ip", ip)):
        key = _failures_key(kind, value)
        if cache.add(key, 1, timeout=window):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:
                cache.add(key, 1, timeout=window)
                count = 1
        if count >= limits[kind]:
            cache.set(_lock_key(kind, value), True, timeout=window)
    security_log.warning("login failed", extra={"email": email.lower(), "ip": ip})
    audit_log(actor=None, action="auth.login_failed", object_label=email.lower()[:200])


def login_record_success(*, email: str) -> None:
    cache.delete(_failures_key("email", email.lower()))


def totp_device_for_setup(*, user) -> TOTPDevice:
    """The user's pending (unconfirmed) authenticator, created on first visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user, device: TOTPDevice, token: str) -> bool:
    if device.user_id != user.pk or not device.verify_token(token):
        security_log.warning("2fa setup code rejected", extra={"user": user.pk})
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit_log(actor=user, action="auth.2fa_enabled", obj=user, after={"device": device.name})
    return True


def totp_verify(*, user, token: str) -> TOTPDevice | None:
    """The confirmed device that accepts `token`; rejects expired and replayed codes."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    security_log.warning("2fa code rejected", extra={"user": user.pk})
    audit_log(actor=user, action="auth.2fa_failed", obj=user)
    return None


@transaction.atomic
def api_token_create(*, user, name: str, scope: str):
    from tangkal.accounts.models import APIToken
    from tangkal.core.permissions import require

    require(user, "api.token.manage")
    token, raw = APIToken.issue(user=user, name=name, scope=scope)
    audit_log(actor=user, action="api_token.create", obj=token, after={"name": name, "scope": scope},
              agency=user.agency)
    return token, raw


@transaction.atomic
def api_token_revoke(*, token, by) -> None:
    from django.utils import timezone

    from tangkal.core.permissions import require

    require(by, "api.token.manage", token)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_log(actor=by, action="api_token.revoke", obj=token, agency=by.agency)
