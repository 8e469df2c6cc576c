"""Proving ownership by signing in with the platform (Google OAuth for YouTube)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
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
