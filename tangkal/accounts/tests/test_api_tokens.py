from __future__ import annotations

import pytest
from django.test import Client

from conftest import login
from tangkal.accounts.models import APIToken
from tangkal.core.models import AuditEntry


@pytest.mark.django_db
def test_a_coordinator_creates_a_token_shown_once_and_stored_hashed(actors):
    client = login(Client(), actors.coord_a)
    response = client.post("/akun/token-api/", {"name": "Dasbor humas", "scope": "read"})
    body = response.content.decode()
    token = APIToken.objects.get(user=actors.coord_a)
    raw = body.split('id="new-token" readonly value="')[1].split('"')[0]
    assert raw.startswith("tgk_") and raw not in token.token_hash
    assert AuditEntry.objects.filter(action="api_token.create", actor=actors.coord_a).exists()
    me = Client().get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {raw}"})
    assert me.json()["agency_code"] == actors.agency_a.code


@pytest.mark.django_db
def test_a_read_token_cannot_write_and_a_revoked_token_is_refused(actors):
    token, raw = APIToken.issue(user=actors.admin, name="mitra", scope=APIToken.Scope.READ)
    headers = {"Authorization": f"Bearer {raw}"}
    assert Client().get("/api/v1/accounts/me", headers=headers).status_code == 200
    client = login(Client(), actors.admin)
    client.post(f"/akun/token-api/{token.public_id}/cabut/")
    refused = Client().get("/api/v1/accounts/me", headers=headers)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthenticated"


@pytest.mark.django_db
def test_nobody_revokes_someone_elses_token(actors):
    token, _raw = APIToken.issue(user=actors.coord_a, name="a")
    response = login(Client(), actors.coord_b).post(f"/akun/token-api/{token.public_id}/cabut/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db
def test_a_token_is_rate_limited(actors, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_token": "2/m"}
    _token, raw = APIToken.issue(user=actors.admin, name="cepat")
    headers = {"Authorization": f"Bearer {raw}"}
    codes = [Client().get("/api/v1/accounts/me", headers=headers).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
