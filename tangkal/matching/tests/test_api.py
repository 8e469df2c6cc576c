"""POST /api/v1/check: ranked matches with scores and the decision; bad input never a 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tangkal.matching.tests.conftest import KELAPA, KELAPA_MESSAGE, LISTRIK, UNRELATED_MESSAGE

pytestmark = pytest.mark.django_db
URL = "/api/v1/check"


def post(payload=None, raw: bytes | None = None, **headers):
    body = raw if raw is not None else json.dumps(payload)
    return Client().post(URL, data=body, content_type="application/json", headers=headers)


def test_a_known_hoax_gets_its_clarification_with_scores(desk):
    clar = desk.publish(**KELAPA)
    desk.publish(**LISTRIK)
    response = post({"text": KELAPA_MESSAGE})
    assert response.status_code == 200
    body = response.json()
    assert body["decision"] == "cocok" and 0.9 <= body["confidence"] <= 1
    best = body["matches"][0]
    assert best["clarification_id"] == str(clar.public_id) and best["slug"] == clar.slug
    assert best["url"].endswith(clar.get_absolute_url()) and best["verdict"] == "SALAH"
    assert best["headline"] == clar.headline and best["score"] >= body["matches"][1]["score"]
    assert body["took_ms"] >= 0 and body["notices"] == []


def test_an_unknown_message_is_answered_honestly(desk):
    desk.publish(**KELAPA)
    body = post({"text": UNRELATED_MESSAGE, "limit": 1}).json()
    assert body["decision"] == "tidak_ditemukan" and body["decision_label"] == "Belum ada klarifikasi"
    assert len(body["matches"]) <= 1


@pytest.mark.parametrize(("payload", "raw", "status"), [
    ({"text": ""}, None, 400),
    ({}, None, 400),
    (None, b"\x00\xff\xfe binary junk \x89PNG", 400),
    (None, b"[1, 2, 3]", 400),
    ({"text": 12345}, None, 422),
    ({"text": "x" * 20001}, None, 422),
    ({"text": "ok", "limit": 99}, None, 422),
])
def test_unusable_requests_get_a_clear_error(payload, raw, status):
    response = post(payload, raw=raw)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] and error["message"]


def test_one_megabyte_is_refused_with_413():
    response = post({"text": "kata " * 200_000})
    assert response.status_code == 413 and "terlalu besar" in response.json()["error"]["message"]


@pytest.mark.parametrize(("text", "notice"), [
    ("😀🔥🙏👇" * 50, "no_words"),
    ("https://bit.ly/abc123", "url_only"),
    ("The government will charge every WhatsApp user for each message they send from next week.",
     "other_language"),
    ("这是一个完全不同语言的句子。" * 20, "other_language"),
    ("kata " * 3000, "truncated"),
])
def test_odd_messages_get_an_answer_and_a_notice(desk, text, notice):
    desk.publish(**KELAPA)
    response = post({"text": text})
    assert response.status_code == 200
    body = response.json()
    assert notice in body["notices"] and body["decision"] != "cocok" and body["messages"]


def test_a_link_alone_is_accepted(desk):
    assert post({"url": "https://bit.ly/abc123"}).json()["notices"] == ["url_only"]


def test_the_api_is_rate_limited(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "check": "2/m"}
    statuses = [post({"text": "listrik padam"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert post({"text": "x"}).json()["error"]["code"] == "rate_limited"


def test_the_schema_documents_the_request_and_every_answer():
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/check"]["post"]
    assert {"200", "400", "413", "422", "429"} <= set(operation["responses"])
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert {"text", "url"} <= set(body["properties"])
    assert operation.get("security") in (None, [], [{}]) or operation["security"] == []
