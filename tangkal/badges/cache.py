"""Cache keys of the public badge pages and status lists, and their invalidation.

Entries also expire on their own after a few seconds, so a change is visible within a minute
even when several processes each keep a local-memory cache and only one of them was told.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def badge_page_key(public_id, language: str) -> str:
    return f"badges:page:{public_id}:{language}"


def status_list_key(purpose: str, number: int) -> str:
    return f"badges:status:{purpose}:{number}"


def forget_badge(public_id) -> None:
    cache.delete_many([badge_page_key(public_id, code) for code, _name in settings.LANGUAGES])


def forget_status_list(purpose: str, number: int) -> None:
    cache.delete(status_list_key(purpose, number))
