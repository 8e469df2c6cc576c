from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from tangkal.badges.models import Badge, BadgeAccount
from tangkal.badges.prerequisites import normalise_handle
from tangkal.core.permissions import require, scope_to_agency


def badge_public(*, public_id) -> Badge:
    """A badge as the public may see it: issued ones only, never a pending or rejected request."""
    badge = (Badge.objects.select_related("holder", "agency")
             .filter(public_id=public_id, status__in=Badge.PUBLIC_STATUSES).first())
    if badge is None:
        raise Http404
    return badge


def badge_by_short_code(*, code: str) -> Badge:
    badge = Badge.objects.filter(short_code=code.lower(), status__in=Badge.PUBLIC_STATUSES).first()
    if badge is None:
        raise Http404
    return badge


def public_accounts(*, badge: Badge) -> list[BadgeAccount]:
    if not badge.show_accounts_publicly:
        return []
    return list(badge.accounts.all())


def badges_by_handle(*, query: str, limit: int = 10) -> list[BadgeAccount]:
    """Issued badges whose holder showed this handle publicly (newest first)."""
    handle = normalise_handle(query)
    if not handle:
        return []
    return list(
        BadgeAccount.objects.select_related("badge", "badge__holder", "badge__agency")
        .filter(handle=handle, badge__show_accounts_publicly=True, badge__status__in=Badge.PUBLIC_STATUSES)
        .order_by("-badge__issued_at")[:limit]
    )


def badges_for_manager(*, user, status: str = "") -> QuerySet[Badge]:
    require(user, "badges.manage_list")
    badges = scope_to_agency(user, Badge.objects.select_related("holder", "agency"))
    if status:
        badges = badges.filter(status=status)
    return badges.order_by("-created_at")


def badge_for_manager(*, user, public_id) -> Badge:
    """One badge for a coordinator or admin; another agency's badge is reported as absent."""
    badge = (scope_to_agency(user, Badge.objects.select_related("holder", "agency"))
             .filter(public_id=public_id).first())
    if badge is None:
        raise Http404
    require(user, "badges.view_manage", badge)
    return badge


def badge_current(*, user) -> Badge | None:
    """The holder's badge in play, else the most recent one."""
    badges = Badge.objects.filter(holder=user).select_related("agency")
    return badges.filter(status__in=Badge.LIVE_STATUSES).first() or badges.order_by("-created_at").first()
