from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
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


def login_lockout_clear(*, email: str) -> None:
    """Forget failed sign-ins and the lock on this account name.

    The lock on the client address stays: it guards every account from that address, not this one.
    """
    email = email.lower()
    cache.delete_many([_failures_key("email", email), _lock_key("email", email)])


@transaction.atomic
def password_reset_request(*, email: str, language: str) -> None:
    """Queue a reset link for the active account with this email; the caller answers the same either way.

    A task renders and sends the link so that a slow mail server neither holds up the page nor
    tells an onlooker, by the time the answer takes, that the address has an account.
    """
    from tangkal.accounts.models import User
    from tangkal.accounts.tasks import send_password_reset

    for user in User.objects.filter(email__iexact=email.strip()):
        eligible = user.is_active and user.has_usable_password()
        audit_log(actor=None, action="auth.password_reset_requested", obj=user, after={"email_sent": eligible})
        if eligible:
            transaction.on_commit(partial(send_password_reset.enqueue, user.pk, language))


def password_reset_email_send(*, user_id: int, language: str) -> bool:
    """Email a one-use reset link, made now so that it is as fresh as possible when it arrives.

    Checked again here: an account deactivated since the request gets nothing.
    """
    from tangkal.accounts.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return False
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:password_reset_confirm",
                   kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)})
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"user": user, "url": settings.SITE_URL + path,
                   "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
                   "request_url": settings.SITE_URL + reverse("accounts:password_reset")}
        subject = _("Tangkal: atur ulang kata sandi")
        body = render_to_string("accounts/emails/password_reset.txt", context)
    send_mail(subject, body, None, [user.email])
    return True


@transaction.atomic
def password_reset_complete(*, user, password: str) -> None:
    """Set the password chosen through a reset link.

    The new hash ends every other session of the user (their session auth hash no longer matches)
    and spends the link (reset tokens are derived from the hash). Nothing here signs the person in
    or touches their authenticator, so staff still pass TOTP at their next sign-in.
    """
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_log(actor=user, action="auth.password_reset_completed", obj=user)
    security_log.info("password reset completed", extra={"user": user.pk})
    email = user.email
    transaction.on_commit(lambda: login_lockout_clear(email=email))


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
    from tangkal.core.permissions import require

    require(by, "api.token.manage", token)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_log(actor=by, action="api_token.revoke", obj=token, agency=by.agency)


# --- "Ganti email" ---------------------------------------------------------------------------------

EMAIL_CHANGE_SALT = "tangkal.accounts.email_change"
EMAIL_CHANGE_MAX_AGE = timedelta(days=3)


def _password_fingerprint(user) -> str:
    # In the link so that a password change (say, after a stolen session asked for the change) kills it.
    return salted_hmac(EMAIL_CHANGE_SALT, user.password, algorithm="sha256").hexdigest()[:16]


def _asn_profile(user):
    from tangkal.influencers.models import ASNProfile

    return ASNProfile.objects.select_related("agency").filter(user=user, erased_at__isnull=True).first()


def _email_change_check(*, user, new_email: str) -> None:
    """Refuse an address this account may not sign in with, naming the rule."""
    from tangkal.accounts.models import Role, User

    if new_email == user.email.lower():
        raise ValidationError({"new_email": _("Ini sudah email akun Anda. Tulis email yang baru.")})
    # A signed-in page about work addresses: saying the address is taken tells nothing a colleague could not
    # learn from the agency's directory, and it tells the person what to fix.
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise ValidationError({"new_email": _("Email ini sudah dipakai akun lain.")})
    profile = _asn_profile(user) if user.role == Role.INFLUENCER else None
    if profile is not None:
        from tangkal.influencers.services import check_work_email

        try:
            check_work_email(agency=profile.agency, email=new_email)
        except ValidationError as error:
            raise ValidationError({"new_email": error.messages}) from error


@transaction.atomic
def email_change_request(*, user, new_email: str, language: str) -> None:
    """Mail a confirmation link to the new address; the account keeps its email until the link is used."""
    from tangkal.accounts.tasks import send_email_change_link

    new_email = new_email.strip().lower()
    _email_change_check(user=user, new_email=new_email)
    audit_log(actor=user, action="auth.email_change_requested", obj=user, agency=user.agency,
              before={"email": user.email}, after={"email": new_email})
    transaction.on_commit(partial(send_email_change_link.enqueue, user.pk, user.email, new_email, language))


def _language(language: str) -> str:
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def email_change_token(*, user, new_email: str) -> str:
    """Signed and dated; carries the current email and a password fingerprint, so either changing kills it."""
    return signing.TimestampSigner(salt=EMAIL_CHANGE_SALT).sign_object(
        {"u": user.pk, "o": user.email, "e": new_email, "p": _password_fingerprint(user)})


def email_change_link_send(*, user_id: int, old_email: str, new_email: str, language: str) -> bool:
    """Email the link to the new address, unless the account changed since the request (then it is stale)."""
    from tangkal.accounts.models import User

    user = User.objects.filter(pk=user_id, is_active=True, email=old_email).first()
    if user is None:
        return False
    token = email_change_token(user=user, new_email=new_email)
    with translation.override(_language(language)):
        context = {"user": user, "new_email": new_email, "days": EMAIL_CHANGE_MAX_AGE.days,
                   "url": settings.SITE_URL + reverse("accounts:email_change_confirm", kwargs={"token": token})}
        subject = _("Tangkal: konfirmasi email baru akun Anda")
        body = render_to_string("accounts/emails/email_change_link.txt", context)
    send_mail(subject, body, None, [new_email])
    return True


def email_change_pending(*, token: str):
    """The (user, new email) a link asks for while it is still good, else None."""
    from tangkal.accounts.models import User

    try:
        data = signing.TimestampSigner(salt=EMAIL_CHANGE_SALT).unsign_object(token, max_age=EMAIL_CHANGE_MAX_AGE)
        user = User.objects.filter(pk=int(data["u"]), is_active=True).first()
        old_email, new_email, fingerprint = str(data["o"]), str(data["e"]), str(data["p"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    # The old email and the password are in the link: once the email (or password) changes, every link
    # made before dies, which also makes a used link unusable.
    if user is None or user.email != old_email or not constant_time_compare(fingerprint, _password_fingerprint(user)):
        return None
    return user, new_email


def email_change_confirm(*, token: str, language: str):
    """Switch the account to the address the link was sent to; the old address is told.

    Every session of the user ends (the session auth hash covers the email, see `User`); a caller that
    wants to keep the current one calls `update_session_auth_hash`. Returns the user, or None if the
    link is no longer good.
    """
    from tangkal.accounts.models import User
    from tangkal.accounts.tasks import send_email_change_notice

    with transaction.atomic():
        pending = email_change_pending(token=token)
        if pending is None:
            return None
        user = User.objects.select_for_update().get(pk=pending[0].pk)
        new_email = pending[1]
        if email_change_pending(token=token) is None:  # read again under the lock: one use only
            return None
        _email_change_check(user=user, new_email=new_email)
        old_email = user.email
        user.email = new_email
        user.save(update_fields=["email"])
        profile = _asn_profile(user)
        if profile is not None and profile.email.lower() == old_email.lower():
            # The profile's work email mirrors the sign-in email; the link just proved the new one works.
            profile.email, profile.email_verified_at = new_email, timezone.now()
            profile.save(update_fields=["email", "email_verified_at", "updated_at"])
        audit_log(actor=user, action="auth.email_changed", obj=user, agency=user.agency,
                  before={"email": old_email}, after={"email": new_email, "asn_profile_email": profile is not None
                                                      and profile.email == new_email})
        security_log.info("email changed", extra={"user": user.pk})
        transaction.on_commit(partial(send_email_change_notice.enqueue, user.pk, old_email, new_email, language))
    return user


def email_change_notice_send(*, user_id: int, old_email: str, new_email: str, language: str) -> bool:
    from tangkal.accounts.models import User

    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    with translation.override(_language(language)):
        context = {"user": user, "old_email": old_email, "new_email": new_email}
        subject = _("Tangkal: email akun Anda diganti")
        body = render_to_string("accounts/emails/email_change_notice.txt", context)
    send_mail(subject, body, None, [old_email])
    return True
