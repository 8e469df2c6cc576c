from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tangkal.campaigns import launch, services
from tangkal.campaigns.models import Assignment, Campaign, Notification
from tangkal.core.models import AuditEntry


def test_launch_creates_one_assignment_notification_and_email_per_targeted_influencer(
        actors, make_campaign, influencer_factory):
    people = [influencer_factory() for _ in range(3)]
    campaign = make_campaign("launched")
    assert campaign.status == Campaign.Status.LAUNCHED
    assert campaign.assignments_count == 3
    assignments = Assignment.objects.filter(campaign=campaign)
    assert {a.user for a in assignments} == set(people)
    assert all(len(a.code) == 12 and a.deadline_at > a.created_at for a in assignments)
    assert len({a.code for a in assignments}) == 3
    assert Notification.objects.filter(campaign=campaign, kind="launched").count() == 3
    assert len(mail.outbox) == 3
    assert all(a.notified_at for a in Assignment.objects.filter(campaign=campaign))
    assert AuditEntry.objects.filter(action="campaign.launch", object_id=str(campaign.pk)).exists()


def test_a_second_launch_of_the_same_campaign_is_refused_and_creates_nothing(actors, make_campaign,
                                                                          influencer_factory):
    influencer_factory()
    campaign = make_campaign("launched")
    with pytest.raises(launch.AlreadyLaunched):
        launch.campaign_launch(campaign=campaign, by=actors.admin)
    assert Assignment.objects.filter(campaign=campaign).count() == 1
    assert len(mail.outbox) == 1


def test_assignments_are_unique_per_campaign_and_influencer(actors, make_campaign, influencer_factory):
    influencer_factory()
    campaign = make_campaign("launched")
    first = Assignment.objects.get(campaign=campaign)
    with pytest.raises(IntegrityError):
        Assignment.objects.create(campaign=campaign, user=first.user, code="0123456789ab", deadline_at=first.deadline_at)


def test_suspended_expired_and_unbadged_influencers_are_never_targeted(actors, make_campaign, influencer_factory):
    good = influencer_factory()
    influencer_factory(badge_status="suspended")
    influencer_factory(badge_valid_days=-1)
    influencer_factory(badge=False)
    influencer_factory(eligible=False)
    campaign = make_campaign("launched")
    assert list(Assignment.objects.filter(campaign=campaign).values_list("user", flat=True)) == [good.pk]


def test_targeting_by_agency_platform_and_tier_with_estimated_reach(actors, make_campaign, influencer_factory):
    from tangkal.campaigns.targeting import Criteria, estimate

    a_x = influencer_factory(accounts=(("x", None, 1000), ("instagram", None, 50000)))
    influencer_factory(accounts=(("instagram", None, 2000),))
    influencer_factory(actors.agency_b, accounts=(("x", None, 700),))
    assert estimate(Criteria(agencies=[actors.agency_a.pk], platforms=["x"])) == {"influencers": 1, "reach": 1000}
    assert estimate(Criteria(agencies=[actors.agency_a.pk])) == {"influencers": 2, "reach": 53000}
    assert estimate(Criteria(tiers=["mikro"]))["influencers"] == 1
    campaign = make_campaign("launched", targeting={"agencies": [actors.agency_a.pk], "platforms": ["x"]})
    assignment = Assignment.objects.get(campaign=campaign)
    assert assignment.user == a_x and assignment.followers == 1000 and assignment.agency == actors.agency_a


def test_targeting_by_topic_of_expertise(actors, make_campaign, influencer_factory):
    from tangkal.campaigns.models import Expertise

    health = influencer_factory()
    influencer_factory()
    Expertise.objects.create(user=health, topic="kesehatan")
    campaign = make_campaign("launched", targeting={"topics": ["kesehatan"]})
    assert list(campaign.assignments.values_list("user", flat=True)) == [health.pk]


def test_a_coordinators_campaign_only_reaches_their_agency(actors, make_campaign, influencer_factory):
    mine = influencer_factory(actors.agency_a)
    influencer_factory(actors.agency_b)
    campaign = make_campaign("launched", by=actors.coord_a, approver=actors.admin,
                             targeting={"agencies": [actors.agency_b.pk]})
    assert campaign.targeting["agencies"] == [actors.agency_a.pk]
    assert list(campaign.assignments.values_list("user", flat=True)) == [mine.pk]


def test_the_creator_cannot_approve_their_own_campaign(actors, make_campaign):
    campaign = make_campaign("pending_approval", by=actors.verifier)
    with pytest.raises(ValidationError):
        services.campaign_approve(campaign=campaign, by=actors.verifier)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.PENDING_APPROVAL


def test_an_unapproved_campaign_cannot_be_launched(actors, make_campaign, influencer_factory):
    influencer_factory()
    campaign = make_campaign("pending_approval")
    with pytest.raises(ValidationError):
        launch.campaign_launch(campaign=campaign, by=actors.admin)
    assert not Assignment.objects.exists()


def test_a_failure_during_launch_leaves_nothing_half_created(actors, make_campaign, influencer_factory, monkeypatch):
    influencer_factory()
    campaign = make_campaign("approved")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(launch, "_insert_notifications", broken)
    with pytest.raises(RuntimeError):
        launch.campaign_launch(campaign=campaign, by=actors.admin)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.APPROVED
    assert not Assignment.objects.exists() and not Notification.objects.exists() and not mail.outbox


def test_counter_hoax_campaign_is_built_from_a_published_clarification(actors, clarification):
    campaign = services.campaign_create(by=actors.verifier, kind="counter_hoax",
                                        clarification_public_id=clarification.public_id)
    assert campaign.stamp == "HOAKS"
    assert campaign.headline == clarification.headline
    assert campaign.link_url.endswith(clarification.get_absolute_url())
    assert set(campaign.kit) == {"x", "instagram", "facebook", "tiktok", "whatsapp", "telegram"}


def test_an_unpublished_clarification_cannot_become_a_campaign(actors, clarification):
    clarification.status = "draft"
    clarification.published_at = None
    clarification.save()
    with pytest.raises(ValidationError, match="terbit"):
        services.campaign_create(by=actors.verifier, kind="counter_hoax",
                                 clarification_public_id=clarification.public_id)
    with pytest.raises(ValidationError):
        services.campaign_create(by=actors.verifier, kind="counter_hoax", clarification_public_id="bukan-uuid")


def test_the_clarification_button_partial_links_to_the_create_page(actors, clarification, client_for):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = actors.verifier
    html = render_to_string("campaigns/_clarification_button.html", {"clarification": clarification,
                                                                     "user": actors.verifier}, request=request)
    assert f"/kampanye/baru/?klarifikasi={clarification.public_id}" in html
    page = client_for("verifier").get(f"/kampanye/baru/?klarifikasi={clarification.public_id}")
    assert page.status_code == 200 and clarification.headline in page.content.decode()
