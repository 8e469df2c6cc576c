"""The ASN's own pages (phone first): register, enrol from an invitation, link and prove accounts."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tangkal.connectors.registry import connectors
from tangkal.core.permissions import can, require
from tangkal.core.ratelimit import rate_limit
from tangkal.influencers import personal_data, selectors, services, social
from tangkal.influencers.charts import follower_chart
from tangkal.influencers.eligibility import explain, policy_current
from tangkal.influencers.forms import (
    AccountAddForm,
    ErasureForm,
    EvidenceForm,
    InvitationForm,
    RegistrationForm,
)
from tangkal.influencers.models import Consent, Verification

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _message_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@rate_limit("public_form")
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("influencers:home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.asn_register(nip=data["nip"], full_name=data["full_name"], agency=data["agency"],
                                  unit=data["unit"], email=data["email"], phone=data.get("phone") or "",
                                  password=data["password1"])
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            return redirect("influencers:register_done")
    return render(request, "influencers/register.html", {"form": form})


def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "influencers/register_done.html")


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        profile = services.asn_verify_email(token=token)
    except ValidationError as exc:
        return render(request, "influencers/link_problem.html", {"problems": exc.messages}, status=400)
    if not request.user.is_authenticated:
        login(request, profile.user, backend=BACKEND)
    messages.success(request, _("Email kerja Anda terkonfirmasi. Sekarang tambahkan akun media sosial Anda."))
    return redirect("influencers:home")


@rate_limit("public_form")
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_lookup(token=token)
    except ValidationError as exc:
        return render(request, "influencers/link_problem.html", {"problems": exc.messages}, status=400)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.invitation_accept(token=token, password=form.cleaned_data["password1"],
                                                 phone=form.cleaned_data.get("phone") or "")
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            login(request, profile.user, backend=BACKEND)
            messages.success(request, _("Selamat bergabung. Sekarang tambahkan akun media sosial Anda."))
            return redirect("influencers:home")
    return render(request, "influencers/accept_invitation.html", {"form": form, "profile": invitation.profile})


def _my_profile(request):
    require(request.user, "influencers.enrol")
    profile = services.profile_for_user(request.user)
    if profile is None:
        raise PermissionDenied("no ASN profile")
    return profile


@login_required
def home(request: HttpRequest) -> HttpResponse:
    profile = _my_profile(request)
    policy = policy_current()
    accounts = list(profile.accounts.all())
    return render(request, "influencers/home.html", {
        "profile": profile, "accounts": accounts, "explanation": explain(profile, policy), "policy": policy,
        "decision": selectors.latest_decision(profile),
    })


@login_required
def account_add(request: HttpRequest) -> HttpResponse:
    profile = _my_profile(request)
    form = AccountAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = social.account_add(profile=profile, platform=form.cleaned_data["platform"],
                                         raw=form.cleaned_data["handle"], by=request.user)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Akun ditambahkan. Sekarang buktikan bahwa akun ini milik Anda."))
            return redirect("influencers:account", public_id=account.public_id)
    return render(request, "influencers/account_add.html", {"form": form, "connectors": connectors()})


@login_required
def account_detail(request: HttpRequest, public_id) -> HttpResponse:
    _my_profile(request)
    account = selectors.own_account(request.user, public_id)
    policy = policy_current()
    history = selectors.follower_history(account)
    connector = connectors()[account.platform]
    from tangkal.connectors.oauth import is_configured

    return render(request, "influencers/account_detail.html", {
        "account": account, "connector": connector, "chart": follower_chart(history, threshold=policy.threshold),
        "history": history[-10:], "policy": policy, "evidence_form": EvidenceForm(),
        "oauth_available": bool(connector.oauth) and is_configured(connector.oauth),
        "can_prove": account.verification in (Verification.UNVERIFIED, Verification.REJECTED),
    })


@login_required
@require_POST
def bio_code_issue(request: HttpRequest, public_id) -> HttpResponse:
    _my_profile(request)
    account = selectors.own_account(request.user, public_id)
    social.bio_code_issue(account=account, by=request.user)
    return redirect("influencers:account", public_id=account.public_id)


@login_required
@require_POST
def bio_code_check(request: HttpRequest, public_id) -> HttpResponse:
    _my_profile(request)
    account = selectors.own_account(request.user, public_id)
    try:
        found = social.bio_code_check(account=account, by=request.user)
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        if found:
            messages.success(request, _("Kode ditemukan. Akun Anda terverifikasi; kode boleh dihapus dari bio."))
        else:
            messages.error(request, _("Kode %(code)s belum terlihat di bio akun. Simpan bio, tunggu sebentar, lalu "
                                      "periksa lagi.") % {"code": account.bio_code})
    return redirect("influencers:account", public_id=account.public_id)


@login_required
@require_POST
def evidence_submit(request: HttpRequest, public_id) -> HttpResponse:
    _my_profile(request)
    account = selectors.own_account(request.user, public_id)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            social.evidence_submit(account=account, upload=form.cleaned_data["evidence"],
                                   note=form.cleaned_data["note"], by=request.user)
        except ValidationError as exc:
            _message_errors(request, exc)
        else:
            messages.success(request, _("Bukti terkirim. Koordinator instansi Anda akan meninjaunya."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("influencers:account", public_id=account.public_id)


@login_required
@require_POST
def account_refresh(request: HttpRequest, public_id) -> HttpResponse:
    _my_profile(request)
    account = selectors.own_account(request.user, public_id)
    try:
        snap = social.account_refresh_now(account=account, by=request.user)
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        if snap is None:
            messages.error(request, _("Akun tidak ditemukan atau privat di platform."))
        else:
            messages.success(request, _("Diperbarui: %(count)s pengikut.") % {"count": snap.followers})
    return redirect("influencers:account", public_id=account.public_id)


@login_required
@require_POST
def account_remove(request: HttpRequest, public_id) -> HttpResponse:
    _my_profile(request)
    account = selectors.own_account(request.user, public_id)
    social.account_remove(account=account, by=request.user)
    messages.success(request, _("Akun dihapus dari profil Anda."))
    return redirect("influencers:home")


# ---- personal data (UU 27/2022): see what is held, take a copy, erase ----------------------------

def _staff_refusal(request: HttpRequest) -> HttpResponse:
    """Staff may not export or erase here: their accounts carry agency duties an admin must hand over."""
    return render(request, "influencers/my_data_staff.html", status=403)


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "influencers.own_data", request.user):
        return _staff_refusal(request)
    profile = services.profile_for_user(request.user)
    consents = Consent.objects.filter(profile=profile).order_by("accepted_at") if profile else []
    return render(request, "influencers/my_data.html", {"profile": profile, "consents": consents})


@login_required
@require_POST
def my_data_export(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "influencers.own_data", request.user):
        return _staff_refusal(request)
    document = personal_data.personal_data_export(user=request.user, by=request.user)
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="tangkal-data-saya-{stamp}.json"'
    response["Cache-Control"] = "no-store"  # personal data: never kept by a shared cache or the browser
    return response


@login_required
@rate_limit("login")  # the form checks a password: limit guessing like the sign-in page does
def my_data_erase(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "influencers.own_data", request.user):
        return _staff_refusal(request)
    word = personal_data.CONFIRMATION_WORD
    form = ErasureForm(request.POST or None, user=request.user, word=word)
    if request.method == "POST" and form.is_valid():
        result = personal_data.personal_data_erase(user=request.user, by=request.user)
        logout(request)
        # Shown in answer to the POST: the person is signed out, and the page holds nothing of theirs.
        return render(request, "influencers/my_data_erased.html", {"result": result})
    return render(request, "influencers/my_data_erase.html", {
        "form": form, "word": word, "profile": services.profile_for_user(request.user),
    })
