"""Badge API: public verification and status, the holder's request, approval and moderation."""

from __future__ import annotations

import json
from datetime import datetime
from uuid import UUID

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from tangkal.badges import selectors, services, verification
from tangkal.badges.credentials import credential_url, short_url
from tangkal.badges.models import Badge
from tangkal.core.permissions import require
from tangkal.core.ratelimit import client_ip, hit

router = Router(tags=["lencana"])
PREFIX = "/badges"


class CheckOut(Schema):
    name: str
    label: str
    status: str
    code: str
    explanation: str
    message: str


class VerifyOut(Schema):
    ok: bool
    state: str
    state_label: str
    failed_check: str | None = None
    failed_code: str | None = None
    checks: list[CheckOut]


class BadgeOut(Schema):
    id: UUID
    status: str
    state: str
    holder_name: str
    agency: str
    tier: str
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    url: str | None = None
    short_url: str | None = None


class RequestIn(Schema):
    show_accounts_publicly: bool = False


class ReasonIn(Schema):
    reason: str


def _badge_out(badge: Badge) -> dict:
    issued = badge.credential is not None
    return {
        "id": badge.public_id, "status": badge.status, "state": badge.public_state,
        "holder_name": badge.holder.full_name, "agency": badge.agency.name, "tier": badge.tier,
        "valid_from": badge.valid_from, "valid_until": badge.valid_until,
        "url": credential_url(badge) if issued else None, "short_url": short_url(badge) if issued else None,
    }


def _limited(request, scope: str) -> None:
    if not hit(f"{scope}:{client_ip(request)}", settings.RATE_LIMITS[scope]):
        raise HttpError(429, _("Terlalu banyak permintaan. Tunggu sebentar lalu coba lagi."))


@router.post("/verify", auth=None, response=VerifyOut, summary="Verifikasi kredensial lencana (publik)",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": {"type": "object", "description": "OpenBadgeCredential"}}}}})
def badges_verify(request):
    """Checks structure, signature (did:web of this deployment), validity dates and both status lists.

    The body is the credential itself (JSON). The answer names the first failed check in
    `failed_check`/`failed_code` and lists every check with its own result.
    """
    _limited(request, "badge_verify")
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > settings.BADGE_VERIFY_MAX_BYTES:
        raise HttpError(413, _("Kredensial terlalu besar (maksimal %(kb)d KB).")
                        % {"kb": settings.BADGE_VERIFY_MAX_BYTES // 1024})
    body = request.body[: settings.BADGE_VERIFY_MAX_BYTES + 1]
    if len(body) > settings.BADGE_VERIFY_MAX_BYTES:
        raise HttpError(413, _("Kredensial terlalu besar (maksimal %(kb)d KB).")
                        % {"kb": settings.BADGE_VERIFY_MAX_BYTES // 1024})
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise HttpError(400, _("Isi permintaan bukan JSON yang sah. Kirim kredensial lencana apa adanya.")) from None
    if isinstance(document, dict) and "credential" in document and "@context" not in document:
        document = document["credential"]
    return verification.result_as_dict(verification.verify(document))


@router.get("/{uuid:public_id}", auth=None, response=BadgeOut, summary="Status publik sebuah lencana")
def badges_public_status(request, public_id: UUID):
    return _badge_out(selectors.badge_public(public_id=public_id))


@router.get("/mine/current", response={200: BadgeOut, 404: dict}, summary="Lencana saya")
def badges_mine(request):
    require(request.user, "badges.view_own")
    badge = selectors.badge_current(user=request.user)
    if badge is None:
        return 404, {"error": {"code": "not_found", "message": _("Anda belum memiliki lencana.")}}
    return _badge_out(badge)


def _run(action):
    try:
        return action()
    except services.BadgeError as exc:
        raise HttpError(409, exc.message) from exc


@router.post("/mine/request", response={201: BadgeOut}, summary="Ajukan lencana")
def badges_request(request, payload: RequestIn):
    require(request.user, "badges.request", request.user)
    badge = _run(lambda: services.badge_request(holder=request.user, by=request.user,
                                                show_accounts_publicly=payload.show_accounts_publicly))
    return 201, _badge_out(badge)


@router.post("/{uuid:public_id}/approve", response=BadgeOut, summary="Setujui dan terbitkan lencana")
def badges_approve(request, public_id: UUID):
    badge = selectors.badge_for_manager(user=request.user, public_id=public_id)
    require(request.user, "badges.approve", badge)
    return _badge_out(_run(lambda: services.badge_approve(badge=badge, by=request.user)))


def _moderate(request, public_id: UUID, permission: str, service, reason: str):
    badge = selectors.badge_for_manager(user=request.user, public_id=public_id)
    require(request.user, permission, badge)
    return _badge_out(_run(lambda: service(badge=badge, by=request.user, reason=reason)))


@router.post("/{uuid:public_id}/reject", response=BadgeOut, summary="Tolak permintaan lencana")
def badges_reject(request, public_id: UUID, payload: ReasonIn):
    return _moderate(request, public_id, "badges.approve", services.badge_reject, payload.reason)


@router.post("/{uuid:public_id}/suspend", response=BadgeOut, summary="Tangguhkan lencana")
def badges_suspend(request, public_id: UUID, payload: ReasonIn):
    return _moderate(request, public_id, "badges.moderate", services.badge_suspend, payload.reason)


@router.post("/{uuid:public_id}/reinstate", response=BadgeOut, summary="Aktifkan kembali lencana")
def badges_reinstate(request, public_id: UUID, payload: ReasonIn):
    return _moderate(request, public_id, "badges.moderate", services.badge_reinstate, payload.reason)


@router.post("/{uuid:public_id}/revoke", response=BadgeOut, summary="Cabut lencana")
def badges_revoke(request, public_id: UUID, payload: ReasonIn):
    return _moderate(request, public_id, "badges.moderate", services.badge_revoke, payload.reason)
