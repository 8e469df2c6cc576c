from __future__ import annotations

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from tangkal.accounts import services
from tangkal.accounts.forms import LoginForm, TokenForm
from tangkal.core.ratelimit import rate_limit


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
