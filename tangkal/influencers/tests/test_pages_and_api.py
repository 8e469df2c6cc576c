import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tangkal.influencers.eligibility import eligibility_recompute
from tangkal.influencers.tests.factories import account, asn

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(actors):
    profile = asn(actors.agency_a, user=actors.influencer)
    account(profile, "instagram", "dewi_430", followers=430)
    eligibility_recompute(profile_ids=[profile.pk])
    return profile


def test_the_asn_page_says_where_they_stand_and_what_to_do(me, client_for):
    page = client_for("influencer").get(reverse("influencers:home")).content.decode()
    assert "Akun Instagram Anda 430 pengikut; minimal 500." in page
    assert "Langkah berikutnya" in page and "style=" not in page and "<script>" not in page


def test_the_account_page_draws_the_follower_history(me, client_for):
    account_obj = me.accounts.get()
    page = client_for("influencer").get(reverse("influencers:account", kwargs={"public_id": account_obj.public_id}))
    assert "<polyline" in page.content.decode()


def test_an_asn_cannot_open_someone_elses_account(me, actors, client_for):
    other = asn(actors.agency_a)
    theirs = account(other, "x", "orang_lain", followers=900)
    url = reverse("influencers:account", kwargs={"public_id": theirs.public_id})
    assert client_for("influencer").get(url).status_code == 404


def test_the_roster_is_filtered_by_stage_and_scoped_to_the_agency(me, actors, client_for):
    asn(actors.agency_b)
    page = client_for("coord_a").get(reverse("influencers:roster"), {"stage": "accounts_verified"}).content.decode()
    assert me.full_name in page
    assert "199001" not in page.replace(me.masked_nip, "")  # NIPs are masked in lists
    page_b = client_for("coord_b").get(reverse("influencers:roster")).content.decode()
    assert me.full_name not in page_b


def test_the_roster_exports_as_csv_and_xlsx(me, actors, client_for):
    asn(actors.agency_b)
    response = client_for("coord_a").get(reverse("influencers:roster_export"), {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    exported = list(csv.DictReader(io.StringIO(body)))
    assert [row["nip"] for row in exported] == [me.nip]
    response = client_for("admin").get(reverse("influencers:roster_export"), {"format": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert len(list(book.active.iter_rows(values_only=True))) == 3


def test_the_api_reports_status_and_eligibility(me, client_for):
    mine = client_for("influencer").get("/api/v1/enrolment/me").json()
    assert mine["eligibility"]["eligible"] is False
    assert mine["eligibility"]["sentence"] == "Akun Instagram Anda 430 pengikut; minimal 500."
    assert mine["accounts"][0]["followers"] == 430 and "nip" not in mine
    detail = client_for("coord_a").get(f"/api/v1/enrolment/asn/{me.public_id}").json()
    assert detail["stage"] == "accounts_verified"
    assert client_for("coord_b").get(f"/api/v1/enrolment/asn/{me.public_id}").status_code == 404
    listed = client_for("coord_a").get("/api/v1/enrolment/asn", {"stage": "accounts_verified"}).json()
    assert [row["id"] for row in listed] == [str(me.public_id)]
    schema = client_for("admin").get("/api/v1/openapi.json").json()
    assert "/api/v1/enrolment/roster-imports" in schema["paths"]


def test_the_policy_page_publishes_a_new_version(actors, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("admin").post(reverse("influencers:policy"), {
            "threshold": 1000, "counting": "sum", "max_snapshot_age_days": 14, "grace_days": 7, "note": ""})
    assert "alasan perubahan" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("admin").post(reverse("influencers:policy"), {
            "threshold": 1000, "counting": "sum", "max_snapshot_age_days": 14, "grace_days": 7, "note": "Uji"})
    assert response.status_code == 302
    assert client_for("influencer").get("/api/v1/enrolment/policy").json()["threshold"] == 1000


def test_the_pages_speak_english_when_asked(me, client_for):
    client = client_for("influencer")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("influencers:home"), headers={"Accept-Language": "en"}).content.decode()
    assert "Your Instagram account has 430 followers; the minimum is 500." in page
    assert "My social accounts" in page
