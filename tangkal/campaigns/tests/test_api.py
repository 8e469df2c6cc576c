from __future__ import annotations

import json

from tangkal.campaigns.models import Assignment


def test_an_influencer_reads_their_assignments_and_submits_a_post(targeted_influencer, make_campaign, client_for):
    campaign = make_campaign("launched")
    code = Assignment.objects.get(campaign=campaign).code
    client = client_for("influencer")
    mine = client.get("/api/v1/campaigns/assignments/mine").json()
    assert [a["code"] for a in mine] == [code]
    assert {i["channel"] for i in mine[0]["kit"]} >= {"x", "whatsapp"}
    bad = client.post(f"/api/v1/campaigns/assignments/{code}/posts", json.dumps({"url": "https://x.com/lain/status/1"}),
                      content_type="application/json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_request"
    good = client.post(f"/api/v1/campaigns/assignments/{code}/posts",
                       json.dumps({"url": "https://x.com/asn_a/status/123"}), content_type="application/json")
    assert good.status_code == 201 and good.json()["status"] == "accepted"


def test_launch_through_the_api_twice_answers_conflict(actors, make_campaign, influencer_factory, client_for):
    influencer_factory()
    campaign = make_campaign("approved")
    client = client_for("admin")
    first = client.post(f"/api/v1/campaigns/{campaign.public_id}/launch", content_type="application/json")
    second = client.post(f"/api/v1/campaigns/{campaign.public_id}/launch", content_type="application/json")
    assert first.status_code == 200 and first.json()["assignments"] == 1
    assert second.status_code == 409
    assert Assignment.objects.filter(campaign=campaign).count() == 1


def test_metrics_for_a_coordinator_are_scoped_to_their_agency(actors, make_campaign, influencer_factory, client_for):
    influencer_factory(actors.agency_a)
    influencer_factory(actors.agency_b)
    campaign = make_campaign("launched")
    data = client_for("coord_b").get(f"/api/v1/campaigns/{campaign.public_id}/metrics").json()
    assert data["assignments"] == 1 and data["scoped_to_agency"] is True
    assert [g["label"] for g in data["by_agency"]] == ["Instansi Uji B"]


def test_the_openapi_document_lists_the_campaign_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/campaigns/{public_id}/metrics" in paths
    assert "/api/v1/campaigns/assignments/{code}/posts" in paths


def test_pages_speak_english_when_chosen(actors, client_for, settings):
    client = client_for("influencer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/tugas/").content.decode()
    assert "Campaign tasks" in html and "No campaigns waiting" in html
