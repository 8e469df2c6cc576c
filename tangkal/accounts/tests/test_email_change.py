from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, login, make_user
from tangkal.accounts import services
from tangkal.accounts.models import Role, User
from tangkal.core.models import AuditEntry
from tangkal.influencers.tests.factories import asn

NEW_EMAIL = "dewi.baru@b.go.id"
INVALID_LINK = "Tautan tidak berlaku"
CHANGE_URL = "/akun/email/"


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """Send the "Ganti email" form; the link is mailed once the request's transaction commits."""

    def post(client: Client, new_email: str = NEW_EMAIL, password: str = PASSWORD):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:email_change"), {"new_email": new_email, "password": password})

    return post


@pytest.fixture
def confirm(django_capture_on_commit_callbacks):
    def post(client: Client, link: str):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(link)

    return post


def link_in(message) -> str:
    return urlsplit(re.search(r"https?://\S+/akun/email/konfirmasi/\S+/", message.body).group(0)).path


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def errors_of(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_the_page_is_at_akun_email_and_linked_from_the_dashboard(client_for):
    assert reverse("accounts:email_change") == CHANGE_URL
    for actor in ("influencer", "coord_a", "admin"):
        assert f'href="{CHANGE_URL}"' in client_for(actor).get(reverse("core:dashboard")).content.decode()


@pytest.mark.django_db
def test_a_person_changes_their_email_through_a_link_sent_to_the_new_address(actors, ask, confirm):
    user = actors.influencer
    profile = asn(actors.agency_a, user=user)
    old_email = user.email
    client = login(Client(), user)
    other_device = login(Client(), user)

    response = ask(client, NEW_EMAIL.upper())
    assert response.status_code == 302 and response["Location"] == CHANGE_URL
    assert f"Tautan konfirmasi dikirim ke {NEW_EMAIL}" in client.get(CHANGE_URL).content.decode()
    user.refresh_from_db()
    assert user.email == old_email, "nothing changes until the link is opened"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [NEW_EMAIL]
    assert message.subject == "Tangkal: konfirmasi email baru akun Anda"
    assert f"dari {old_email} ke {NEW_EMAIL}" in message.body
    assert "Tautan berlaku 3 hari" in message.body
    link = link_in(message)

    # Opening the link (as a mail scanner would) only shows what it does.
    page = Client().get(link)
    assert page.status_code == 200 and NEW_EMAIL in page.content.decode()
    user.refresh_from_db()
    assert user.email == old_email

    mail.outbox.clear()
    done = confirm(client, link)
    assert done.status_code == 302 and done["Location"] == CHANGE_URL
    user.refresh_from_db()
    profile.refresh_from_db()
    assert user.email == NEW_EMAIL
    assert profile.email == NEW_EMAIL and profile.email_verified_at is not None
    entry = AuditEntry.objects.get(action="auth.email_changed", object_id=str(user.pk))
    assert entry.actor == user
    assert entry.before == {"email": old_email}
    assert entry.after["email"] == NEW_EMAIL and entry.after["asn_profile_email"] is True

    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == [old_email]
    assert notice.subject == "Tangkal: email akun Anda diganti"
    assert f"Email akun Tangkal Anda diganti dari {old_email} ke {NEW_EMAIL}" in notice.body

    # This browser stays signed in; the other device is signed out.
    assert client.get(reverse("core:dashboard")).status_code == 200
    assert "/akun/masuk/" in other_device.get(reverse("core:dashboard")).headers.get("Location", "")

    assert "Email atau kata sandi salah." in sign_in(Client(), old_email).content.decode()
    assert sign_in(Client(), NEW_EMAIL).status_code == 302


@pytest.mark.django_db
def test_a_link_opened_in_another_browser_changes_the_email_and_sends_to_sign_in(actors, ask, confirm):
    user = actors.coord_a
    ask(login(Client(), user), "humas@a.go.id")
    done = confirm(Client(), link_in(mail.outbox[0]))
    assert done.status_code == 302 and done["Location"] == reverse("accounts:login")
    user.refresh_from_db()
    assert user.email == "humas@a.go.id"


@pytest.mark.django_db
def test_it_rejects_a_wrong_password(actors, ask):
    response = ask(login(Client(), actors.influencer), password="bukan-sandinya")
    assert response.status_code == 200
    assert "Kata sandi salah. Tulis kata sandi yang Anda pakai untuk masuk." in errors_of(response)
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action="auth.email_change_requested").exists()


@pytest.mark.django_db
def test_it_rejects_an_email_another_account_uses(actors, ask):
    response = ask(login(Client(), actors.influencer), actors.coord_b.email.upper())
    assert response.status_code == 200
    assert "Email ini sudah dipakai akun lain." in errors_of(response)
    assert mail.outbox == []


@pytest.mark.django_db
def test_it_rejects_the_current_email(actors, ask):
    response = ask(login(Client(), actors.influencer), actors.influencer.email)
    assert "Ini sudah email akun Anda." in errors_of(response)
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_asn_needs_an_address_their_current_agency_accepts(actors, ask):
    agency_b = actors.agency_b
    agency_b.email_domains, agency_b.short_name = "b.go.id", "UJI-B"
    agency_b.save()
    user = actors.influencer
    asn(agency_b, user=user)  # after a transfer: the profile is at agency B, the login still @a.go.id
    response = ask(login(Client(), user), "asn.lain@a.go.id")
    assert response.status_code == 200
    assert "Gunakan email kerja UJI-B (domain yang diterima: b.go.id)." in errors_of(response)
    assert mail.outbox == []
    assert ask(login(Client(), user), NEW_EMAIL).status_code == 302
    assert [m.to for m in mail.outbox] == [[NEW_EMAIL]]


@pytest.mark.django_db
def test_a_used_link_is_refused(actors, ask, confirm):
    ask(login(Client(), actors.influencer))
    link = link_in(mail.outbox[0])
    confirm(Client(), link)
    again = Client().get(link)
    assert again.status_code == 200 and INVALID_LINK in again.content.decode()
    assert confirm(Client(), link).status_code == 200
    assert AuditEntry.objects.filter(action="auth.email_changed").count() == 1


@pytest.mark.django_db
def test_an_expired_link_is_refused(actors, ask, confirm, monkeypatch):
    from types import SimpleNamespace

    from django.core import signing

    ask(login(Client(), actors.influencer))
    link = link_in(mail.outbox[0])
    later = signing.time.time() + services.EMAIL_CHANGE_MAX_AGE.total_seconds() + 60
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: later))
    response = confirm(Client(), link)
    assert response.status_code == 200 and INVALID_LINK in response.content.decode()
    actors.influencer.refresh_from_db()
    assert actors.influencer.email == "asn@a.go.id"


@pytest.mark.django_db
def test_a_tampered_link_is_refused(actors, ask, confirm):
    ask(login(Client(), actors.influencer))
    link = link_in(mail.outbox[0])
    tampered = link.rstrip("/")[:-3] + "xyz/"
    response = confirm(Client(), tampered)
    assert response.status_code == 200 and INVALID_LINK in response.content.decode()
    actors.influencer.refresh_from_db()
    assert actors.influencer.email == "asn@a.go.id"


@pytest.mark.django_db
def test_a_link_dies_when_the_email_changed_meanwhile(actors, ask, confirm):
    client = login(Client(), actors.influencer)
    ask(client, "pertama@a.go.id")
    ask(client, "kedua@a.go.id")
    first, second = (link_in(m) for m in mail.outbox)
    confirm(Client(), second)
    response = confirm(Client(), first)
    assert INVALID_LINK in response.content.decode()
    actors.influencer.refresh_from_db()
    assert actors.influencer.email == "kedua@a.go.id"


@pytest.mark.django_db
def test_a_link_dies_when_the_password_changed_meanwhile(actors, ask, confirm):
    user = actors.influencer
    ask(login(Client(), user))
    user.set_password("Pelangi-Senja-2026")
    user.save()
    assert INVALID_LINK in confirm(Client(), link_in(mail.outbox[0])).content.decode()


@pytest.mark.django_db
def test_an_address_taken_before_the_link_is_opened_is_refused_then(actors, ask, confirm):
    ask(login(Client(), actors.influencer))
    make_user(NEW_EMAIL, Role.INFLUENCER, actors.agency_b)
    response = confirm(Client(), link_in(mail.outbox[0]))
    assert "Email ini sudah dipakai akun lain." in response.content.decode()
    assert User.objects.get(pk=actors.influencer.pk).email == "asn@a.go.id"


@pytest.mark.django_db
def test_too_many_requests_get_429(actors, ask, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "email_change": "2/h"}
    client = login(Client(), actors.influencer)
    assert ask(client, password="salah-1").status_code == 200
    assert ask(client, password="salah-2").status_code == 200
    assert ask(client).status_code == 429
    assert mail.outbox == []


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in():
    response = Client().get(CHANGE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    response = Client().post(CHANGE_URL, {"new_email": NEW_EMAIL, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_the_transfer_email_points_to_the_page(actors, django_capture_on_commit_callbacks):
    from tangkal.influencers.services import asn_transfer

    profile = asn(actors.agency_a, user=actors.influencer)
    with django_capture_on_commit_callbacks(execute=True):
        asn_transfer(profile=profile, to_agency=actors.agency_b, by=actors.coord_a,
                     reason="SK mutasi nomor 800/123/2025")
    person = next(m for m in mail.outbox if m.to == [actors.influencer.email])
    assert "halaman Ganti email" in person.body
