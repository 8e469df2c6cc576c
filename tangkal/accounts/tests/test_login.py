from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from tangkal.core.models import AuditEntry


def totp_now(device: TOTPDevice, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():06d}"


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


@pytest.mark.django_db
def test_influencer_signs_in_without_second_factor(actors):
    client = Client()
    response = sign_in(client, actors.influencer.email)
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200


@pytest.mark.django_db
def test_it_rejects_a_wrong_password_with_an_indonesian_message(actors):
    response = sign_in(Client(), actors.influencer.email, "salah-sekali")
    assert response.status_code == 200
    assert "Email atau kata sandi salah." in response.content.decode()
    assert AuditEntry.objects.filter(action="auth.login_failed", object_label=actors.influencer.email).exists()


@pytest.mark.django_db
def test_it_locks_the_account_after_repeated_failures(actors, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _attempt in range(3):
        sign_in(Client(), actors.influencer.email, "salah-sekali")
    response = sign_in(Client(), actors.influencer.email)  # right password, but locked
    assert "dikunci sementara" in response.content.decode()
    assert "_auth_user_id" not in Client().session


@pytest.mark.django_db
def test_staff_must_set_up_totp_before_reaching_the_dashboard(actors):
    client = Client()
    sign_in(client, actors.verifier.email)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:2fa_setup"))

    setup_page = client.get(reverse("accounts:2fa_setup"))
    assert "Pasang verifikasi dua langkah" in setup_page.content.decode()
    device = TOTPDevice.objects.get(user=actors.verifier, confirmed=False)
    response = client.post(reverse("accounts:2fa_setup"), {"token": totp_now(device)})
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200
    assert AuditEntry.objects.filter(action="auth.2fa_enabled", actor=actors.verifier).exists()


@pytest.mark.django_db
def test_staff_with_a_device_must_verify_and_replayed_codes_fail(actors):
    device = TOTPDevice.objects.create(user=actors.coord_a, name="hp", confirmed=True)
    first = Client()
    sign_in(first, actors.coord_a.email)
    assert first.get(reverse("core:dashboard"))["Location"].startswith(reverse("accounts:2fa_verify"))
    code = totp_now(device)
    assert first.post(reverse("accounts:2fa_verify"), {"token": code}).status_code == 302
    assert first.get(reverse("core:dashboard")).status_code == 200

    second = Client()
    sign_in(second, actors.coord_a.email)
    replay = second.post(reverse("accounts:2fa_verify"), {"token": code})
    assert replay.status_code == 200
    assert "sudah pernah dipakai" in replay.content.decode()
    assert second.get(reverse("core:dashboard")).status_code == 302


@pytest.mark.django_db
def test_it_rejects_an_expired_totp_code(actors):
    device = TOTPDevice.objects.create(user=actors.admin, name="hp", confirmed=True, tolerance=1)
    client = Client()
    sign_in(client, actors.admin.email)
    stale = totp_now(device, offset_steps=-10)
    response = client.post(reverse("accounts:2fa_verify"), {"token": stale})
    assert response.status_code == 200
    assert client.get(reverse("core:dashboard")).status_code == 302


@pytest.mark.django_db
def test_unverified_staff_get_a_json_error_from_the_api(actors):
    client = Client()
    sign_in(client, actors.verifier.email)
    response = client.get("/api/v1/accounts/me")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "two_factor_required"
