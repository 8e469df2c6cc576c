import pytest

from tangkal.training import services
from tangkal.training.models import Module

pytestmark = pytest.mark.django_db


def test_my_progress_over_the_api(actors, client_for):
    services.module_mark_read(user=actors.influencer, module=Module.objects.get(slug="netralitas-asn"))
    body = client_for("influencer").get("/api/v1/training/progress").json()
    assert body["version"] == 1 and body["total"] == 6 and body["done"] == 0 and body["completed"] is False
    module = next(m for c in body["courses"] for m in c["modules"] if m["slug"] == "netralitas-asn")
    assert module["read"] is True and module["completed"] is False


def test_agency_progress_is_scoped_to_the_coordinators_agency(actors, client_for):
    seen_by_a = client_for("coord_a").get("/api/v1/training/agency-progress").json()
    seen_by_b = client_for("coord_b").get("/api/v1/training/agency-progress").json()
    assert [i["email"] for i in seen_by_a["items"]] == [actors.influencer.email]
    assert seen_by_b["items"] == [] and seen_by_b["people"] == 0
    assert client_for("influencer").get("/api/v1/training/agency-progress").status_code == 403


def test_the_progress_page_is_scoped_too(actors, client_for):
    assert actors.influencer.full_name in client_for("coord_a").get("/pelatihan/kemajuan/").content.decode()
    assert actors.influencer.full_name not in client_for("coord_b").get("/pelatihan/kemajuan/").content.decode()


def test_the_openapi_document_lists_the_training_endpoints(client_for):
    schema = client_for("admin").get("/api/v1/openapi.json").json()
    assert "/api/v1/training/progress" in schema["paths"] and "/api/v1/training/agency-progress" in schema["paths"]
