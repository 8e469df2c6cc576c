"""Proving an X account by signing in with X (OAuth 2.0 + PKCE), end to end against the stand-in."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from django.test import Client
from django.urls import reverse

from conftest import login
from tangkal.connectors import oauth
from tangkal.connectors.base import Identity
from tangkal.connectors.standin.app import x_id
from tangkal.core.models import AuditEntry
from tangkal.influencers.models import SocialAccount, Verification
from tangkal.influencers.social import account_sign_in_verify
from tangkal.influencers.tests.factories import account, asn

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(actors):
    return asn(actors.agency_a, user=actors.influencer)


@pytest.fixture
def client(me):
    return login(Client(), me.user)


@pytest.fixture
def linked(standin, client):
    """An X account the ASN added (so its platform id is known) and has not proven yet."""
    client.post(reverse("influencers:account_add"), {"platform": "x", "handle": "https://x.com/Dewi_900"})
    return SocialAccount.objects.get(platform="x")


def page(account) -> str:
    return reverse("influencers:account", kwargs={"public_id": account.public_id})


def sign_in(client, standin, account, *, as_user: str | None = None, **consent) -> tuple[httpx.Response, str]:
    """Press "Masuk dengan X", let the stand-in's X answer the consent; (X's redirect, callback URL)."""
    standin.x_signed_in = as_user
    start = client.get(reverse("connectors:x_start", kwargs={"public_id": account.public_id}))
    assert start.status_code == 302
    authorize = start["Location"] + ("&" + urlencode(consent) if consent else "")
    with httpx.Client(transport=httpx.WSGITransport(app=standin)) as browser:
        answer = browser.get(authorize)
    assert answer.status_code == 302
    callback = urlsplit(answer.headers["Location"])
    return answer, f"{callback.path}?{callback.query}"


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_the_account_page_offers_masuk_dengan_x_for_an_x_account(linked, client):
    html = client.get(page(linked)).content.decode()
    assert "Masuk dengan X" in html and reverse("connectors:x_start", kwargs={"public_id": linked.public_id}) in html
    assert "Masuk dengan Google" not in html


def test_an_asn_proves_an_x_account_by_signing_in_with_x(linked, client, standin, me):
    _answer, callback = sign_in(client, standin, linked, as_user="Dewi_900")
    response = client.get(callback, follow=True)
    assert response.redirect_chain[0][0] == page(linked)
    assert "terverifikasi lewat X" in messages_of(response)
    linked.refresh_from_db()
    assert (linked.verification, linked.verification_method) == (Verification.VERIFIED, "oauth")
    assert linked.platform_id == x_id("dewi_900")
    entry = AuditEntry.objects.get(action="social.verified")
    assert entry.after == {"verification": "verified", "verification_method": "oauth"}
    assert "@dewi_900" in entry.note
    me.refresh_from_db()
    assert me.eligible  # 900 followers, now on a verified account
    # The access token was only used to read the profile: neither the session nor the audit keeps it.
    (token,) = standin.x_tokens
    assert token not in str(dict(client.session)) and token not in entry.note
    assert oauth.X.session_key not in client.session


def test_signing_in_as_another_x_account_is_refused_naming_both(linked, client, standin):
    _answer, callback = sign_in(client, standin, linked, as_user="budi_lain")
    response = client.get(callback, follow=True)
    text = messages_of(response)
    assert "sebagai @budi_lain" in text and "@dewi_900" in text
    assert response.redirect_chain[0][0] == page(linked)
    linked.refresh_from_db()
    assert linked.verification == Verification.UNVERIFIED
    assert not AuditEntry.objects.filter(action="social.verified").exists()


def test_a_refused_consent_says_so_and_changes_nothing(linked, client, standin):
    answer, callback = sign_in(client, standin, linked, standin_decision="deny")
    assert "error=access_denied" in answer.headers["Location"]
    response = client.get(callback, follow=True)
    assert "tidak memberi izin di X" in messages_of(response)
    assert response.redirect_chain[0][0] == page(linked)
    linked.refresh_from_db()
    assert linked.verification == Verification.UNVERIFIED
    assert oauth.X.session_key not in client.session


def test_a_replayed_callback_is_refused(linked, client, standin, settings):
    other = account(linked.profile, "x", "kedua_600", verified=False, platform_id=x_id("kedua_600"))
    _answer, callback = sign_in(client, standin, other, as_user="kedua_600")
    assert client.get(callback).status_code == 302
    other.refresh_from_db()
    assert other.is_verified
    replay = client.get(callback, follow=True)
    assert "gagal atau sudah kedaluwarsa" in messages_of(replay)
    assert replay.redirect_chain[0][0] == reverse("influencers:home")


def test_a_forged_state_is_refused(linked, client, standin):
    sign_in(client, standin, linked, as_user="dewi_900")
    response = client.get(reverse("connectors:x_callback") + "?code=abc&state=palsu", follow=True)
    assert "gagal atau sudah kedaluwarsa" in messages_of(response)
    linked.refresh_from_db()
    assert linked.verification == Verification.UNVERIFIED


def test_a_code_cannot_be_used_twice(linked, client, standin):
    # The first sign-in (as the wrong account) spends the code at X's token endpoint ...
    _answer, callback = sign_in(client, standin, linked, as_user="budi_lain")
    client.get(callback)
    code = parse_qs(urlsplit(callback).query)["code"][0]
    # ... so bringing it back under a fresh, valid state is refused by X (invalid_grant).
    sign_in(client, standin, linked, as_user="dewi_900")
    state = client.session[oauth.X.session_key]["state"]
    response = client.get(reverse("connectors:x_callback") + "?" + urlencode({"code": code, "state": state}),
                          follow=True)
    assert "gagal atau dibatalkan" in messages_of(response)
    linked.refresh_from_db()
    assert linked.verification == Verification.UNVERIFIED


def test_an_expired_sign_in_is_refused(linked, client, standin):
    _answer, callback = sign_in(client, standin, linked, as_user="dewi_900")
    session = client.session
    session[oauth.X.session_key]["at"] = time.time() - oauth.PENDING_MAX_AGE - 5
    session.save()
    response = client.get(callback, follow=True)
    assert "gagal atau sudah kedaluwarsa" in messages_of(response)
    linked.refresh_from_db()
    assert linked.verification == Verification.UNVERIFIED


def test_x_is_not_offered_when_not_configured(me, client, settings):
    settings.PLATFORM_STANDIN_URL = ""
    settings.X_OAUTH = {**settings.X_OAUTH, "client_id": ""}
    unproven = account(me, "x", "dewi_900", verified=False)
    assert "Masuk dengan X" not in client.get(page(unproven)).content.decode()
    response = client.get(reverse("connectors:x_start", kwargs={"public_id": unproven.public_id}), follow=True)
    assert response.redirect_chain[0][0] == page(unproven)
    assert "belum dikonfigurasi" in messages_of(response)


def test_an_asn_cannot_start_signing_in_for_someone_elses_or_a_non_x_account(me, actors, client, standin):
    theirs = account(asn(actors.agency_a), "x", "orang_lain", verified=False)
    mine_on_instagram = account(me, "instagram", "dewi.ig", verified=False)
    for target in (theirs, mine_on_instagram):
        assert client.get(reverse("connectors:x_start", kwargs={"public_id": target.public_id})).status_code == 404
    assert "Masuk dengan X" not in client.get(page(mine_on_instagram)).content.decode()


def test_an_already_verified_account_is_not_sent_to_x(me, client, standin):
    proven = account(me, "x", "dewi_900", verified=True)
    response = client.get(reverse("connectors:x_start", kwargs={"public_id": proven.public_id}))
    assert response["Location"] == page(proven)


# ---- the matching rule (service) ------------------------------------------------------------------

def test_the_platform_id_decides_so_a_renamed_handle_still_matches_and_is_updated(me):
    renamed = account(me, "x", "dewi_lama", verified=False, platform_id="2244994945")
    verified = account_sign_in_verify(account=renamed, signed_in=Identity("x", "dewi_baru", "2244994945"), by=me.user)
    assert verified.is_verified and verified.handle == "dewi_baru" and verified.profile_url == "https://x.com/dewi_baru"


def test_a_handle_now_held_by_another_x_account_does_not_match(me):
    from django.core.exceptions import ValidationError

    stored = account(me, "x", "dewi", verified=False, platform_id="111")
    with pytest.raises(ValidationError) as caught:
        account_sign_in_verify(account=stored, signed_in=Identity("x", "dewi", "999"), by=me.user)
    assert "@dewi" in caught.value.messages[0]
    stored.refresh_from_db()
    assert not stored.is_verified


def test_without_a_stored_id_the_handle_decides_and_the_id_is_filled_in(me, actors):
    by_handle = account(me, "x", "dewi_900", verified=False)
    stale_claim = account(asn(actors.agency_b), "x", "", verified=False, platform_id="2244994945")
    verified = account_sign_in_verify(account=by_handle, signed_in=Identity("x", "dewi_900", "2244994945"),
                                      by=me.user)
    assert verified.is_verified and verified.platform_id == "2244994945"
    assert not SocialAccount.objects.filter(pk=stale_claim.pk).exists()
    assert AuditEntry.objects.filter(action="social.claim_superseded").exists()
