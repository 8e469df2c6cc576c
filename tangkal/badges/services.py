"""Badge lifecycle: request, approval, issuance, suspension, reinstatement, revocation, renewal."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangkal.badges import prerequisites
from tangkal.badges.cache import forget_badge
from tangkal.badges.credentials import build_signed_credential
from tangkal.badges.models import Badge, BadgeAccount, StatusPurpose
from tangkal.badges.prerequisites import AccountSnapshot, Prerequisites
from tangkal.badges.status_lists import status_bit_set, status_index_allocate, status_list_publish
from tangkal.core.audit import audit_log, snapshot
from tangkal.core.permissions import can, require

AUDIT_FIELDS = ["status", "status_reason", "valid_until", "tier", "show_accounts_publicly"]


class BadgeError(Exception):
    """A badge action that cannot be done as asked; `message` says why, in the user's language."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def tiers() -> list[tuple[str, int]]:
    found = []
    for item in settings.BADGE_TIERS.split(","):
        name, _sep, minimum = item.strip().partition(":")
        if name and minimum.strip().isdigit():
            found.append((name.strip(), int(minimum)))
    return sorted(found, key=lambda pair: -pair[1])


def tier_for(followers: int) -> str:
    return next((name for name, minimum in tiers() if followers >= minimum), "")


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise BadgeError("reason_required", _("Tuliskan alasan (minimal 5 karakter); alasan dicatat di log audit."))
    return reason[:2000]


def _notify(badge: Badge, kind: str) -> None:
    from tangkal.badges.tasks import send_badge_notice

    transaction.on_commit(lambda: send_badge_notice.enqueue(badge_id=badge.pk, kind=kind))


def _forget(badge: Badge) -> None:
    public_id = badge.public_id
    transaction.on_commit(lambda: forget_badge(public_id))


def _check_prerequisites(holder) -> Prerequisites:
    report = prerequisites.check(holder)
    if not report.ok:
        raise BadgeError("prerequisites_not_met", " ".join(report.problems))
    return report


@transaction.atomic
def badge_request(*, holder, by, show_accounts_publicly: bool = False) -> Badge:
    """An ASN asks for the badge; issued at once when auto-approval is on, else queued for approval."""
    require(by, "badges.request", holder)
    if Badge.objects.filter(holder=holder, status__in=Badge.LIVE_STATUSES).exists():
        raise BadgeError("badge_exists", _("Anda sudah memiliki lencana yang aktif atau sedang diproses."))
    if holder.agency_id is None:
        raise BadgeError("no_agency", _("Akun Anda belum terhubung dengan instansi; hubungi koordinator."))
    report = _check_prerequisites(holder)
    badge = Badge.objects.create(holder=holder, agency_id=holder.agency_id,
                                 show_accounts_publicly=show_accounts_publicly)
    audit_log(actor=by, action="badge.request", obj=badge, after=snapshot(badge, AUDIT_FIELDS))
    if settings.BADGE_AUTO_APPROVE:
        badge_issue(badge=badge, report=report, approved_by=None, by=by)
    else:
        _notify(badge, "requested")
    return badge


@transaction.atomic
def badge_approve(*, badge: Badge, by) -> Badge:
    require(by, "badges.approve", badge)
    badge = Badge.objects.select_for_update().get(pk=badge.pk)
    if badge.status != Badge.Status.PENDING:
        raise BadgeError("not_pending", _("Lencana ini tidak sedang menunggu persetujuan."))
    # Re-checked at approval: followers or training may have changed since the request.
    report = _check_prerequisites(badge.holder)
    return badge_issue(badge=badge, report=report, approved_by=by, by=by)


@transaction.atomic
def badge_reject(*, badge: Badge, by, reason: str) -> Badge:
    require(by, "badges.approve", badge)
    reason = _require_reason(reason)
    badge = Badge.objects.select_for_update().get(pk=badge.pk)
    if badge.status != Badge.Status.PENDING:
        raise BadgeError("not_pending", _("Lencana ini tidak sedang menunggu persetujuan."))
    before = snapshot(badge, AUDIT_FIELDS)
    badge.status, badge.status_reason, badge.status_changed_at = Badge.Status.REJECTED, reason, timezone.now()
    badge.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
    audit_log(actor=by, action="badge.reject", obj=badge, before=before, after=snapshot(badge, AUDIT_FIELDS),
              note=reason)
    _notify(badge, "rejected")
    return badge


def badge_issue(*, badge: Badge, report: Prerequisites, approved_by, by, valid_until: datetime | None = None,
                notify: bool = True) -> Badge:
    """Allocate status bits, sign the credential and activate; callers have checked permission and prerequisites.

    `valid_until` keeps the end of a badge being restated (a reissue is not a renewal: no new year).
    """
    before = snapshot(badge, AUDIT_FIELDS)
    now = timezone.now().replace(microsecond=0)
    for purpose, list_field, index_field in (
        (StatusPurpose.REVOCATION, "revocation_list", "revocation_index"),
        (StatusPurpose.SUSPENSION, "suspension_list", "suspension_index"),
    ):
        status_list, index = status_index_allocate(purpose=purpose)
        if status_list.credential is None:
            status_list_publish(status_list=status_list)
        setattr(badge, list_field, status_list)
        setattr(badge, index_field, index)
    badge.valid_from = now
    badge.valid_until = valid_until or now + timedelta(days=settings.BADGE_VALIDITY_DAYS)
    badge.tier = tier_for(report.verified_followers)
    badge.credential = build_signed_credential(badge=badge, report=report, valid_from=badge.valid_from,
                                               valid_until=badge.valid_until)
    badge.status, badge.issued_at, badge.status_changed_at = Badge.Status.ACTIVE, now, now
    badge.approved_by = approved_by
    badge.save()
    BadgeAccount.objects.bulk_create([
        BadgeAccount(badge=badge, platform=account.platform, handle=prerequisites.normalise_handle(account.handle),
                     followers=account.followers,
                     verified_at=account.verified_at)
        for account in report.accounts if account.verified_at
    ], ignore_conflicts=True)
    audit_log(actor=by, action="badge.issue", obj=badge, before=before, after=snapshot(badge, AUDIT_FIELDS),
              note="auto-approved" if approved_by is None else "")
    if notify:
        _notify(badge, "issued")
    _forget(badge)
    return badge


def _change_status(*, badge: Badge, by, action: str, allowed_from: tuple[str, ...], to: str, reason: str,
                   bit: tuple[str, bool] | None, notify: bool = True) -> Badge:
    reason = _require_reason(reason)
    badge = Badge.objects.select_for_update().get(pk=badge.pk)
    if badge.status not in allowed_from:
        raise BadgeError("wrong_status", _("Tindakan ini tidak berlaku untuk lencana berstatus “%(status)s”.")
                         % {"status": badge.get_status_display()})
    before = snapshot(badge, AUDIT_FIELDS)
    if bit is not None:
        purpose, value = bit
        status_list_id, index = (
            (badge.revocation_list_id, badge.revocation_index) if purpose == StatusPurpose.REVOCATION
            else (badge.suspension_list_id, badge.suspension_index)
        )
        if status_list_id is not None:  # a badge still pending has no bits yet
            status_bit_set(status_list_id=status_list_id, index=index, value=value)
    badge.status, badge.status_reason, badge.status_changed_at = to, reason, timezone.now()
    badge.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
    audit_log(actor=by, action=action, obj=badge, before=before, after=snapshot(badge, AUDIT_FIELDS), note=reason)
    if notify:
        _notify(badge, action.split(".", 1)[1])
    _forget(badge)
    return badge


@transaction.atomic
def badge_suspend(*, badge: Badge, by, reason: str) -> Badge:
    require(by, "badges.moderate", badge)
    return _change_status(badge=badge, by=by, action="badge.suspend", allowed_from=(Badge.Status.ACTIVE,),
                          to=Badge.Status.SUSPENDED, reason=reason, bit=(StatusPurpose.SUSPENSION, True))


@transaction.atomic
def badge_reinstate(*, badge: Badge, by, reason: str) -> Badge:
    require(by, "badges.moderate", badge)
    return _change_status(badge=badge, by=by, action="badge.reinstate", allowed_from=(Badge.Status.SUSPENDED,),
                          to=Badge.Status.ACTIVE, reason=reason, bit=(StatusPurpose.SUSPENSION, False))


@transaction.atomic
def badge_revoke(*, badge: Badge, by, reason: str) -> Badge:
    """Final: the revocation bit is never cleared. A suspension bit, if set, stays set too."""
    require(by, "badges.moderate", badge)
    return _change_status(badge=badge, by=by, action="badge.revoke",
                          allowed_from=(Badge.Status.ACTIVE, Badge.Status.SUSPENDED, Badge.Status.PENDING),
                          to=Badge.Status.REVOKED, reason=reason,
                          bit=(StatusPurpose.REVOCATION, True))


@transaction.atomic
def badge_withdraw_by_holder(*, badge: Badge, by, reason: str) -> Badge:
    """The holder gives their badge up (e.g. erasing their data): revoked like any revocation, but
    no notice is sent to the holder, who asked for it."""
    if badge.holder_id != getattr(by, "pk", None):
        raise PermissionDenied("badges.withdraw")
    return _change_status(badge=badge, by=by, action="badge.revoke",
                          allowed_from=(Badge.Status.ACTIVE, Badge.Status.SUSPENDED, Badge.Status.PENDING),
                          to=Badge.Status.REVOKED, reason=reason,
                          bit=(StatusPurpose.REVOCATION, True), notify=False)


@transaction.atomic
def badge_renew(*, badge: Badge, by) -> Badge:
    """A new credential for another period, after checking eligibility and followers again.

    The old credential is revoked in the status list (it is superseded, not withdrawn for
    misconduct), so a later revocation of the new one cannot be sidestepped with the old copy.
    """
    require(by, "badges.renew", badge)
    badge = Badge.objects.select_for_update().get(pk=badge.pk)
    if badge.status != Badge.Status.ACTIVE:
        raise BadgeError("not_renewable", _("Hanya lencana aktif yang dapat diperbarui."))
    report = _check_prerequisites(badge.holder)
    before = snapshot(badge, AUDIT_FIELDS)
    status_bit_set(status_list_id=badge.revocation_list_id, index=badge.revocation_index, value=True)
    badge.status, badge.status_changed_at = Badge.Status.SUPERSEDED, timezone.now()
    badge.status_reason = "Diperbarui dengan lencana baru."
    badge.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
    audit_log(actor=by, action="badge.supersede", obj=badge, before=before, after=snapshot(badge, AUDIT_FIELDS))
    _forget(badge)
    renewed = Badge.objects.create(holder=badge.holder, agency_id=badge.holder.agency_id or badge.agency_id,
                                   show_accounts_publicly=badge.show_accounts_publicly, replaces=badge)
    return badge_issue(badge=renewed, report=report, approved_by=badge.approved_by, by=by)


class AgencyMove(NamedTuple):
    """What happened to the holder's badge when they moved agency: "none", "kept", "moved" or "reissued"."""

    outcome: str
    badge: Badge | None


TRANSFER_REASON = "Diganti karena pemegang pindah instansi (mutasi)."


def _restated_report(badge: Badge) -> Prerequisites:
    """The evidence the badge was issued on, restated: the accounts verified then, and the training record."""
    trained, completed_at, reference, _problem = prerequisites.training_status(badge.holder)
    return Prerequisites(
        eligible=True, trained=True,
        accounts=[AccountSnapshot(platform=a.platform, handle=a.handle, followers=a.followers,
                                  verified_at=a.verified_at or badge.issued_at) for a in badge.accounts.all()],
        training_completed_at=completed_at if trained else None, training_reference=reference if trained else None,
    )


@transaction.atomic
def badge_transfer_agency(*, holder, to_agency, by, reason: str) -> AgencyMove:
    """The holder moved to another agency (mutasi): their badge in play follows them.

    The caller (the influencers app's `asn_transfer`) has checked who may record the move.

    - A pending request is simply re-addressed: it joins the receiving coordinator's queue.
    - An active (or suspended) badge is superseded and reissued naming the new agency. Not through
      `badge_renew`: renewal re-checks followers and training and starts a new year, so a transfer
      would fail, or quietly extend the badge, for reasons unrelated to the move, and renewal is the
      holder's or an admin's act while a coordinator records a transfer. A transfer changes where the
      person serves, not what they achieved, so the same evidence is restated with the same end date.
      The old credential's revocation bit is set (as renewal does): PNG/SVG copies already shared bear
      the old agency's name, and verifiers must see them as superseded, not valid. A suspension is
      carried onto the new badge, so moving agency never lifts it.
    - Expired, revoked, rejected and superseded badges are history and stay as they were.
    """
    reason = _require_reason(reason)
    badge = Badge.objects.select_for_update().filter(holder=holder, status__in=Badge.LIVE_STATUSES).first()
    if badge is None:
        return AgencyMove("none", None)
    if badge.agency_id == to_agency.pk or badge.is_expired:
        return AgencyMove("kept", badge)
    if badge.status == Badge.Status.PENDING:
        before = snapshot(badge, [*AUDIT_FIELDS, "agency"])
        badge.agency = to_agency
        badge.save(update_fields=["agency", "updated_at"])
        audit_log(actor=by, action="badge.move", obj=badge, before=before,
                  after=snapshot(badge, [*AUDIT_FIELDS, "agency"]), note=reason)
        _notify(badge, "requested")  # the receiving coordinators get the usual "request waiting" notice
        return AgencyMove("moved", badge)

    before = snapshot(badge, [*AUDIT_FIELDS, "agency"])
    suspended, suspension_reason = badge.status == Badge.Status.SUSPENDED, badge.status_reason
    status_bit_set(status_list_id=badge.revocation_list_id, index=badge.revocation_index, value=True)
    badge.status, badge.status_reason, badge.status_changed_at = Badge.Status.SUPERSEDED, TRANSFER_REASON, timezone.now()
    badge.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
    audit_log(actor=by, action="badge.supersede", obj=badge, before=before,
              after=snapshot(badge, [*AUDIT_FIELDS, "agency"]), note=reason)
    _forget(badge)
    reissued = Badge.objects.create(holder=holder, agency=to_agency, show_accounts_publicly=badge.show_accounts_publicly,
                                    replaces=badge)
    # The holder is told (the usual "issued" notice with the new page), except while suspended.
    reissued = badge_issue(badge=reissued, report=_restated_report(badge), approved_by=badge.approved_by, by=by,
                           valid_until=badge.valid_until, notify=not suspended)
    if suspended:
        before = snapshot(reissued, AUDIT_FIELDS)
        status_bit_set(status_list_id=reissued.suspension_list_id, index=reissued.suspension_index, value=True)
        reissued.status, reissued.status_reason = Badge.Status.SUSPENDED, suspension_reason
        reissued.save(update_fields=["status", "status_reason", "updated_at"])
        audit_log(actor=by, action="badge.suspend", obj=reissued, before=before,
                  after=snapshot(reissued, AUDIT_FIELDS), note=suspension_reason)
    return AgencyMove("reissued", reissued)


@transaction.atomic
def badge_set_consent(*, badge: Badge, by, show_accounts_publicly: bool) -> Badge:
    if badge.holder_id != getattr(by, "pk", None):
        raise PermissionDenied("badges.consent")
    before = snapshot(badge, AUDIT_FIELDS)
    badge.show_accounts_publicly = show_accounts_publicly
    badge.save(update_fields=["show_accounts_publicly", "updated_at"])
    audit_log(actor=by, action="badge.consent", obj=badge, before=before, after=snapshot(badge, AUDIT_FIELDS))
    _forget(badge)
    return badge


def badges_remind_expiring(*, now=None) -> int:
    """Email holders whose badge ends within BADGE_REMINDER_DAYS, once per badge."""
    now = now or timezone.now()
    horizon = now + timedelta(days=settings.BADGE_REMINDER_DAYS)
    count = 0
    due = Badge.objects.filter(status=Badge.Status.ACTIVE, valid_until__gt=now, valid_until__lte=horizon,
                               reminder_sent_at__isnull=True)
    for pk in due.values_list("pk", flat=True):
        # Claimed with a conditional UPDATE so two workers never send the same reminder twice.
        if Badge.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now) == 1:
            from tangkal.badges.notifications import send_notice

            send_notice(badge_id=pk, kind="expiring")
            count += 1
    return count


def may(user, action: str, badge: Badge | None = None) -> bool:
    return can(user, action, badge)
