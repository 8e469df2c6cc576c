import pytest
from django.test import Client

from tangkal.hoaxes.models import Report
from tangkal.hoaxes.tests.conftest import HOAX_TEXT, publish

pytestmark = pytest.mark.django_db


def post(client, payload):
    return client.post("/api/v1/hoaxes/reports", data=payload, content_type="application/json")


def test_anyone_submits_a_report_over_the_api(actors):
    response = post(Client(), {"text": HOAX_TEXT, "platform": "whatsapp", "region_code": "32", "reach": 3})
    assert response.status_code == 201
    body = response.json()
    assert body["state"] in ("received", "checking") and Report.objects.get().tracking_code == body["tracking_code"]
    status = Client().get(f"/api/v1/hoaxes/reports/{body['tracking_code']}")
    assert status.status_code == 200 and status.json()["tracking_code"] == body["tracking_code"]


@pytest.mark.parametrize("payload, code", [
    ({"text": ""}, 400),
    ({"text": "x" * 6000}, 422),
    ({"text": HOAX_TEXT, "url": "javascript:alert(1)"}, 400),
    ({"text": HOAX_TEXT, "platform": "myspace"}, 422),
    ({"text": HOAX_TEXT, "region_code": "99"}, 400),
    ({"text": HOAX_TEXT, "contact_email": "bukan-email"}, 400),
])
def test_bad_reports_are_refused_with_a_json_error_and_nothing_stored(actors, payload, code):
    response = post(Client(), payload)
    assert response.status_code == code
    assert "error" in response.json() and response.json()["error"]["message"]
    assert not Report.objects.exists()


def test_claims_are_for_desk_staff_and_scoped(actors, client_for):
    from tangkal.hoaxes import services
    from tangkal.hoaxes.models import Claim

    report = services.report_submit(text=HOAX_TEXT)
    Claim.objects.filter(pk=report.claim_id).update(agency=actors.agency_a)
    assert client_for("verifier").get("/api/v1/hoaxes/claims").json()["count"] == 1
    assert client_for("coord_a").get("/api/v1/hoaxes/claims").json()["count"] == 1
    assert client_for("coord_b").get("/api/v1/hoaxes/claims").json()["count"] == 0
    assert client_for("influencer").get("/api/v1/hoaxes/claims").status_code == 403
    assert Client().get("/api/v1/hoaxes/claims").status_code == 401


def test_published_clarifications_are_public(actors, second_verifier, hoax_report):
    clar = publish(author=actors.verifier, approver=second_verifier, claim=hoax_report.claim)
    listing = Client().get("/api/v1/hoaxes/clarifications", {"verdict": "HOAKS"}).json()
    assert listing["count"] == 1 and listing["items"][0]["slug"] == clar.slug
    one = Client().get(f"/api/v1/hoaxes/clarifications/{clar.slug}").json()
    assert one["verdict"] == "HOAKS" and one["rating"] == 1 and one["url"].endswith(clar.get_absolute_url())
    assert "author" not in one
    assert "/hoaxes/reports" in Client().get("/api/v1/openapi.json").content.decode()
