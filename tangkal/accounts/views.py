from __future__ import annotations

import hashlib
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from tangkal.accounts import services
from tangkal.accounts.forms import (
    EmailChangeForm,
    LoginForm,
    PasswordResetRequestForm,
    PasswordResetSetForm,
    TokenForm,
)
from tangkal.core.ratelimit import hit, rate_limit, too_many_requests


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/dasbor/"


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


login_view = rate_limit("login")(LoginView.as_view())
logout_view = auth_views.LogoutView.as_view()

class PasswordResetRequestView(auth_views.PasswordResetView):
    """Ask for a reset link. Known, unknown and inactive addresses all get the same answer."""

    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset_request.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        # Counted for every address, known or not, so that a 429 says nothing about the account.
        digest = hashlib.sha256(email.encode()).hexdigest()
        if not hit(f"password_reset_email:{digest}", settings.RATE_LIMITS["password_reset_email"]):
            return too_many_requests(self.request)
        services.password_reset_request(email=email, language=translation.get_language())
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(hours=settings.PASSWORD_RESET_TIMEOUT // 3600, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = PasswordResetSetForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    reset_url_token = "sandi-baru"  # noqa: S105 - the address word that replaces the token, not a secret
    # A reset never signs anyone in: they sign in afterwards, where staff must still pass TOTP.
    post_reset_login = False

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        # A link mailed before the account was deactivated must not revive its password.
        return user if user is not None and user.is_active else None


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


password_reset_view = rate_limit("password_reset")(PasswordResetRequestView.as_view())
password_reset_done_view = PasswordResetDoneView.as_view()
password_reset_confirm_view = PasswordResetConfirmView.as_view()
password_reset_complete_view = PasswordResetCompleteView.as_view()


@never_cache
@login_required
def two_factor_setup(request):
    if request.user.is_verified():
        return redirect(_next_url(request))
    device = services.totp_device_for_setup(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_device_confirm(user=request.user, device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, _("Verifikasi dua langkah aktif."))
            return redirect(_next_url(request))
        form.add_error("token", _("Kode salah atau kedaluwarsa. Periksa jam ponsel Anda lalu coba lagi."))
    secret = b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/2fa_setup.html",
        {"form": form, "secret": secret, "qr_data_uri": qr.svg_data_uri(scale=4), "next": _next_url(request)},
    )


@never_cache
@login_required
def two_factor_verify(request):
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.totp_verify(user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("Kode salah, kedaluwarsa, atau sudah pernah dipakai."))
    return render(request, "accounts/2fa_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def api_tokens(request):
    from tangkal.accounts.forms import APITokenForm
    from tangkal.accounts.models import APIToken
    from tangkal.core.permissions import require

    require(request.user, "api.token.manage")
    form = APITokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        _token, raw = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
        )
        form = APITokenForm()
    tokens = APIToken.objects.filter(user=request.user).order_by("-created_at")
    return render(request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "raw_token": raw})


@login_required
def api_token_revoke(request, public_id):
    from django.shortcuts import get_object_or_404
    from django.views.decorators.http import require_POST  # noqa: F401

    from tangkal.accounts.models import APIToken

    if request.method != "POST":
        from django.http import HttpResponseNotAllowed

        return HttpResponseNotAllowed(["POST"])
    token = get_object_or_404(APIToken, public_id=public_id, user=request.user)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(request, _("Token dicabut."))
    return redirect("accounts:api_tokens")


@never_cache
@login_required
def email_change(request):
    form = EmailChangeForm(request.user, request.POST or None)
    if request.method == "POST":
        # Per account: also slows down guessing the password from a session left open.
        if not hit(f"email_change:{request.user.pk}", settings.RATE_LIMITS["email_change"]):
            return too_many_requests(request)
        if form.is_valid():
            try:
                services.email_change_request(user=request.user, new_email=form.cleaned_data["new_email"],
                                              language=translation.get_language())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Tautan konfirmasi dikirim ke %(email)s. Email akun Anda berganti "
                                            "setelah tautan itu dibuka (berlaku %(days)s hari).")
                                 % {"email": form.cleaned_data["new_email"],
                                    "days": services.EMAIL_CHANGE_MAX_AGE.days})
                return redirect("accounts:email_change")
    return render(request, "accounts/email_change.html", {"form": form})


@never_cache
def email_change_confirm(request, token):
    """GET only shows what the link does: mail scanners open links, and must not spend this one."""
    pending = services.email_change_pending(token=token)
    error = None
    if pending is not None and request.method == "POST":
        try:
            user = services.email_change_confirm(token=token, language=translation.get_language())
        except ValidationError as exc:
            error = " ".join(exc.messages)  # taken meanwhile, or no longer accepted by the agency
        else:
            if user is not None:
                if request.user.is_authenticated and request.user.pk == user.pk:
                    update_session_auth_hash(request, user)  # this browser stays signed in; others are out
                    messages.success(request, _("Email akun Anda sekarang %(email)s.") % {"email": user.email})
                    return redirect("accounts:email_change")
                messages.success(request, _("Email akun sudah diganti. Masuk dengan email %(email)s.")
                                 % {"email": user.email})
                return redirect("accounts:login")
            pending = None
    return render(request, "accounts/email_change_confirm.html",
                  {"validlink": pending is not None, "new_email": pending[1] if pending else "", "error": error})
