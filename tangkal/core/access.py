"""Declarations of who may reach which route, used by the route-by-route access test.

Every app lists its routes in `<app>/access.py` as ROUTES. An app that needs objects for URL
arguments defines `build(world)` there, adding attributes to the shared test world.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ACTORS = ("admin", "coord_a", "coord_b", "verifier", "influencer", "anon")
EVERYONE = frozenset(ACTORS)
SIGNED_IN = EVERYONE - {"anon"}
STAFF = frozenset({"admin", "coord_a", "coord_b", "verifier"})
ADMIN = frozenset({"admin"})
ADMIN_VERIFIER = frozenset({"admin", "verifier"})
ADMIN_COORDS = frozenset({"admin", "coord_a", "coord_b"})
ADMIN_COORD_A = frozenset({"admin", "coord_a"})
INFLUENCER = frozenset({"influencer"})
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Route:
    name: str  # the namespaced URL name, e.g. "accounts:login"
    allow: frozenset[str]
    kwargs: Callable[[Any], dict] | None = None
    method: str = "GET"
    data: Callable[[Any], dict] | None = None
    content_type: str | None = None  # "application/json" sends `data` as JSON
    headers: dict[str, str] = field(default_factory=dict)
    label: str = ""  # distinguishes two checks of the same route

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}{' ' + self.label if self.label else ''}"


ROUTES = [
    Route("core:dashboard", SIGNED_IN),
    Route("core:healthz", EVERYONE),
]
