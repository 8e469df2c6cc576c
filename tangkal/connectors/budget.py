"""The per-platform request budget shared by every worker (fixed windows kept in the database)."""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tangkal.connectors.models import PlatformBlock, RateWindow
from tangkal.core.ratelimit import parse_rate


def rate_for(platform: str) -> tuple[int, int]:
    """(requests, window seconds) for a platform, from settings.CONNECTORS[platform]["rate"]."""
    return parse_rate(settings.CONNECTORS[platform]["rate"])


def try_spend(platform: str, *, now: float | None = None, ignore_block: bool = False) -> bool:
    """Spend one request of the platform's budget; False when the current window is used up."""
    limit, window = rate_for(platform)
    now = time.time() if now is None else now
    current = int(now // window)
    if not ignore_block and PlatformBlock.objects.filter(platform=platform, until__gt=timezone.now()).exists():
        return False
    spent = RateWindow.objects.filter(platform=platform, window=current, used__lt=limit).update(used=F("used") + 1)
    if spent:
        return True
    if RateWindow.objects.filter(platform=platform, window=current).exists():
        return False
    try:
        with transaction.atomic():
            RateWindow.objects.create(platform=platform, window=current, used=1)
        if current % 50 == 0:  # now and then, forget windows older than a day
            RateWindow.objects.filter(platform=platform, window__lt=current - max(1, 86400 // window)).delete()
        return limit >= 1
    except IntegrityError:  # another worker opened this window first
        return bool(
            RateWindow.objects.filter(platform=platform, window=current, used__lt=limit).update(used=F("used") + 1)
        )


def window_left(platform: str) -> float:
    _limit, window = rate_for(platform)
    return window - (time.time() % window)


def seconds_to_next_window(platform: str, *, now: float | None = None) -> float:
    _limit, window = rate_for(platform)
    now = time.time() if now is None else now
    block = PlatformBlock.objects.filter(platform=platform).values_list("until", flat=True).first()
    wait = window - (now % window)
    if block is not None:
        wait = max(wait, (block - timezone.now()).total_seconds())
    return max(wait, 0.0)


def spend(platform: str, *, max_wait: float | None = None, sleep=time.sleep, ignore_block: bool = False) -> bool:
    """Spend one request, waiting for the next window up to `max_wait` seconds; False if it would wait longer.

    `ignore_block` is for the worker that has itself just waited out the platform's Retry-After.
    """
    max_wait = settings.CONNECTOR_MAX_WAIT_SECONDS if max_wait is None else max_wait
    deadline = time.monotonic() + max_wait
    while True:
        if try_spend(platform, ignore_block=ignore_block):
            return True
        wait = seconds_to_next_window(platform) if not ignore_block else window_left(platform)
        if time.monotonic() + wait > deadline:
            return False
        sleep(min(wait + 0.005, max(deadline - time.monotonic(), 0)))


def block(platform: str, *, seconds: float) -> None:
    """Make every worker hold off this platform for `seconds` (the platform asked us to)."""
    until = timezone.now() + timedelta(seconds=seconds)
    PlatformBlock.objects.update_or_create(platform=platform, defaults={"until": until})
