from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from conftest import make_user
from tangkal.accounts.models import Role
from tangkal.campaigns.testing import make_targetable

_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _no_flush_thread(settings):
    """Tests flush clicks themselves; no background thread touches the test database."""
    settings.CAMPAIGN_CLICK_FLUSH_SECONDS = 0
    settings.SITE_URL = "https://tangkal.example"
    from tangkal.campaigns import clicks

    clicks.targets.clear()
    clicks.buffer().drain()
    clicks._salts.day = None
    from django.utils import translation

    translation.activate("id")  # a page seen in English must not change the language of the next test
    yield
    translation.activate("id")
    clicks.targets.clear()
    clicks.buffer().drain()


@pytest.fixture
def influencer_factory(actors):
    def build(agency=None, *, accounts=(("x", None, 1500),), region=None, **kwargs):
        n = next(_seq)
        user = make_user(f"asn{n}@{(agency or actors.agency_a).code}.go.id", Role.INFLUENCER, agency or actors.agency_a)
        make_targetable(user, accounts=accounts, region=region, nip=f"199001012015011{n:03d}", **kwargs)
        return user

    return build


@pytest.fixture
def targeted_influencer(actors):
    """The shared influencer (agency A) with a verified X account @asn_a and an Instagram account."""
    make_targetable(actors.influencer, accounts=(("x", "asn_a", 2000), ("instagram", "asn_a.ig", 3000),
                                                 ("facebook", "asn.a.fb", 700)),
                    nip="199001012015011999")
    return actors.influencer


@pytest.fixture
def clarification(actors):
    from tangkal.hoaxes.models import Clarification

    return Clarification.objects.create(
        slug=f"vaksin-mengandung-chip-{next(_seq)}", status=Clarification.Status.PUBLISHED, verdict="HOAKS",
        headline="Vaksin mengandung chip pelacak", summary="Tidak benar. Vaksin tidak mengandung chip apa pun; "
        "kandungannya diumumkan BPOM dan dapat diperiksa publik.", topic="kesehatan",
        published_at=timezone.now(), author=actors.verifier,
    )


@pytest.fixture
def make_campaign(actors, django_capture_on_commit_callbacks):
    """A campaign in the state asked for: draft, pending_approval, approved or launched."""
    from tangkal.campaigns import launch, services

    def build(state="approved", *, by=None, approver=None, kind="information", **fields):
        by = by or actors.verifier
        fields.setdefault("headline", "Pendaftaran CPNS hanya lewat sscasn.bkn.go.id")
        fields.setdefault("summary", "Pendaftaran CPNS 2026 hanya melalui situs resmi sscasn.bkn.go.id dan gratis. "
                                     "Waspadai pihak yang meminta bayaran.")
        fields.setdefault("link_url", "https://sscasn.bkn.go.id/")
        campaign = services.campaign_create(by=by, kind=kind, **fields)
        if state == "draft":
            return campaign
        services.campaign_submit(campaign=campaign, by=by)
        if state == "pending_approval":
            return campaign
        approver = approver or (actors.admin if by != actors.admin else actors.verifier)
        services.campaign_approve(campaign=campaign, by=approver)
        if state == "approved":
            return campaign
        with django_capture_on_commit_callbacks(execute=True):
            return launch.campaign_launch(campaign=campaign, by=approver)

    return build
