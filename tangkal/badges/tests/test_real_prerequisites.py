"""The prerequisite adapter against the real influencers and training apps (skipped if absent)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tangkal.badges import prerequisites, services
from tangkal.badges.models import Badge

pytestmark = pytest.mark.django_db

influencers = pytest.importorskip("tangkal.influencers.models")
training_services = pytest.importorskip("tangkal.training.services")


def make_profile(user, *, eligible: bool, followers: int):
    profile = influencers.ASNProfile.objects.create(
        user=user, agency=user.agency, nip="198503122010011003", full_name=user.full_name, email=user.email,
        eligible=eligible,
    )
    influencers.SocialAccount.objects.create(
        profile=profile, platform="instagram", handle="@Dinkes_Teladan", profile_url="https://instagram.com/dinkes_teladan",
        verification="verified", verified_at=timezone.now(), followers=followers,
    )
    return profile


def complete_training(user) -> None:
    from tangkal.training.loader import load_curriculum
    from tangkal.training.models import Module, ModuleProgress
    from tangkal.training.selectors import current_version

    load_curriculum()
    version = current_version()
    if version is None:
        pytest.skip("the training app has no curriculum to complete")
    training_services.enrollment_ensure(user=user)
    now = timezone.now()
    for module in Module.objects.filter(course__in=version.courses.all()):
        ModuleProgress.objects.update_or_create(user=user, module=module, defaults={
            "read_at": now, "quiz_passed_at": now, "completed_at": now})
    assert training_services.certificate_issue_if_complete(user=user, now=now) is not None


def test_an_eligible_trained_asn_gets_a_badge_with_real_evidence(actors):
    make_profile(actors.influencer, eligible=True, followers=12000)
    complete_training(actors.influencer)
    report = prerequisites.check(actors.influencer)
    assert report.ok, report.problems
    assert [(a.platform, a.handle, a.followers) for a in report.accounts] == [("instagram", "dinkes_teladan", 12000)]
    badge = services.badge_request(holder=actors.influencer, by=actors.influencer, show_accounts_publicly=True)
    badge = services.badge_approve(badge=badge, by=actors.coord_a)
    assert badge.status == Badge.Status.ACTIVE and badge.tier == "perak"
    evidence = badge.credential["evidence"]
    assert "/pelatihan/sertifikat/" in evidence[0]["id"]
    assert "12.000 pengikut" in evidence[1]["narrative"]


def test_an_ineligible_asn_is_told_why(actors):
    make_profile(actors.influencer, eligible=False, followers=100)
    report = prerequisites.check(actors.influencer)
    assert not report.ok
    assert any("pengikut" in problem for problem in report.problems)
    assert any("pelatihan" in problem for problem in report.problems)
