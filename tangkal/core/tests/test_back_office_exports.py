"""Back-office tables download as CSV and XLSX with the same scope as the page."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import login


def _csv(response) -> list[str]:
    return b"".join(response.streaming_content).decode("utf-8-sig").splitlines()


@pytest.mark.django_db
@pytest.mark.parametrize(("actor", "path", "header"), [
    ("verifier", "/meja-hoaks/", "Kode,Judul,Status"),
    ("verifier", "/meja-hoaks/klarifikasi/", "Judul,Vonis,Status"),
    ("admin", "/lencana/kelola/", "Pemegang,Instansi,Status"),
    ("verifier", "/kampanye/", "Judul,Jenis,Status"),
    ("coord_a", "/pelatihan/kemajuan/", "Nama,Email,Instansi"),
    ("coord_a", "/pelatihan/sesi/", "Judul,Bentuk,Mulai"),
    ("coord_a", "/koordinator/bukti/", "Nama,Instansi,Platform"),
    ("coord_a", "/koordinator/anomali/", "Waktu,Jenis,Nama"),
    ("admin", "/lencana/pengaduan/", "Masuk,Jenis,Status"),
    ("coord_a", "/koordinator/impor/", "Diunggah,Berkas,Status"),
    ("coord_a", "/koordinator/angkatan/", "Angkatan,Tahun masuk,Instansi"),
    ("verifier", "/meja-hoaks/metrik/", "Pekan,Topik,Klaim"),
    ("influencer", "/kampanye/peringkat/", "Peringkat,Nama,Instansi,Poin"),
])
def test_back_office_tables_export_csv_and_xlsx(actors, actor, path, header):
    client = login(Client(), getattr(actors, actor))
    page = client.get(path)
    assert page.status_code == 200 and "format=csv" in page.content.decode()
    csv = client.get(path, {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv") and _csv(csv)[0].startswith(header)
    xlsx = client.get(path, {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_an_export_is_refused_to_those_the_page_refuses(actors):
    assert login(Client(), actors.influencer).get("/meja-hoaks/", {"format": "csv"}).status_code in (403, 404)


@pytest.mark.django_db
def test_exported_rows_carry_the_table_contents(actors):
    from django.utils import timezone

    from tangkal.hoaxes.models import Claim, Clarification

    claim = Claim.objects.create(title="Vaksin berisi chip", topic="kesehatan", report_count=3,
                                 first_reported_at=timezone.now())
    Clarification.objects.create(slug="vaksin-chip", claim=claim, status="published", verdict="HOAKS",
                                 headline="Vaksin tidak berisi chip", summary="Tidak benar.",
                                 published_at=timezone.now(), author=actors.verifier)
    client = login(Client(), actors.verifier)
    queue = _csv(client.get("/meja-hoaks/", {"format": "csv", "status": "new"}))
    assert any("Vaksin berisi chip" in line and ",3," in line for line in queue[1:])
    clarifications = _csv(client.get("/meja-hoaks/klarifikasi/", {"format": "csv"}))
    assert any(line.startswith("Vaksin tidak berisi chip,HOAKS") for line in clarifications[1:])


@pytest.mark.django_db
def test_a_cohort_exports_its_members_with_their_stage(actors):
    from tangkal.influencers.models import ASNProfile, Cohort

    cohort = Cohort.objects.create(agency=actors.agency_a, name="CPNS 2019", intake_year=2019)
    ASNProfile.objects.create(agency=actors.agency_a, nip="199001012019031001", full_name="Rina Wati",
                              cohort=cohort, stage="eligible")
    rows = _csv(login(Client(), actors.coord_a).get(f"/koordinator/angkatan/{cohort.public_id}/",
                                                   {"format": "csv"}))
    assert rows[0].startswith("Nama,Instansi,Unit kerja,Tahap")
    assert rows[1].startswith("Rina Wati,Instansi Uji A,") and "Memenuhi syarat" in rows[1]
    assert login(Client(), actors.coord_b).get(f"/koordinator/angkatan/{cohort.public_id}/",
                                               {"format": "csv"}).status_code == 404


@pytest.mark.django_db
def test_a_session_exports_its_attendance(actors):
    from datetime import timedelta

    from django.utils import timezone

    from tangkal.training.models import Attendance, OnboardingSession

    start = timezone.now() + timedelta(days=1)
    session = OnboardingSession.objects.create(agency=actors.agency_a, title="Orientasi", venue="Aula", starts_at=start,
                                               ends_at=start + timedelta(hours=2))
    Attendance.objects.create(session=session, user=actors.influencer, method=Attendance.Method.choices[0][0],
                              recorded_by=actors.coord_a)
    rows = _csv(login(Client(), actors.coord_a).get(f"/pelatihan/sesi/{session.public_id}/", {"format": "csv"}))
    assert rows[0].startswith("Nama,Email,Diundang,Hadir")
    assert any(actors.influencer.email in row for row in rows[1:])


@pytest.mark.django_db
def test_a_campaign_dashboard_exports_its_breakdowns(actors, django_capture_on_commit_callbacks):
    from tangkal.campaigns import launch, services
    from tangkal.campaigns.testing import make_targetable

    make_targetable(actors.influencer, accounts=(("x", "asn_a", 2000),), nip="199001012015011999")
    campaign = services.campaign_create(by=actors.verifier, kind="information", headline="Info CPNS",
                                        summary="Pendaftaran hanya lewat situs resmi.", link_url="https://bkn.go.id/")
    services.campaign_submit(campaign=campaign, by=actors.verifier)
    services.campaign_approve(campaign=campaign, by=actors.admin)
    with django_capture_on_commit_callbacks(execute=True):
        launch.campaign_launch(campaign=campaign, by=actors.admin)
    rows = _csv(login(Client(), actors.admin).get(f"/kampanye/{campaign.public_id}/dasbor/", {"format": "csv"}))
    assert rows[0].startswith("Kelompok,Nama,Penugasan,Posting,Klik")
    assert any(row.startswith(f"Instansi,{actors.agency_a.name},1,0") for row in rows[1:])
