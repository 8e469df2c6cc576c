from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, login
from tangkal.core.models import AuditEntry

NEW_PASSWORD = "Pelangi-Senja-2026"
NEUTRAL = "Jika email itu terdaftar untuk akun yang aktif"
INVALID_LINK = "Tautan tidak berlaku"


@pytest.fixture
def request_reset(django_capture_on_commit_callbacks):
    """Ask for a link as a visitor would; the mail goes out once the request's transaction commits."""

    def post(client: Client, email: str, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:password_reset"), {"email": email}, **extra)

    return post


@pytest.fixture
def set_new_password(django_capture_on_commit_callbacks):
    """Open a reset link, then send the new password from the form it leads to."""

    def use(client: Client, link: str, password: str = NEW_PASSWORD, confirmation: str | None = None):
        form_page = client.get(link)
        assert form_page.status_code == 302, "a valid link moves the token out of the address bar"
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(form_page["Location"], {
                "new_password1": password, "new_password2": password if confirmation is None else confirmation})

    return use


def link_in(message) -> str:
    url = re.search(r"https?://\S+/akun/lupa-sandi/\S+/", message.body).group(0)
    return urlsplit(url).path


def sign_in(client: Client, email: str, password: str):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def reset_link_for(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:password_reset_confirm",
                   kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)})


@pytest.mark.django_db
def test_the_login_page_offers_a_password_reset():
    page = Client().get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("accounts:password_reset")}"' in page
    assert "Lupa kata sandi?" in page


@pytest.mark.django_db
def test_a_person_resets_a_forgotten_password_and_signs_in_with_the_new_one(actors, request_reset, set_new_password):
    user = actors.influencer
    client = Client()
    response = request_reset(client, user.email.upper())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert NEUTRAL in client.get(response["Location"]).content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Tangkal: atur ulang kata sandi"
    assert "Ada permintaan untuk mengatur ulang kata sandi" in message.body
    assert message.body.startswith(f"Halo {user.full_name},")
    link = link_in(message)
    assert link.startswith("/akun/lupa-sandi/")

    done = set_new_password(client, link)
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert "Kata sandi sudah diganti" in client.get(done["Location"]).content.decode()
    assert "_auth_user_id" not in client.session, "a reset never signs anyone in"

    refused = sign_in(Client(), user.email, PASSWORD)
    assert "Email atau kata sandi salah." in refused.content.decode()
    fresh = Client()
    assert sign_in(fresh, user.email, NEW_PASSWORD).status_code == 302
    assert fresh.get(reverse("core:dashboard")).status_code == 200


@pytest.mark.django_db
def test_an_unknown_email_gets_the_same_answer_and_no_email(actors, request_reset):
    known = request_reset(Client(), actors.influencer.email)
    mail.outbox.clear()
    unknown = request_reset(Client(), "tidak-ada@contoh.go.id")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action="auth.password_reset_requested",
                                         object_label__icontains="tidak-ada").exists()


@pytest.mark.django_db
def test_an_inactive_account_gets_the_same_answer_and_no_email(actors, request_reset):
    user = actors.influencer
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = request_reset(Client(), user.email)
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
    entry = AuditEntry.objects.get(action="auth.password_reset_requested", object_id=str(user.pk))
    assert entry.after == {"email_sent": False}


@pytest.mark.django_db
def test_a_used_link_is_refused_with_a_clear_page(actors, request_reset, set_new_password):
    request_reset(Client(), actors.influencer.email)
    link = link_in(mail.outbox[0])
    assert set_new_password(Client(), link).status_code == 302

    again = Client().get(link)
    assert again.status_code == 200
    assert INVALID_LINK in again.content.decode()
    assert "Minta tautan baru" in again.content.decode()


@pytest.mark.django_db
def test_a_tampered_link_is_refused_and_changes_nothing(actors):
    user = actors.influencer
    good = reset_link_for(user)
    tampered = good.rstrip("/")[:-3] + "xyz/"
    client = Client()
    page = client.get(tampered)
    assert page.status_code == 200
    assert INVALID_LINK in page.content.decode()
    # Posting straight to the form address without having opened a valid link is refused too.
    form_address = good.rsplit("/", 2)[0] + "/sandi-baru/"
    posted = client.post(form_address, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert INVALID_LINK in posted.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_a_link_mailed_before_the_account_was_deactivated_is_refused(actors):
    user = actors.influencer
    link = reset_link_for(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert INVALID_LINK in Client().get(link).content.decode()


@pytest.mark.django_db
def test_a_weak_password_is_refused_with_the_rule_it_breaks(actors):
    user = actors.influencer
    client = Client()
    client.get(reset_link_for(user))
    form_address = reset_link_for(user).rsplit("/", 2)[0] + "/sandi-baru/"

    short = client.post(form_address, {"new_password1": "pendek1", "new_password2": "pendek1"})
    assert short.status_code == 200
    assert "Kata sandi terlalu pendek. Harus mengandung setidaknya 10 karakter." in short.content.decode()

    numeric = client.post(form_address, {"new_password1": "4817290365", "new_password2": "4817290365"})
    assert "Kata sandi ini seluruhnya terdiri dari angka." in numeric.content.decode()

    mismatch = client.post(form_address, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})
    assert "Kedua kata sandi tidak sama." in mismatch.content.decode()

    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="auth.password_reset_completed").exists()


@pytest.mark.django_db
def test_requests_for_one_address_are_rate_limited(actors, settings, request_reset):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset_email": "2/h"}
    codes = [request_reset(Client(), actors.influencer.email, REMOTE_ADDR=f"10.0.0.{n}").status_code
             for n in range(1, 4)]
    assert codes == [302, 302, 429]
    assert len(mail.outbox) == 2
    # An address with no account is limited the same way, so a 429 reveals nothing either.
    codes = [request_reset(Client(), "tidak-ada@contoh.go.id", REMOTE_ADDR=f"10.0.1.{n}").status_code
             for n in range(1, 4)]
    assert codes == [302, 302, 429]


@pytest.mark.django_db
def test_requests_from_one_client_are_rate_limited(actors, settings, request_reset):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset": "2/h"}
    client = Client()
    request_reset(client, "satu@contoh.go.id")
    request_reset(client, "dua@contoh.go.id")
    response = request_reset(client, actors.influencer.email)
    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_staff_still_need_totp_after_a_reset(actors, request_reset, set_new_password):
    user = actors.coord_a
    TOTPDevice.objects.create(user=user, name="hp", confirmed=True)
    client = Client()
    request_reset(client, user.email)
    assert set_new_password(client, link_in(mail.outbox[0])).status_code == 302
    assert client.get(reverse("core:dashboard"))["Location"].startswith(reverse("accounts:login"))

    sign_in(client, user.email, NEW_PASSWORD)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:2fa_verify"))


@pytest.mark.django_db
def test_a_reset_ends_the_users_other_sessions(actors, set_new_password):
    user = actors.verifier
    elsewhere = login(Client(), user)
    assert elsewhere.get(reverse("core:dashboard")).status_code == 200

    set_new_password(Client(), reset_link_for(user))

    response = elsewhere.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_a_reset_lifts_the_login_lockout(actors, settings, set_new_password):
    settings.LOGIN_MAX_FAILURES = 3
    user = actors.influencer
    for _attempt in range(3):
        sign_in(Client(), user.email, "salah-sekali")
    assert "dikunci sementara" in sign_in(Client(), user.email, PASSWORD).content.decode()

    set_new_password(Client(), reset_link_for(user))

    assert sign_in(Client(), user.email, NEW_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_requests_and_completed_resets_are_audited(actors, request_reset, set_new_password):
    user = actors.influencer
    request_reset(Client(), user.email, REMOTE_ADDR="203.0.113.7")
    requested = AuditEntry.objects.get(action="auth.password_reset_requested")
    assert (requested.object_id, requested.actor, requested.ip_address) == (str(user.pk), None, "203.0.113.7")
    assert requested.after == {"email_sent": True}
    assert requested.agency == actors.agency_a

    set_new_password(Client(), link_in(mail.outbox[0]))
    completed = AuditEntry.objects.get(action="auth.password_reset_completed")
    assert (completed.object_id, completed.actor) == (str(user.pk), user)


@pytest.mark.django_db
def test_the_email_is_in_english_for_a_visitor_who_chose_english(actors, request_reset):
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    request_reset(client, actors.influencer.email)
    message = mail.outbox[0]
    assert message.subject == "Tangkal: reset your password"
    assert "Halo" not in message.body
