"""Signed-in badge pages: the holder's own badge, and the coordinators' and admins' queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tangkal.badges import prerequisites, selectors, services
from tangkal.badges.credentials import credential_url, short_url
from tangkal.badges.forms import BadgeRequestForm, ConsentForm, ReasonForm
from tangkal.badges.models import Badge
from tangkal.core.exports import export_response, requested_format
from tangkal.core.permissions import can, require


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    require(request.user, "badges.view_own")
    badge = selectors.badge_current(user=request.user)
    context = {"badge": badge, "request_form": BadgeRequestForm(), "report": None}
    if badge is None or badge.status in (Badge.Status.REJECTED, Badge.Status.REVOKED):
        context["report"] = prerequisites.check(request.user)
    if badge is not None and badge.credential:
        context.update(short_url=short_url(badge), credential_url=credential_url(badge),
                       consent_form=ConsentForm(initial={"show_accounts_publicly": badge.show_accounts_publicly}),
                       accounts=list(badge.accounts.all()))
    return render(request, "badges/mine.html", context)


def _done(request: HttpRequest, action, success: str, target: str, **kwargs) -> HttpResponse:
    try:
        action()
    except services.BadgeError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(target, **kwargs)


@login_required
@require_POST
def request_badge(request: HttpRequest) -> HttpResponse:
    require(request.user, "badges.request", request.user)
    form = BadgeRequestForm(request.POST)
    form.is_valid()
    consent = bool(form.cleaned_data.get("show_accounts_publicly"))
    return _done(request, lambda: services.badge_request(holder=request.user, by=request.user,
                                                          show_accounts_publicly=consent),
                 _("Permintaan lencana terkirim."), "badges:mine")


@login_required
@require_POST
def consent(request: HttpRequest) -> HttpResponse:
    require(request.user, "badges.view_own")
    badge = selectors.badge_current(user=request.user)
    if badge is None:
        messages.error(request, _("Anda belum memiliki lencana."))
        return redirect("badges:mine")
    form = ConsentForm(request.POST)
    form.is_valid()
    services.badge_set_consent(badge=badge, by=request.user,
                               show_accounts_publicly=bool(form.cleaned_data.get("show_accounts_publicly")))
    messages.success(request, _("Pilihan tampilan akun disimpan."))
    return redirect("badges:mine")


@login_required
@require_POST
def renew(request: HttpRequest) -> HttpResponse:
    require(request.user, "badges.view_own")
    badge = selectors.badge_current(user=request.user)
    if badge is None:
        messages.error(request, _("Anda belum memiliki lencana."))
        return redirect("badges:mine")
    return _done(request, lambda: services.badge_renew(badge=badge, by=request.user),
                 _("Lencana diperbarui untuk satu periode lagi."), "badges:mine")


@login_required
def manage_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Badge.Status.PENDING)
    if status not in Badge.Status.values and status != "":
        status = Badge.Status.PENDING
    badges = selectors.badges_for_manager(user=request.user, status=status)[:200]
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=([str(b.holder), b.agency.name if b.agency_id else "", b.get_status_display(), b.issued_at,
                   b.valid_until] for b in badges),
            headers=[_("Pemegang"), _("Instansi"), _("Status"), _("Terbit"), _("Berlaku sampai")],
            stem="lencana", fmt=fmt)
    return render(request, "badges/manage_list.html",
                  {"badges": badges, "status": status, "statuses": Badge.Status.choices})


@login_required
def manage_detail(request: HttpRequest, public_id) -> HttpResponse:
    badge = selectors.badge_for_manager(user=request.user, public_id=public_id)
    report = prerequisites.check(badge.holder) if badge.status == Badge.Status.PENDING else None
    from tangkal.core.models import AuditEntry

    history = AuditEntry.objects.filter(object_type="badges.badge", object_id=str(badge.pk))[:20]
    return render(request, "badges/manage_detail.html", {
        "badge": badge, "report": report, "reason_form": ReasonForm(), "history": history,
        "can_approve": can(request.user, "badges.approve", badge),
        "can_moderate": can(request.user, "badges.moderate", badge),
    })


def _staff_action(request: HttpRequest, public_id, permission: str, service, success: str,
                  needs_reason: bool = True) -> HttpResponse:
    badge = selectors.badge_for_manager(user=request.user, public_id=public_id)
    if not can(request.user, permission, badge):
        raise PermissionDenied(permission)
    kwargs = {}
    if needs_reason:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("reason", []):
                messages.error(request, error)
            return redirect("badges:manage_detail", public_id=badge.public_id)
        kwargs["reason"] = form.cleaned_data["reason"]
    return _done(request, lambda: service(badge=badge, by=request.user, **kwargs), success,
                 "badges:manage_detail", public_id=badge.public_id)


@login_required
@require_POST
def approve(request: HttpRequest, public_id) -> HttpResponse:
    return _staff_action(request, public_id, "badges.approve", services.badge_approve,
                         _("Lencana disetujui dan diterbitkan."), needs_reason=False)


@login_required
@require_POST
def reject(request: HttpRequest, public_id) -> HttpResponse:
    return _staff_action(request, public_id, "badges.approve", services.badge_reject, _("Permintaan ditolak."))


@login_required
@require_POST
def suspend(request: HttpRequest, public_id) -> HttpResponse:
    return _staff_action(request, public_id, "badges.moderate", services.badge_suspend,
                         _("Lencana ditangguhkan; daftar status sudah diterbitkan ulang."))


@login_required
@require_POST
def reinstate(request: HttpRequest, public_id) -> HttpResponse:
    return _staff_action(request, public_id, "badges.moderate", services.badge_reinstate,
                         _("Lencana aktif kembali; daftar status sudah diterbitkan ulang."))


@login_required
@require_POST
def revoke(request: HttpRequest, public_id) -> HttpResponse:
    return _staff_action(request, public_id, "badges.moderate", services.badge_revoke,
                         _("Lencana dicabut; daftar status sudah diterbitkan ulang."))
