from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_user
from tangkal.accounts.models import Role
from tangkal.reports.aggregates import refresh_all
from tangkal.reports.selectors import Filters, campaigns, funnel


@pytest.fixture
def launched(actors, django_capture_on_commit_callbacks, settings):
    from tangkal.campaigns import launch, services
    from tangkal.campaigns.testing import make_targetable

    settings.CAMPAIGN_CLICK_FLUSH_SECONDS = 0
    people = []
    for i in range(4):
        user = make_user(f"asn{i}@a.go.id", Role.INFLUENCER, actors.agency_a)
        make_targetable(user, accounts=(("x", f"orang{i}", 1000 * (i + 1)),), nip=f"19900101201501100{i}")
        people.append(user)
    campaign = services.campaign_create(
        by=actors.verifier, kind="information", headline="Pendaftaran CPNS hanya lewat sscasn.bkn.go.id",
        summary="Pendaftaran CPNS hanya melalui situs resmi dan gratis.", link_url="https://sscasn.bkn.go.id/")
    services.campaign_submit(campaign=campaign, by=actors.verifier)
    services.campaign_approve(campaign=campaign, by=actors.admin)
    with django_capture_on_commit_callbacks(execute=True):
        campaign = launch.campaign_launch(campaign=campaign, by=actors.admin)
    return campaign, people


@pytest.mark.django_db
def test_campaign_figures_come_from_the_aggregates(actors, launched):
    from tangkal.campaigns import posts
    from tangkal.campaigns.models import Assignment, ClickDaily

    campaign, people = launched
    first = Assignment.objects.get(campaign=campaign, user=people[1])
    posts.post_submit(assignment=first, url="https://x.com/orang1/status/123", by=people[1])
    Assignment.objects.filter(pk=first.pk).update(posted_at=campaign.launched_at + timedelta(minutes=12))
    ClickDaily.objects.create(assignment=first, day=timezone.localdate(), channel="x", clicks=40, unique_visitors=25)
    refresh_all(days=2)

    today = timezone.localdate()
    figures = dict(campaigns(Filters(start=today - timedelta(days=1), end=today))["figures"])
    assert figures["kampanye diluncurkan"] == 1
    assert figures["penugasan"] == 4
    assert figures["tingkat berbagi (%)"] == 25.0
    assert figures["median menit sampai posting pertama"] == 12.0
    assert figures["jangkauan (pengikut akun yang memposting)"] == 2000
    assert figures["klik"] == 40 and figures["pengunjung unik"] == 25
    other = dict(campaigns(Filters(start=today - timedelta(days=1), end=today, agency=actors.agency_b))["figures"])
    assert other["penugasan"] == 0 and other["klik"] == 0


@pytest.mark.django_db
def test_an_asn_who_posted_recently_counts_as_active(actors, launched):
    from tangkal.campaigns import posts
    from tangkal.campaigns.models import Assignment

    campaign, people = launched
    assignment = Assignment.objects.get(campaign=campaign, user=people[0])
    posts.post_submit(assignment=assignment, url="https://x.com/orang0/status/9", by=people[0])
    refresh_all(days=2)
    today = timezone.localdate()
    _chart, steps = funnel(Filters(start=today, end=today))
    assert {s["key"]: s["count"] for s in steps}["active"] == 1
