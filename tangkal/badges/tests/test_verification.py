"""Independent verification by command and API: each failure names the check that failed."""

from __future__ import annotations

import copy
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tangkal.badges import services, verification
from tangkal.badges.images import badge_png, badge_svg
from tangkal.badges.testing import issue_badge
from tangkal.badges.verification import verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def badge(actors):
    return issue_badge(actors.influencer)


def tampered(credential):
    forged = copy.deepcopy(credential)
    forged["validUntil"] = "2099-12-31T00:00:00Z"  # a holder trying to stretch the validity
    return forged


def run_command(*args) -> tuple[int, str]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("verify_credential", *args, stdout=out)
    except SystemExit as exc:
        return int(exc.code), out.getvalue()
    return 0, out.getvalue()


def write(tmp_path, credential, name="credential.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(credential))
    return str(path)


def api_verify(document, **headers):
    return Client().post("/api/v1/badges/verify", data=json.dumps(document), content_type="application/json",
                         headers=headers)


def test_a_valid_credential_passes_every_check(badge, tmp_path):
    code, out = run_command(write(tmp_path, badge.credential))
    assert code == 0
    assert "RESULT: valid" in out
    for name in ("structure", "signature", "validity_period", "status:revocation", "status:suspension"):
        assert f"OK   {name}" in out
    body = api_verify(badge.credential).json()
    assert body["ok"] is True and body["state"] == "valid" and body["failed_check"] is None


def test_a_tampered_credential_fails_the_signature_check(badge, tmp_path):
    code, out = run_command(write(tmp_path, tampered(badge.credential)))
    assert code == 1
    assert "FAIL signature" in out and "signature_invalid" in out
    assert "failed check: signature" in out
    body = api_verify(tampered(badge.credential)).json()
    assert (body["state"], body["failed_check"], body["failed_code"]) == ("tampered", "signature", "signature_invalid")
    signature = next(check for check in body["checks"] if check["name"] == "signature")
    assert "diubah" in signature["explanation"]


def test_an_expired_credential_fails_the_validity_check(badge, tmp_path, monkeypatch):
    later = timezone.now() + timedelta(days=400)
    result = verify(badge.credential, now=later)
    assert result.get("validity_period").code == "expired"
    assert result.get("signature").ok
    monkeypatch.setattr(verification, "clock", lambda: later)
    code, out = run_command(write(tmp_path, badge.credential))
    body = api_verify(badge.credential).json()
    assert code == 1 and "FAIL validity_period" in out and "expired" in out
    assert (body["state"], body["failed_check"], body["failed_code"]) == ("expired", "validity_period", "expired")


def test_a_suspended_credential_fails_the_suspension_check(badge, actors, tmp_path):
    services.badge_suspend(badge=badge, by=actors.admin, reason="Dalam pemeriksaan")
    code, out = run_command("--id", str(badge.public_id))
    assert code == 1 and "FAIL status:suspension" in out and "suspended" in out
    assert "OK   status:revocation" in out
    body = api_verify(badge.credential).json()
    assert (body["state"], body["failed_check"], body["failed_code"]) == ("suspended", "status:suspension",
                                                                         "suspended")


def test_a_revoked_credential_fails_the_revocation_check(badge, actors, tmp_path):
    services.badge_revoke(badge=badge, by=actors.admin, reason="Terbukti melanggar")
    code, out = run_command(write(tmp_path, badge.credential))
    assert code == 1 and "FAIL status:revocation" in out and "revoked" in out
    body = api_verify(badge.credential).json()
    assert (body["state"], body["failed_check"], body["failed_code"]) == ("revoked", "status:revocation", "revoked")


def test_a_credential_from_another_issuer_is_not_resolved_over_the_network(badge):
    forged = copy.deepcopy(badge.credential)
    forged["issuer"]["id"] = "did:web:palsu.example"
    forged["proof"]["verificationMethod"] = "did:web:palsu.example#key-1"
    body = api_verify(forged).json()
    assert body["failed_check"] == "signature"
    assert body["failed_code"] == "verification_method_unresolvable"


def test_baked_png_and_svg_verify_through_the_command(badge, tmp_path):
    texts = {"title": "Influencer Pemerintah", "name": "Asn", "agency": "A", "line": "", "state": "active",
             "state_label": "AKTIF"}
    png = tmp_path / "lencana.png"
    png.write_bytes(badge_png(**texts, credential=badge.credential))
    svg = tmp_path / "lencana.svg"
    svg.write_text(badge_svg(**texts, credential=badge.credential))
    assert run_command(str(png))[0] == 0
    assert run_command(str(svg))[0] == 0


def test_the_api_explains_bad_input_in_indonesian(badge):
    response = Client().post("/api/v1/badges/verify", data="{bukan json", content_type="application/json")
    assert response.status_code == 400
    assert "bukan JSON" in response.json()["error"]["message"]
    body = api_verify(["bukan", "objek"]).json()
    assert body["state"] == "invalid" and body["failed_check"] == "structure"


def test_the_api_caps_the_body_size(badge, settings):
    settings.BADGE_VERIFY_MAX_BYTES = 1024
    response = api_verify({**badge.credential, "padding": "x" * 2000})
    assert response.status_code == 413
    assert "terlalu besar" in response.json()["error"]["message"]


def test_the_api_is_rate_limited(badge, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "badge_verify": "2/m"}
    assert api_verify(badge.credential).status_code == 200
    assert api_verify(badge.credential).status_code == 200
    response = api_verify(badge.credential)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"


def test_the_api_accepts_a_wrapped_credential(badge):
    assert api_verify({"credential": badge.credential}).json()["ok"] is True
