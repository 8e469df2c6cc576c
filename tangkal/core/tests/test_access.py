"""Every route, every role: the access each route declares is the access it gives.

A route that no `<app>/access.py` declares makes this test fail, so a new view cannot ship
without a decision about who may reach it.
"""

from __future__ import annotations

import json
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import login
from tangkal.core.access import ACTORS, Route

EXEMPT = {"set_language"}  # Django's own language switch: public by design, checked in test_i18n


def walk(patterns, namespace: str = "") -> tuple[set[str], list[str]]:
    names: set[str] = set()
    unnamed: list[str] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner_ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            inner_names, inner_unnamed = walk(entry.url_patterns, inner_ns)
            names |= inner_names
            unnamed += inner_unnamed
        elif isinstance(entry, URLPattern):
            if entry.name:
                names.add(f"{namespace}{entry.name}")
            elif not namespace.startswith("admin:"):  # the admin's own unnamed redirects
                unnamed.append(str(entry.pattern))
    return names, unnamed


def access_modules():
    for config in apps.get_app_configs():
        if config.name.startswith("tangkal."):
            try:
                yield import_module(f"{config.name}.access")
            except ModuleNotFoundError:
                continue


DECLARED: list[tuple[Route, str]] = [
    (route, module.__name__) for module in access_modules() for route in module.ROUTES
]


class World(SimpleNamespace):
    """The shared actors plus the objects routes need, built on demand.

    Every app's `build` runs, except that an app marking its build `BUILD_ON_DEMAND = True`
    (an expensive one, such as signing badges) runs only for its own routes or when another build or
    route reaches for an attribute it provides. That keeps each route's check cheap.
    """

    def __init__(self, actors, home_module: str):
        super().__init__(**vars(actors))
        self._pending = [m for m in access_modules() if getattr(m, "build", None) is not None]
        for module in list(self._pending):
            if module.__name__ == home_module or not getattr(module, "BUILD_ON_DEMAND", False):
                self._run(module)

    def _run(self, module) -> None:
        if module is not None and module in self._pending:
            self._pending.remove(module)
            module.build(self)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        while self._pending:
            self._run(self._pending[0])
            if name in self.__dict__:
                return self.__dict__[name]
        raise AttributeError(f"no access.py build() provides world.{name}")


def build_world(actors, home_module: str = "") -> World:
    return World(actors, home_module)


def test_every_route_is_declared():
    names, unnamed = walk(get_resolver().url_patterns)
    assert not unnamed, f"routes without a name cannot be checked: {unnamed}"
    checked = {name for name in names if not name.startswith("admin:")} - EXEMPT
    declared = {route.name for route, _module in DECLARED}
    missing = sorted(checked - declared)
    assert not missing, f"declare these routes in their app's access.py: {missing}"
    unknown = sorted(declared - names)
    assert not unknown, f"access.py declares routes that do not exist: {unknown}"


def request_as(route: Route, world, actor: str):
    client = login(Client(), getattr(world, actor))
    url = reverse(route.name, kwargs=route.kwargs(world) if route.kwargs else None)
    data = route.data(world) if route.data else None
    method = getattr(client, route.method.lower())
    if route.content_type == "application/json":
        return method(url, data=json.dumps(data or {}), content_type="application/json", headers=route.headers)
    if route.method == "GET":
        return method(url, data=data, headers=route.headers)
    return method(url, data=data or {}, headers=route.headers)


def is_denied(response, actor: str) -> bool:
    if response.status_code in (401, 403):
        return True
    if response.status_code == 404:  # out-of-scope objects are reported as absent
        return True
    if response.status_code in (301, 302):
        target = response.headers.get("Location", "")
        return "/akun/masuk/" in target or "/admin/login/" in target
    return False


@pytest.mark.parametrize(("route", "module"), DECLARED, ids=[route.id for route, _module in DECLARED])
def test_route_gives_declared_access(route: Route, module: str, actors):
    world = build_world(actors, module)
    # Denied actors first: a refusal must change nothing an allowed actor then relies on.
    order = sorted(ACTORS, key=lambda actor: actor in route.allow)
    for actor in order:
        response = request_as(route, world, actor)
        assert response.status_code < 500, f"{actor} got {response.status_code} on {route.id}"
        if actor in route.allow:
            assert not is_denied(response, actor), f"{actor} should reach {route.id}, got {response.status_code}"
        else:
            assert is_denied(response, actor), f"{actor} must not reach {route.id}, got {response.status_code}"


def admin_urls() -> list[str]:
    urls = ["admin:index"]
    for model in admin.site._registry:
        urls.append(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return urls


@pytest.mark.parametrize("name", admin_urls())
def test_admin_site_is_for_programme_admins_only(name, actors):
    for actor in ACTORS:
        response = login(Client(), getattr(actors, actor)).get(reverse(name))
        if actor == "admin":
            assert response.status_code == 200, f"admin should open {name}"
        else:
            assert response.status_code == 302 and "/admin/login/" in response["Location"], actor
