"""Cards on the signed-in dashboard. Each app lists its own in `<app>/dashboard.py` as CARDS."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Card:
    title: str  # a lazy translation
    description: str
    url_name: str
    roles: frozenset[str]


def cards_for(user) -> list[dict]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("tangkal."):
            continue
        try:
            module = import_module(f"{config.name}.dashboard")
        except ModuleNotFoundError:
            continue
        for card in getattr(module, "CARDS", []):
            if user.role not in card.roles:
                continue
            try:
                url = reverse(card.url_name)
            except NoReverseMatch:
                continue
            found.append({"title": card.title, "description": card.description, "url": url})
    return found


@dataclass(frozen=True)
class PublicLink:
    title: str
    description: str
    url_name: str
    order: int = 50


def public_links() -> list[dict]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("tangkal."):
            continue
        try:
            module = import_module(f"{config.name}.dashboard")
        except ModuleNotFoundError:
            continue
        for link in getattr(module, "PUBLIC_LINKS", []):
            try:
                found.append((link.order, {"title": link.title, "description": link.description,
                                           "url": reverse(link.url_name)}))
            except NoReverseMatch:
                continue
    return [item for _order, item in sorted(found, key=lambda pair: pair[0])]
