from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from conftest import login, make_user
from tangkal.accounts.models import Region, Role
from tangkal.reports.aggregates import refresh_all
from tangkal.reports.models import WeeklyReport
from tangkal.reports.weekly import generate_due_weekly_reports, generate_weekly_reports, previous_week_start


def add_asn(agency, n: int, stage: str, *, followers: int | None = None, region_code: str = "32.73"):
    from tangkal.influencers.models import ASNProfile, SocialAccount

    region = Region.objects.get(code=region_code)
    start = ASNProfile.objects.count()
    for i in range(n):
        number = start + i
        profile = ASNProfile.objects.create(
            agency=agency, nip=f"{199001012015031000 + number}",
            full_name=f"ASN {number}", stage=stage, region=region)
        if followers is not None:
            SocialAccount.objects.create(profile=profile, platform="instagram", handle=f"asn{number}",
                                         profile_url=f"https://www.instagram.com/asn{number}/",
                                         verification="verified", verified_at=timezone.now(), followers=followers)


def add_clarification(*, agency, minutes_to_publish: int, verdict="HOAKS"):
    from tangkal.hoaxes.models import Claim, Clarification

    now = timezone.now()
    claim = Claim.objects.create(title="Klaim uji", agency=agency, topic="kesehatan",
                                 first_reported_at=now - timedelta(minutes=minutes_to_publish))
    return Clarification.objects.create(
        slug=f"uji-{Clarification.objects.count()}", claim=claim, status="published", verdict=verdict,
        headline="Klarifikasi uji", summary="Ringkas.", topic="kesehatan", published_at=now)


@pytest.fixture
def world(actors):
    add_asn(actors.agency_a, 5, "registered")
    add_asn(actors.agency_a, 3, "eligible", followers=800)
    add_asn(actors.agency_a, 2, "badged", followers=12_000)
    add_asn(actors.agency_b, 4, "badged", followers=600, region_code="35.78")
    add_clarification(agency=actors.agency_a, minutes_to_publish=30)
    add_clarification(agency=actors.agency_a, minutes_to_publish=90, verdict="PENIPUAN")
    refresh_all(days=30)
    return actors


@pytest.mark.django_db
def test_national_funnel_is_cumulative_with_conversions(world):
    body = login(Client(), world.admin).get("/laporan/dasbor/").content.decode()
    assert "Dasbor nasional" in body
    from tangkal.reports.selectors import Filters, funnel

    today = timezone.localdate()
    _chart, steps = funnel(Filters(start=today - timedelta(days=29), end=today))
    counts = {step["key"]: step["count"] for step in steps}
    assert counts["registered"] == 14 and counts["eligible"] == 9 and counts["badged"] == 6
    conversions = {step["key"]: step["conversion"] for step in steps}
    assert conversions["registered"] is None
    assert conversions["accounts_verified"] == pytest.approx(100 * 9 / 14, abs=0.1)
    assert conversions["badged"] == 100.0  # every trained ASN here holds a badge


@pytest.mark.django_db
def test_a_coordinator_sees_only_their_agency_even_when_asking_for_another(world):
    client = login(Client(), world.coord_a)
    response = client.get(f"/laporan/dasbor/?instansi={world.agency_b.code}")
    body = response.content.decode()
    assert world.agency_a.name in body
    csv = b"".join(client.get(f"/laporan/dasbor/unduh/funnel/?instansi={world.agency_b.code}").streaming_content)
    lines = csv.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("Terdaftar,10")  # agency A's 10 ASN, not the national 14


@pytest.mark.django_db
def test_publication_latency_median_and_p90_against_target(world):
    from tangkal.reports.selectors import Filters, publication_latency

    today = timezone.localdate()
    latency = publication_latency(Filters(start=today - timedelta(days=1), end=today, agency=world.agency_a))
    assert latency["count"] == 2
    assert latency["median"] == pytest.approx(60, abs=1)
    assert latency["p90"] == pytest.approx(90, abs=1)


@pytest.mark.django_db
def test_a_bad_date_gets_a_clear_message_and_the_default_range(world):
    body = login(Client(), world.admin).get("/laporan/dasbor/?dari=kemarin").content.decode()
    assert "Tanggal &#x27;kemarin&#x27; tidak valid" in body


@pytest.mark.django_db
def test_chart_downloads_as_xlsx(world):
    response = login(Client(), world.admin).get("/laporan/dasbor/unduh/reach/?format=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [c.value for c in sheet[1]] == ["Platform", "Jumlah pengikut", "Akun"]
    assert sheet["A2"].value == "instagram" and sheet["B2"].value == 2 * 12_000 + 3 * 800 + 4 * 600


@pytest.mark.django_db
def test_weekly_reports_are_made_once_per_agency_and_emailed_to_their_people(world):
    week = previous_week_start()
    created = generate_weekly_reports(week_start=week)
    assert created == 3  # national + agencies A and B (each has a coordinator)
    assert generate_weekly_reports(week_start=week) == 0
    national = WeeklyReport.objects.get(week_start=week, agency__isnull=True)
    assert national.pdf.read().startswith(b"%PDF")
    recipients = {tuple(message.bcc) for message in mail.outbox}
    assert (world.admin.email,) in recipients and (world.coord_b.email,) in recipients
    client = login(Client(), world.coord_b)
    mine = WeeklyReport.objects.get(week_start=week, agency=world.agency_b)
    assert client.get(f"/laporan/mingguan/{mine.public_id}/xlsx/").status_code == 200
    assert client.get(f"/laporan/mingguan/{national.public_id}/pdf/").status_code == 404


@pytest.mark.django_db
def test_weekly_reports_wait_for_monday_morning(world):
    monday_early = timezone.localtime().replace(hour=5)
    monday_early -= timedelta(days=monday_early.weekday())
    assert generate_due_weekly_reports(now=monday_early) == 0
    assert generate_due_weekly_reports(now=monday_early + timedelta(hours=2)) >= 1
    assert generate_due_weekly_reports(now=monday_early + timedelta(hours=3)) == 0


@pytest.mark.django_db
def test_verifiers_and_influencers_have_no_dashboard(world):
    for user in (world.verifier, world.influencer):
        assert login(Client(), user).get("/laporan/dasbor/").status_code == 403
    make_user("x@a.go.id", Role.INFLUENCER, world.agency_a)


def test_rollups_sum_the_full_rows_into_agency_province_and_national():
    from tangkal.reports.aggregates import with_rollups

    merged = {(1, "32", "badged"): [2, 1], (1, "35", "badged"): [3, 0], (2, "32", "badged"): [4, 4]}
    rows = {(scope, key): value for scope, key, value in with_rollups(merged, agency_at=0, province_at=1)}
    assert rows[("agency", (1, None, "badged"))] == [5, 1]
    assert rows[("province", (None, "32", "badged"))] == [6, 5]
    assert rows[("national", (None, None, "badged"))] == [9, 5]
    assert rows[("full", (2, "32", "badged"))] == [4, 4]
