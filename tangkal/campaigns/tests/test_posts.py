from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tangkal.campaigns import posts
from tangkal.campaigns.models import Assignment, Notification, PointEntry, PostSubmission


@pytest.fixture
def assignment(targeted_influencer, make_campaign, influencer_factory):
    influencer_factory()  # someone else in the campaign, with their own X account
    campaign = make_campaign("launched")
    return Assignment.objects.get(campaign=campaign, user=targeted_influencer)


def submit(assignment, url):
    return posts.post_submit(assignment=assignment, url=url, by=assignment.user)


def test_a_post_of_one_of_my_verified_accounts_is_accepted_and_earns_speed_points(assignment):
    post = submit(assignment, "https://x.com/ASN_A/status/1790000000000000001?s=20")
    assignment.refresh_from_db()
    assert assignment.status == "posted" and assignment.posted_at
    assert post.platform == "x" and post.followers == 2000 and post.account_label == "@asn_a"
    assert post.normalized_url == "https://x.com/i/status/1790000000000000001"
    entry = PointEntry.objects.get(user=assignment.user)
    assert (entry.reason, entry.points) == ("speed", 10)


def test_a_post_of_someone_elses_account_is_refused_with_my_handles_named(assignment):
    with pytest.raises(ValidationError) as error:
        submit(assignment, "https://x.com/orang_lain/status/1790000000000000001")
    assert "@asn_a" in str(error.value)
    assert not PostSubmission.objects.exists()
    assignment.refresh_from_db()
    assert assignment.status == "pending"


def test_a_post_on_a_platform_where_i_have_no_verified_account_is_refused(assignment):
    with pytest.raises(ValidationError, match="belum punya akun TikTok"):
        submit(assignment, "https://www.tiktok.com/@asn_a/video/7300000000000000000")


def test_a_link_that_is_not_a_post_of_a_known_platform_is_refused(assignment):
    for url in ("https://contoh.id/berita/1", "bukan tautan", ""):
        with pytest.raises(ValidationError):
            submit(assignment, url)
    assert not PostSubmission.objects.exists()


def test_the_same_post_cannot_be_submitted_twice(assignment):
    submit(assignment, "https://x.com/asn_a/status/1790000000000000001")
    with pytest.raises(ValidationError, match="sudah pernah dikirim"):
        submit(assignment, "https://twitter.com/asn_a/status/1790000000000000001/?utm_source=wa")
    assert PostSubmission.objects.count() == 1


def test_one_proof_per_platform_per_campaign(assignment):
    submit(assignment, "https://x.com/asn_a/status/1790000000000000001")
    with pytest.raises(ValidationError, match="sudah mengirim bukti posting X"):
        submit(assignment, "https://x.com/asn_a/status/1790000000000000002")


def test_a_facebook_post_is_measured_but_never_earns_points(assignment):
    post = submit(assignment, "https://www.facebook.com/asn.a.fb/posts/123456789")
    assert post.platform == "facebook"
    assert not PointEntry.objects.exists()
    submit(assignment, "https://www.instagram.com/asn_a.ig/p/C1AbCdEfGhI/")
    assert PointEntry.objects.get().reason == "speed"


def test_a_late_post_counts_but_earns_no_speed_points(assignment):
    Assignment.objects.filter(pk=assignment.pk).update(created_at=timezone.now() - timedelta(hours=8),
                                                      deadline_at=timezone.now() - timedelta(hours=2))
    assignment.refresh_from_db()
    submit(assignment, "https://x.com/asn_a/status/1790000000000000001")
    assert not PointEntry.objects.exists()


def test_only_the_influencer_of_the_assignment_may_submit(assignment, actors):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        posts.post_submit(assignment=assignment, url="https://x.com/asn_a/status/1", by=actors.coord_a)


def test_declining_needs_a_reason_and_closes_the_assignment(assignment):
    with pytest.raises(ValidationError, match="alasan"):
        posts.assignment_decline(assignment=assignment, reason=" ", by=assignment.user)
    posts.assignment_decline(assignment=assignment, reason="Tidak sempat", by=assignment.user)
    assignment.refresh_from_db()
    assert assignment.status == "declined" and assignment.decline_reason == "Tidak sempat"
    with pytest.raises(ValidationError):
        submit(assignment, "https://x.com/asn_a/status/1790000000000000001")


class FakeReader:
    """A connector that can read posts: knows which post ids still exist."""

    def __init__(self, existing):
        self.existing = existing

    def __call__(self, url, account):
        from tangkal.connectors.base import ConnectorError

        if not any(post_id in url for post_id in self.existing):
            raise ConnectorError("not_found")
        return {"author_handle": account.handle, "likes": 12, "reposts": 3}


def test_a_link_to_a_deleted_post_is_marked_and_the_influencer_is_told(assignment, monkeypatch,
                                                                     django_capture_on_commit_callbacks):
    monkeypatch.setattr(posts, "post_reader", lambda platform: FakeReader(existing={"111"}))
    with django_capture_on_commit_callbacks(execute=True):
        deleted = submit(assignment, "https://x.com/asn_a/status/999")
    deleted.refresh_from_db()
    assignment.refresh_from_db()
    assert deleted.status == PostSubmission.Status.REMOVED
    assert assignment.status == "pending" and not PointEntry.objects.exists()
    note = Notification.objects.get(user=assignment.user, kind=Notification.Kind.POST_REMOVED)
    assert "tidak ditemukan" in note.message
    with django_capture_on_commit_callbacks(execute=True):
        live = submit(assignment, "https://x.com/asn_a/status/111")
    live.refresh_from_db()
    assert live.status == "accepted" and live.metrics == {"likes": 12, "reposts": 3}


def test_the_kit_page_reports_a_deleted_post_clearly(assignment, client_for, monkeypatch):
    monkeypatch.setattr(posts, "post_reader", lambda platform: FakeReader(existing=set()))
    client = client_for("influencer")
    response = client.post(f"/tugas/{assignment.code}/posting/", {"url": "https://x.com/asn_a/status/5"}, follow=True)
    # On the test database tasks run after commit of the request; the page then shows the outcome.
    assert response.status_code == 200


def test_the_kit_page_shows_share_intents_with_the_personal_link(assignment, client_for):
    response = client_for("influencer").get(f"/tugas/{assignment.code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "twitter.com/intent/tweet" in html and "facebook.com/sharer/sharer.php" in html
    assert "wa.me/?text=" in html and "t.me/share/url" in html
    assert f"/s/{assignment.code}x" in html and f"/s/{assignment.code}w" in html
    assert "data-copy=" in html and "<script>" not in html and "style=" not in html
    assignment.refresh_from_db()
    assert assignment.seen_at is not None


def test_someone_elses_kit_is_not_found(assignment, client_for, influencer_factory):
    other = Assignment.objects.exclude(pk=assignment.pk).get()
    assert client_for("influencer").get(f"/tugas/{other.code}/").status_code == 404


def test_the_inbox_lists_the_most_urgent_first(targeted_influencer, make_campaign, client_for):
    first = make_campaign("launched", headline="Kampanye lama", deadline_hours=12)
    second = make_campaign("launched", headline="Kampanye mendesak", deadline_hours=1)
    html = client_for("influencer").get("/tugas/").content.decode()
    assert html.index(second.headline) < html.index(first.headline)
