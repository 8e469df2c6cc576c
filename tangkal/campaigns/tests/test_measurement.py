from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from tangkal.campaigns import clicks, points, posts, selectors
from tangkal.campaigns.models import Assignment, ClickDaily, LeaderboardOptOut, Notification


def test_dashboard_times_share_rate_reach_and_clicks(actors, make_campaign, influencer_factory):
    people = [influencer_factory(accounts=(("x", f"orang{i}", 1000 * (i + 1)),)) for i in range(4)]
    campaign = make_campaign("launched")
    launched = campaign.launched_at
    for minutes, person in zip((5, 30), people[:2], strict=True):
        a = Assignment.objects.get(campaign=campaign, user=person)
        posts.post_submit(assignment=a, url=f"https://x.com/{person.asn_profile.accounts.get().handle}/status/{minutes}",
                          by=person)
        Assignment.objects.filter(pk=a.pk).update(posted_at=launched + timedelta(minutes=minutes))
    a0 = Assignment.objects.get(campaign=campaign, user=people[0])
    ClickDaily.objects.create(assignment=a0, day=clicks.today(), channel="x", clicks=40, unique_visitors=25)
    m = selectors.metrics(campaign=campaign, user=actors.admin)
    assert (m["total"], m["posted"], m["share_rate"]) == (4, 2, 50.0)
    assert m["first_share_minutes"] == 5.0 and m["half_minutes"] == 30.0
    assert m["reach"] == 1000 + 2000
    assert (m["clicks"], m["unique"]) == (40, 25)
    assert m["by_platform"][0]["label"] == "x" and m["by_platform"][0]["posts"] == 2
    assert m["top"][0]["c"] == 40


def test_leaderboards_respect_opt_out_and_scope(actors, influencer_factory):
    a1, a2 = influencer_factory(actors.agency_a), influencer_factory(actors.agency_a)
    b1 = influencer_factory(actors.agency_b)
    points.award(user=a1, reason="speed", source="x:1", points=10)
    points.award(user=a2, reason="training", source="t:1", points=30)
    points.award(user=b1, reason="report", source="r:1", points=20)
    assert points.award(user=a1, reason="speed", source="x:1", points=10) is None  # once per source
    assert [r["user_id"] for r in points.leaderboard()] == [a2.pk, b1.pk, a1.pk]
    assert [r["user_id"] for r in points.leaderboard(scope="agency", agency_id=actors.agency_b.pk)] == [b1.pk]
    LeaderboardOptOut.objects.create(user=a2)
    assert a2.pk not in [r["user_id"] for r in points.leaderboard()]
    assert points.total_for(a2) == 30


def test_the_influencers_record_shows_speed_clicks_and_points(targeted_influencer, make_campaign, client_for):
    campaign = make_campaign("launched")
    a = Assignment.objects.get(campaign=campaign)
    posts.post_submit(assignment=a, url="https://x.com/asn_a/status/42", by=targeted_influencer)
    ClickDaily.objects.create(assignment=a, day=clicks.today(), clicks=7, unique_visitors=5)
    r = selectors.record(user=targeted_influencer)
    assert (r["assigned"], r["posted"], r["clicks"], r["points"], r["within_hour"]) == (1, 1, 7, 10, 1)
    response = client_for("influencer").post("/tugas/rekam-jejak/", {"topics": ["kesehatan", "bencana"],
                                                                     "leaderboard_opt_out": "on"})
    assert response.status_code == 302
    assert set(targeted_influencer.campaign_topics.values_list("topic", flat=True)) == {"kesehatan", "bencana"}
    assert LeaderboardOptOut.objects.filter(user=targeted_influencer).exists()


def test_a_correction_of_the_clarification_notifies_everyone_who_shared(actors, clarification, targeted_influencer,
                                                                      influencer_factory, make_campaign,
                                                                      django_capture_on_commit_callbacks):
    from tangkal.hoaxes.models import Clarification
    from tangkal.hoaxes.signals import clarification_corrected

    silent = influencer_factory()
    campaign = make_campaign("launched", kind="counter_hoax", clarification_public_id=clarification.public_id)
    shared = Assignment.objects.get(campaign=campaign, user=targeted_influencer)
    posts.post_submit(assignment=shared, url="https://x.com/asn_a/status/77", by=targeted_influencer)
    mail.outbox.clear()

    class Correction:
        note = "Angka yang benar 12 provinsi, bukan 21."
        revision = 2

    with django_capture_on_commit_callbacks(execute=True):
        clarification_corrected.send(sender=Clarification, clarification=clarification, correction=Correction())
    notes = Notification.objects.filter(kind=Notification.Kind.CORRECTED)
    assert [n.user for n in notes] == [targeted_influencer]
    assert "12 provinsi" in notes[0].message and notes[0].sent_at
    assert [m.to for m in mail.outbox] == [[targeted_influencer.email]]
    assert not Notification.objects.filter(user=silent, kind="corrected").exists()
    with django_capture_on_commit_callbacks(execute=True):  # the same correction again: nothing new
        clarification_corrected.send(sender=Clarification, clarification=clarification, correction=Correction())
    assert Notification.objects.filter(kind=Notification.Kind.CORRECTED).count() == 1


def test_past_deadline_assignments_expire(actors, make_campaign, influencer_factory):
    from tangkal.campaigns.tasks import expire_assignments

    influencer_factory()
    campaign = make_campaign("launched")
    Assignment.objects.filter(campaign=campaign).update(deadline_at=timezone.now() - timedelta(minutes=1))
    expire_assignments.call()
    assert Assignment.objects.get(campaign=campaign).status == "expired"


def test_influencers_earn_points_for_training_and_for_reports_that_led_to_a_debunk(actors, clarification):
    from tangkal.campaigns.models import PointEntry
    from tangkal.campaigns.receivers import on_certificate_saved, on_clarification_published
    from tangkal.hoaxes.models import Claim, Report

    claim = Claim.objects.create(title="Vaksin berisi chip")
    Report.objects.create(text="vaksin ada chipnya", claim=claim, reporter=actors.influencer)
    Report.objects.create(text="vaksin ada chipnya!!", claim=claim, reporter=actors.influencer)
    clarification.claim = claim
    assert on_clarification_published(None, clarification=clarification) == 1
    assert on_clarification_published(None, clarification=clarification) == 0  # once per claim
    clarification.verdict = "BENAR"
    other = Claim.objects.create(title="Benar")
    Report.objects.create(text="x", claim=other, reporter=actors.influencer)
    clarification.claim = other
    assert on_clarification_published(None, clarification=clarification) == 0

    class Certificate:
        pk, user, revoked_at = 7, actors.influencer, None

    on_certificate_saved(None, instance=Certificate, created=True)
    reasons = sorted(PointEntry.objects.filter(user=actors.influencer).values_list("reason", "points"))
    assert reasons == [("accuracy", 5), ("training", 20)]
