"""The demo seed and the real prerequisite adapters (against the other apps when they are installed)."""

from __future__ import annotations

import pytest

from tangkal.badges import demo, prerequisites
from tangkal.badges.models import Badge
from tangkal.core.demo import DemoContext

pytestmark = pytest.mark.django_db


def context() -> DemoContext:
    import random

    return DemoContext(rng=random.Random(1), agencies=[])


def test_the_demo_skips_politely_when_prerequisites_are_missing(actors):
    from conftest import make_user
    from tangkal.accounts.models import Role

    make_user("influencer@kemkes.go.id", Role.INFLUENCER, actors.agency_a)
    ctx = context()
    demo.seed(ctx)
    assert not Badge.objects.exists()
    assert any("dilewati" in line for line in ctx.log)


def test_the_demo_issues_when_prerequisites_are_met(actors, prerequisites_met):
    from conftest import make_user
    from tangkal.accounts.models import Role

    make_user("koordinator@kemkes.go.id", Role.COORDINATOR, actors.agency_a)
    holder = make_user("influencer@kemkes.go.id", Role.INFLUENCER, actors.agency_a)
    ctx = context()
    demo.seed(ctx)
    demo.seed(ctx)  # idempotent
    badge = Badge.objects.get(holder=holder)
    assert badge.status == Badge.Status.ACTIVE and badge.show_accounts_publicly
    assert any("/v/" in line for line in ctx.log)


def test_without_a_profile_the_adapter_explains_what_is_missing(actors):
    report = prerequisites.check(actors.influencer)
    assert not report.ok
    assert report.problems  # e.g. "Anda belum melengkapi profil ASN." or "...belum tersedia..."


def test_handles_are_normalised():
    assert prerequisites.normalise_handle("  @Dinkes_JABAR ") == "dinkes_jabar"
