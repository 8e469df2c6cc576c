"""The one place that answers "may this user do this (to that object)?".

Apps register rules in their own `permissions.py` with `@rule("app.action")`; views, API endpoints
and selectors call `can`, `require` and `scope_to_agency` so no path forgets the agency boundary.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

Rule = Callable[[Any, Any], bool]
_RULES: dict[str, Rule] = {}


def rule(action: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        if action in _RULES and _RULES[action] is not fn:
            raise RuntimeError(f"permission rule {action!r} registered twice")
        _RULES[action] = fn
        return fn

    return register


def can(user, action: str, obj: Any = None) -> bool:
    try:
        check = _RULES[action]
    except KeyError as exc:
        raise KeyError(f"unknown permission {action!r}; register it with @rule") from exc
    if user is None:
        user = AnonymousUser()
    if user.is_authenticated and not user.is_active:
        return False
    return bool(check(user, obj))


def require(user, action: str, obj: Any = None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(action)


def known_actions() -> list[str]:
    return sorted(_RULES)


# Role predicates shared by the apps' rules.
def is_admin(user) -> bool:
    return bool(getattr(user, "is_programme_admin", False))


def is_coordinator(user) -> bool:
    return bool(getattr(user, "is_coordinator", False))


def is_verifier(user) -> bool:
    return bool(getattr(user, "is_verifier", False))


def is_influencer(user) -> bool:
    return bool(getattr(user, "is_influencer", False))


def is_staff_role(user) -> bool:
    return is_admin(user) or is_coordinator(user) or is_verifier(user)


def same_agency(user, agency_id: int | None) -> bool:
    return agency_id is not None and user.agency_id == agency_id


def scope_to_agency(user, queryset: QuerySet, agency_field: str = "agency") -> QuerySet:
    """Admins and verifiers see every agency, coordinators their own, anyone else nothing."""
    if is_admin(user) or is_verifier(user):
        return queryset
    if is_coordinator(user):
        return queryset.filter(**{agency_field: user.agency_id})
    return queryset.none()


@rule("audit.view")
def _audit_view(user, obj) -> bool:
    return is_admin(user)


@rule("dashboard.view")
def _dashboard_view(user, obj) -> bool:
    return bool(user.is_authenticated)
