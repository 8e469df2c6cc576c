from datetime import timedelta

import pytest
from django.utils import timezone

from tangkal.core.models import AuditEntry
from tangkal.influencers.eligibility import eligibility_recompute, explain, policy_current, policy_set
from tangkal.influencers.models import EligibilityDecision, EligibilityPolicy, Reason, SocialAccount, Stage
from tangkal.influencers.selectors import eligible_influencers, is_eligible, latest_decision
from tangkal.influencers.tests.factories import account, asn

pytestmark = pytest.mark.django_db


def recompute(profile, **kwargs):
    eligibility_recompute(profile_ids=[profile.pk], **kwargs)
    profile.refresh_from_db()
    return profile


def test_500_followers_on_a_verified_account_makes_an_asn_eligible(actors):
    profile = asn(actors.agency_a)
    account(profile, "instagram", followers=500)
    assert is_eligible(recompute(profile))
    assert profile.stage == Stage.ELIGIBLE
    decision = latest_decision(profile)
    assert decision.eligible and decision.reason == Reason.OK and decision.policy.version == 1


def test_the_decision_is_explained_in_plain_words(actors):
    profile = asn(actors.agency_a)
    account(profile, "instagram", followers=430)
    account(profile, "x", followers=120)
    recompute(profile)
    assert not is_eligible(profile)
    words = explain(profile)
    assert words["sentence"] == "Akun Instagram Anda 430 pengikut; minimal 500."
    assert profile.stage == Stage.ACCOUNTS_VERIFIED


def test_unverified_and_stale_accounts_do_not_count(actors):
    profile = asn(actors.agency_a)
    account(profile, followers=9000, verified=False)
    assert recompute(profile).eligibility_reason == Reason.NO_VERIFIED_ACCOUNT
    account(profile, "x", followers=9000, measured_days_ago=45)
    assert recompute(profile).eligibility_reason == Reason.STALE
    assert not is_eligible(profile)


def test_an_account_that_disappeared_does_not_count(actors):
    profile = asn(actors.agency_a)
    account(profile, followers=900, status=SocialAccount.Status.GONE)
    assert recompute(profile).eligibility_reason == Reason.NO_VERIFIED_ACCOUNT


def test_an_inactive_asn_is_not_eligible(actors):
    profile = asn(actors.agency_a, is_active=False)
    account(profile, followers=900)
    assert recompute(profile).eligibility_reason == Reason.INACTIVE
    assert not is_eligible(profile)


def test_the_sum_policy_adds_verified_accounts(actors):
    profile = asn(actors.agency_a)
    account(profile, "instagram", followers=300)
    account(profile, "tiktok", followers=250)
    assert not is_eligible(recompute(profile))
    policy = EligibilityPolicy.objects.create(version=2, counting=EligibilityPolicy.Counting.SUM)
    assert is_eligible(recompute(profile, policy=policy))
    assert profile.counted_followers == 550


def test_a_dip_starts_a_grace_period_so_the_status_does_not_flap(actors):
    profile = asn(actors.agency_a)
    insta = account(profile, followers=520)
    recompute(profile)
    SocialAccount.objects.filter(pk=insta.pk).update(followers=480)
    recompute(profile)
    assert is_eligible(profile) and profile.eligibility_reason == Reason.GRACE
    assert "masa tenggang" in explain(profile)["sentence"]
    SocialAccount.objects.filter(pk=insta.pk).update(followers=505)
    assert recompute(profile).eligibility_reason == Reason.OK and profile.below_since is None
    SocialAccount.objects.filter(pk=insta.pk).update(followers=490)
    recompute(profile)
    later = timezone.now() + timedelta(days=15)
    SocialAccount.objects.filter(pk=insta.pk).update(followers_measured_at=later)
    recompute(profile, now=later)
    assert not is_eligible(profile) and profile.eligibility_reason == Reason.BELOW
    reasons = list(EligibilityDecision.objects.filter(profile=profile).order_by("id").values_list("reason", flat=True))
    assert reasons == ["ok", "grace", "ok", "grace", "below_threshold"]


def test_a_decision_is_stored_only_when_the_outcome_changes(actors):
    profile = asn(actors.agency_a)
    insta = account(profile, followers=800)
    recompute(profile)
    SocialAccount.objects.filter(pk=insta.pk).update(followers=810)
    recompute(profile)
    assert EligibilityDecision.objects.filter(profile=profile).count() == 1
    assert profile.counted_followers == 810


def test_a_new_policy_is_audited_and_recomputes_everyone(actors, django_capture_on_commit_callbacks):
    profiles = [asn(actors.agency_a) for _i in range(3)]
    for p, followers in zip(profiles, [450, 550, 700], strict=True):
        account(p, followers=followers)
    eligibility_recompute()
    assert eligible_influencers().count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        policy = policy_set(threshold=600, counting="largest", max_snapshot_age_days=30, grace_days=0,
                            note="Naikkan ambang", by=actors.admin)
    assert policy.version == 2 and policy_current() == policy
    assert eligible_influencers().count() == 1  # the task ran after commit (immediate backend)
    assert EligibilityDecision.objects.filter(policy=policy).count() == 3
    entry = AuditEntry.objects.get(action="eligibility.policy_set")
    assert entry.before["threshold"] == 500 and entry.after["threshold"] == 600


def test_trained_and_badged_stages_are_left_to_their_apps(actors):
    profile = asn(actors.agency_a, stage=Stage.BADGED)
    account(profile, followers=100)
    recompute(profile)
    assert profile.stage == Stage.BADGED and not is_eligible(profile)


def test_targeting_by_platform_and_follower_tier(actors):
    big = asn(actors.agency_a)
    account(big, "tiktok", followers=12000)
    small = asn(actors.agency_b)
    account(small, "instagram", followers=600)
    eligibility_recompute()
    assert set(eligible_influencers(platform="tiktok")) == {big}
    assert set(eligible_influencers(min_followers=1000)) == {big}
    assert set(eligible_influencers(agency=actors.agency_b)) == {small}
