"""Proving ownership by signing in with the platform (Google OAuth for YouTube, X OAuth for X)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from tangkal.connectors import oauth
from tangkal.connectors.base import ConnectorError
from tangkal.core.permissions import require


def _profile(request):
    from tangkal.influencers.services import profile_for_user

    require(request.user, "influencers.enrol")
    profile = profile_for_user(request.user)
    if profile is None:
        raise PermissionDenied("no ASN profile")
    return profile


@login_required
def google_start(request: HttpRequest) -> HttpResponse:
    _profile(request)
    redirect_uri = request.build_absolute_uri(reverse("connectors:google_callback"))
    try:
        url = oauth.google_start(session=request.session, redirect_uri=redirect_uri,
                                 login_hint=request.GET.get("hint", "")[:100])
    except ConnectorError as exc:
        messages.error(request, exc.message)
        return redirect("influencers:home")
    return redirect(url)


@login_required
def google_callback(request: HttpRequest) -> HttpResponse:
    from tangkal.influencers.social import oauth_verified

    profile = _profile(request)
    if request.GET.get("error"):
        messages.error(request, _("Masuk dengan Google dibatalkan."))
        return redirect("influencers:home")
    try:
        found = oauth.google_finish(session=request.session, code=request.GET.get("code", ""),
                                    state=request.GET.get("state", ""))
        account = oauth_verified(profile=profile, platform="youtube", found=found, by=request.user)
    except ConnectorError as exc:
        messages.error(request, exc.message)
        return redirect("influencers:home")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("influencers:home")
    messages.success(request, _("Kanal YouTube %(name)s terverifikasi lewat Google.") % {"name": account.label})
    return redirect("influencers:account", public_id=account.public_id)


def _own_x_account(request, public_id):
    from tangkal.influencers.selectors import own_account

    account = own_account(request.user, public_id)
    if account.platform != "x":
        raise Http404
    return account


@login_required
def x_start(request: HttpRequest, public_id) -> HttpResponse:
    """Sign in with X to prove that the linked X account `public_id` is the ASN's own.

    A link (GET) like Google's, not a form: the CSP's form-action 'self' would stop a form whose
    redirect leaves for x.com. Starting only replaces this session's pending sign-in; the state
    check at the callback is what stops a forged answer."""
    _profile(request)
    account = _own_x_account(request, public_id)
    if account.is_verified:
        messages.info(request, _("Akun ini sudah terverifikasi."))
        return redirect("influencers:account", public_id=account.public_id)
    redirect_uri = request.build_absolute_uri(reverse("connectors:x_callback"))
    try:
        url = oauth.x_start(session=request.session, redirect_uri=redirect_uri, account=str(account.public_id))
    except ConnectorError as exc:
        messages.error(request, exc.message)
        return redirect("influencers:account", public_id=account.public_id)
    return redirect(url)


@login_required
def x_callback(request: HttpRequest) -> HttpResponse:
    from tangkal.influencers.social import account_sign_in_verify

    _profile(request)
    # The state is checked (and used up) first, also when X reports an error: only then is the
    # account in the session the one this answer belongs to.
    try:
        pending = oauth.pending_take(oauth.X, session=request.session, state=request.GET.get("state", ""))
        account = _own_x_account(request, (pending.get("context") or {}).get("account", ""))
    except (ConnectorError, Http404, ValidationError):
        messages.error(request, _("Masuk dengan X gagal atau sudah kedaluwarsa. Buka halaman akun X Anda lalu "
                                  "tekan Masuk dengan X sekali lagi."))
        return redirect("influencers:home")
    back = redirect("influencers:account", public_id=account.public_id)
    error = request.GET.get("error", "")
    if error == "access_denied":
        messages.error(request, _("Anda tidak memberi izin di X, jadi akun %(account)s belum terverifikasi. Tekan "
                                  "Masuk dengan X lagi dan pilih Izinkan, atau pakai cara lain di bawah.")
                       % {"account": account.label})
        return back
    if error:
        messages.error(request, _("X menolak permintaan masuk (%(error)s). Coba lagi nanti atau pakai cara lain.")
                       % {"error": error[:60]})
        return back
    try:
        signed_in = oauth.x_finish(pending=pending, code=request.GET.get("code", ""))
        account = account_sign_in_verify(account=account, signed_in=signed_in, by=request.user)
    except ConnectorError as exc:
        messages.error(request, exc.message)
        return back
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return back
    messages.success(request, _("Akun X %(name)s terverifikasi lewat X.") % {"name": account.label})
    return back
