"""Fixed-window rate limits kept in the cache: per process with local memory, shared with Redis."""

from __future__ import annotations

import functools
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    count, _sep, unit = rate.partition("/")
    return int(count), UNITS[unit.strip()[-1]] * int(unit.strip()[:-1] or 1)


def client_ip(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = forwarded.split(",")[0].strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "0.0.0.0"


def hit(key: str, rate: str) -> bool:
    """Count one request against `key`; True while the caller is within its rate."""
    if not settings.RATE_LIMIT_ENABLED:
        return True
    limit, window = parse_rate(rate)
    bucket = int(time.time() // window)
    cache_key = f"rl:{key}:{bucket}"
    if cache.add(cache_key, 1, timeout=window + 1):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window + 1)
        count = 1
    return count <= limit


def too_many_requests(request: HttpRequest) -> HttpResponse:
    message = _("Terlalu banyak permintaan. Tunggu sebentar lalu coba lagi.")
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"error": {"code": "rate_limited", "message": message}}, status=429)
    return render(request, "errors/429.html", {"message": message}, status=429)


def rate_limit(scope: str, *, methods: tuple[str, ...] = ("POST",)):
    """Limit a view per client IP under the rate configured in settings.RATE_LIMITS[scope]."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if request.method in methods and not hit(f"{scope}:{client_ip(request)}", settings.RATE_LIMITS[scope]):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
