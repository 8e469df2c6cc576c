from datetime import timedelta

import pytest
from django.utils import timezone

from tangkal.hoaxes import services
from tangkal.hoaxes.metrics import desk_metrics, percentile
from tangkal.hoaxes.models import Claim, DeskSettings, Report
from tangkal.hoaxes.selectors import sla_state
from tangkal.hoaxes.tests.conftest import HOAX_TEXT, publish

pytestmark = pytest.mark.django_db
OTHER = ("Beredar video banjir bandang di Garut hari ini, padahal itu rekaman lama dari tahun 2016 yang diunggah "
         "ulang dengan keterangan palsu.")


def test_the_queue_is_sorted_by_priority_with_sla_colours(actors, client_for):
    slow = services.report_submit(text=OTHER, reach=0)
    for _ in range(3):
        services.report_submit(text=HOAX_TEXT, reach=3)
    Claim.objects.filter(pk=slow.claim_id).update(first_reported_at=timezone.now() - timedelta(hours=3))
    body = client_for("verifier").get("/meja-hoaks/").content.decode()
    assert body.index("Waspada") < body.index("banjir bandang")
    assert 'class="bad"' in body and 'class="ok"' in body


def test_sla_levels_follow_the_admins_targets(actors, hoax_report):
    targets = DeskSettings(triage_target_minutes=20, publish_target_minutes=60)
    claim = hoax_report.claim
    now = claim.first_reported_at
    assert sla_state(claim, targets=targets, now=now + timedelta(minutes=5))["level"] == "ok"
    assert sla_state(claim, targets=targets, now=now + timedelta(minutes=18))["level"] == "warn"
    assert sla_state(claim, targets=targets, now=now + timedelta(minutes=25))["level"] == "bad"
    claim.first_triaged_at = now
    assert sla_state(claim, targets=targets, now=now + timedelta(minutes=25))["level"] == "ok"


def test_coordinators_see_only_claims_routed_to_their_agency(actors, client_for):
    mine = services.report_submit(text=HOAX_TEXT)
    other = services.report_submit(text=OTHER)
    Claim.objects.filter(pk=mine.claim_id).update(agency=actors.agency_a)
    body = client_for("coord_a").get("/meja-hoaks/").content.decode()
    assert "Waspada" in body and "banjir bandang" not in body
    assert client_for("coord_b").get(mine.claim.get_absolute_url()).status_code == 404
    assert client_for("coord_a").get(other.claim.get_absolute_url()).status_code == 404


def test_the_workspace_shows_reports_sources_and_velocity(actors, client_for):
    services.report_submit(text=HOAX_TEXT, platform="whatsapp")
    report = services.report_submit(text=HOAX_TEXT + " !!", platform="facebook")
    body = client_for("verifier").get(report.claim.get_absolute_url()).content.decode()
    assert "whatsapp (1)" in body and "facebook (1)" in body
    assert "dalam 1 jam terakhir" in body


def test_merge_and_split_through_the_workspace(actors, client_for):
    a = services.report_submit(text=HOAX_TEXT)
    b = services.report_submit(text=OTHER)
    client = client_for("verifier")
    response = client.post(f"/meja-hoaks/klaim/{b.claim.public_id}/gabung/", {"target": a.claim.code})
    assert response.status_code == 302 and response["Location"] == a.claim.get_absolute_url()
    assert Report.objects.get(pk=b.pk).claim_id == a.claim_id
    assert Claim.objects.get(pk=b.claim_id).status == Claim.Status.MERGED
    response = client.post(f"/meja-hoaks/klaim/{a.claim.public_id}/pisah/", {"reports": [b.pk]})
    assert response.status_code == 302
    assert Report.objects.get(pk=b.pk).claim_id not in (a.claim_id, b.claim_id)


def test_triage_through_the_workspace_records_the_first_triage(actors, client_for, hoax_report):
    response = client_for("verifier").post(f"/meja-hoaks/klaim/{hoax_report.claim.public_id}/triase/", {
        "title": "WhatsApp berbayar", "status": "in_progress", "topic": "pemerintahan", "tags": ["pemilu"],
        "assignee": actors.verifier.pk})
    assert response.status_code == 302
    claim = Claim.objects.get(pk=hoax_report.claim_id)
    assert claim.first_triaged_at and claim.assignee == actors.verifier and claim.tags == ["pemilu"]
    assert claim.priority > 0


def test_percentiles_use_the_nearest_rank():
    assert percentile([], 50) is None
    assert percentile([5], 90) == 5
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50) == 5
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9


def test_metrics_report_time_to_triage_and_publication(actors, second_verifier, client_for):
    report = services.report_submit(text=HOAX_TEXT)
    claim = report.claim
    start = timezone.now() - timedelta(hours=2)
    Claim.objects.filter(pk=claim.pk).update(first_reported_at=start, first_triaged_at=start + timedelta(minutes=10),
                                             topic="pemerintahan")
    clar = publish(author=actors.verifier, approver=second_verifier, claim=claim)
    clar.__class__.objects.filter(pk=clar.pk).update(published_at=start + timedelta(minutes=50))
    data = desk_metrics()
    row = data["rows"][0]
    assert row["triage_median"] == 10 and row["publish_median"] == 50 and row["claims"] == 1
    assert data["totals"]["reports"] == 1
    assert "Metrik meja hoaks" in client_for("verifier").get("/meja-hoaks/metrik/").content.decode()
