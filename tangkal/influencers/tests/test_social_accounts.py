import io
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from conftest import login
from tangkal.core.models import AuditEntry
from tangkal.influencers.models import AnomalyFlag, FollowerSnapshot, SocialAccount, Stage, Verification
from tangkal.influencers.refresh import refresh_due
from tangkal.influencers.social import account_measure
from tangkal.influencers.tests.factories import account, asn

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(actors):
    return asn(actors.agency_a, user=actors.influencer)


def add(client, platform, handle):
    return client.post(reverse("influencers:account_add"), {"platform": platform, "handle": handle})


def test_an_asn_adds_an_account_by_pasting_its_url(standin, me, client_for):
    response = add(client_for("influencer"), "instagram", "https://www.instagram.com/Dewi.Sehat_812/?hl=id")
    created = SocialAccount.objects.get()
    assert response["Location"] == reverse("influencers:account", kwargs={"public_id": created.public_id})
    assert (created.handle, created.followers, created.verification) == ("dewi.sehat_812", 812, "unverified")
    assert created.next_refresh_at is not None and FollowerSnapshot.objects.filter(account=created).count() == 1


@pytest.mark.parametrize(("handle", "words"), [
    ("hilang_akun", "tidak ditemukan"),
    ("privat_akun", "privat"),
    ("sibuk_akun", "membatasi"),
    ("rusak_akun", "tidak dapat dihubungi"),
    ("sampah_akun", "tidak dapat dibaca"),
    ("https://x.com/dewi", "bukan tautan TikTok"),
])
def test_platform_trouble_is_explained_and_nothing_is_saved(standin, me, client_for, handle, words):
    response = add(client_for("influencer"), "tiktok", handle)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_an_account_claimed_by_another_asn_is_refused(standin, actors, me, client_for):
    other = asn(actors.agency_b)
    account(other, "x", "dewi_900", verified=False)
    response = add(client_for("influencer"), "x", "https://twitter.com/Dewi_900")
    assert "sudah didaftarkan oleh ASN lain" in response.content.decode()
    assert SocialAccount.objects.count() == 1


def test_the_bio_code_proves_ownership(standin, me, client_for):
    client = client_for("influencer")
    add(client, "instagram", "dewi.sehat_812")
    created = SocialAccount.objects.get()
    client.post(reverse("influencers:bio_code_issue", kwargs={"public_id": created.public_id}))
    created.refresh_from_db()
    assert created.bio_code.startswith("TGK-")
    check = reverse("influencers:bio_code_check", kwargs={"public_id": created.public_id})
    client.post(check)
    created.refresh_from_db()
    assert created.verification == Verification.UNVERIFIED  # not in the bio yet
    standin.bios[("instagram", "dewi.sehat_812")] = f"ASN Kemenkes {created.bio_code}"
    client.post(check)
    created.refresh_from_db()
    me.refresh_from_db()
    assert created.verification == Verification.VERIFIED and created.verification_method == "bio_code"
    assert me.eligible and me.stage == Stage.ELIGIBLE


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return SimpleUploadedFile("bukti.png", buffer.getvalue(), content_type="image/png")


def test_evidence_is_reviewed_by_the_agency_coordinator_and_audited(me, actors, client_for):
    created = account(me, "facebook", "dewi.lestari_700", followers=700, verified=False)
    client = client_for("influencer")
    url = reverse("influencers:evidence_submit", kwargs={"public_id": created.public_id})
    client.post(url, {"evidence": SimpleUploadedFile("bukti.png", b"not an image"), "note": ""})
    created.refresh_from_db()
    assert created.verification == Verification.UNVERIFIED
    client.post(url, {"evidence": png(), "note": "Halaman saya"})
    created.refresh_from_db()
    assert created.verification == Verification.PENDING_EVIDENCE
    review = reverse("influencers:evidence_review", kwargs={"public_id": created.public_id})
    assert client_for("coord_b").post(review, {"decision": "approve"}).status_code == 404
    response = client_for("coord_a").post(review, {"decision": "reject", "note": ""})
    assert "alasan penolakan" in response.content.decode() or response.status_code == 302
    client_for("coord_a").post(review, {"decision": "approve", "note": "Nama dan foto cocok"})
    created.refresh_from_db()
    assert created.verification == Verification.VERIFIED and created.reviewed_by == actors.coord_a
    entry = AuditEntry.objects.get(action="social.verified")
    assert entry.actor == actors.coord_a and entry.before["verification"] == "pending_evidence"


def test_refresh_now_has_a_cooldown(standin, me, client_for):
    created = account(me, "x", "dewi_640", followers=600)
    client = client_for("influencer")
    url = reverse("influencers:account_refresh", kwargs={"public_id": created.public_id})
    client.post(url)
    created.refresh_from_db()
    assert created.followers == 640
    response = client.post(url, follow=True)
    assert "Coba lagi dalam" in response.content.decode()
    assert FollowerSnapshot.objects.filter(account=created).count() == 2


def test_a_jump_in_a_short_window_is_flagged_and_a_coordinator_clears_it(standin, me, actors, client_for):
    created = account(me, "tiktok", "dewi_5000", followers=600)
    account_measure(account=created)
    flag = AnomalyFlag.objects.get(account=created, kind=AnomalyFlag.Kind.JUMP)
    assert flag.detail == {"from": 600, "to": 5000, "hours": 72}
    page = client_for("coord_a").get(reverse("influencers:anomalies")).content.decode()
    assert "Lonjakan pengikut" in page
    assert "Lonjakan" not in client_for("coord_b").get(reverse("influencers:anomalies")).content.decode()
    url = reverse("influencers:anomaly_clear", kwargs={"public_id": flag.public_id})
    client_for("coord_a").post(url, {"note": "Viral karena video vaksin"})
    flag.refresh_from_db()
    assert flag.cleared_by == actors.coord_a and flag.cleared_at is not None


def test_a_count_implausible_for_the_account_age_is_flagged(me):
    from tangkal.connectors.base import Profile
    from tangkal.influencers.social import _record

    young = account(me, "x", "baru_9000", verified=False)
    _record(young, Profile(platform_id="1", handle="baru_9000", followers=9000,
                           created_at=timezone.now() - timedelta(days=5)))
    flag = AnomalyFlag.objects.get(account=young, kind=AnomalyFlag.Kind.IMPLAUSIBLE)
    assert flag.detail == {"followers": 9000, "age_days": 5}
    old = account(me, "x", "lama_9000", verified=False)
    _record(old, Profile(platform_id="2", handle="lama_9000", followers=9000,
                         created_at=timezone.now() - timedelta(days=2000)))
    assert not AnomalyFlag.objects.filter(account=old).exists()


def test_an_account_that_disappeared_or_went_private_is_flagged(standin, me):
    gone = account(me, "instagram", "hilang_dewi", followers=900)
    private = account(me, "youtube", "privat_dewi", followers=900)
    assert account_measure(account=gone) is None and account_measure(account=private) is None
    gone.refresh_from_db()
    private.refresh_from_db()
    assert (gone.status, private.status) == ("gone", "private")
    assert set(AnomalyFlag.objects.values_list("kind", flat=True)) == {"gone", "private"}


def test_the_scheduled_refresh_measures_due_accounts_within_the_budget(standin, me, settings):
    settings.CONNECTORS = {**settings.CONNECTORS, "x": {**settings.CONNECTORS["x"], "rate": "3/1h"}}
    past = timezone.now() - timedelta(minutes=1)
    for n in range(5):
        account(me, "x", f"akun{n}_700", followers=1, next_refresh_at=past)
    stats = refresh_due(platform="x")
    assert stats["measured"] == 3 and stats["stopped"] == "budget"
    assert SocialAccount.objects.filter(next_refresh_at__lte=timezone.now()).count() == 2  # given back
    me.refresh_from_db()
    assert me.eligible


def test_youtube_ownership_by_google_sign_in_end_to_end(standin, me, settings):
    client = login(Client(), me.user)
    start = client.get(reverse("connectors:google_start") + "?hint=dewi_kanal_900")
    assert start.status_code == 302
    authorize = start["Location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["response_type"] == ["code"]
    with httpx.Client(transport=httpx.WSGITransport(app=standin)) as browser:
        consent = browser.get(authorize)
    assert consent.status_code == 302
    callback = urlsplit(consent.headers["Location"])
    response = client.get(f"{callback.path}?{callback.query}")
    created = SocialAccount.objects.get(platform="youtube")
    assert response["Location"] == reverse("influencers:account", kwargs={"public_id": created.public_id})
    assert created.verification == Verification.VERIFIED and created.verification_method == "oauth"
    assert created.handle == "dewi_kanal_900" and created.followers == 900
    replay = client.get(f"{callback.path}?{callback.query}", follow=True)
    assert "gagal atau dibatalkan" in replay.content.decode()


def test_a_forged_oauth_state_is_refused(standin, me):
    client = login(Client(), me.user)
    client.get(reverse("connectors:google_start"))
    response = client.get(reverse("connectors:google_callback") + "?code=abc&state=palsu", follow=True)
    assert "gagal atau dibatalkan" in response.content.decode()
    assert not SocialAccount.objects.exists()
