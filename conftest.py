"""Shared actors for every test: an admin, coordinators of agencies A and B, a verifier, an
influencer of agency A and an anonymous visitor."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tangkal.accounts.models import Agency, Role, User

PASSWORD = "kata-sandi-uji-123"


def make_agency(code: str, name: str) -> Agency:
    agency, _ = Agency.objects.get_or_create(code=code, defaults={"name": name, "kind": Agency.Kind.AGENCY,
                                                                   "email_domains": "go.id"})
    return agency


def make_user(email: str, role: str, agency: Agency | None = None, **extra) -> User:
    return User.objects.create_user(email, PASSWORD, role=role, agency=agency,
                                    full_name=extra.pop("full_name", email.split("@")[0].title()), **extra)


def login(client: Client, user: User | None) -> Client:
    """Sign `user` in; staff also get a confirmed authenticator and a verified session."""
    if user is None:
        return client
    client.force_login(user)
    if user.needs_two_factor:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="uji", confirmed=True
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def actors(db):
    agency_a = make_agency("uji-a", "Instansi Uji A")
    agency_b = make_agency("uji-b", "Instansi Uji B")
    return SimpleNamespace(
        agency_a=agency_a,
        agency_b=agency_b,
        admin=make_user("admin@komdigi.go.id", Role.ADMIN, is_staff=True, is_superuser=True),
        coord_a=make_user("koordinator@a.go.id", Role.COORDINATOR, agency_a),
        coord_b=make_user("koordinator@b.go.id", Role.COORDINATOR, agency_b),
        verifier=make_user("verifikator@komdigi.go.id", Role.VERIFIER),
        influencer=make_user("asn@a.go.id", Role.INFLUENCER, agency_a),
        anon=None,
    )


@pytest.fixture
def client_for(actors):
    def build(name: str) -> Client:
        return login(Client(), getattr(actors, name))

    return build


@pytest.fixture(autouse=True)
def _steady_rate_limit_window(monkeypatch):
    """Rate limits count in fixed windows that roll over on the minute (or hour): a test whose requests
    straddled a boundary would see its count restart. The limiter's clock stands still during a test."""
    import types

    from tangkal.core import ratelimit

    now = ratelimit.time.time()
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: now))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and lockouts must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
