import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tangkal.influencers.models import ASNProfile, Cohort, RosterImport, RosterRow, Stage
from tangkal.influencers.roster import roster_commit, roster_commit_request, roster_upload
from tangkal.influencers.tests.factories import asn

pytestmark = pytest.mark.django_db
HEADER = ["nip", "nama", "instansi", "unit", "email", "angkatan"]


def rows(n: int, agency: str = "uji-a", start: int = 1) -> list[list[str]]:
    return [[f"19900115201903{1 + i % 2}{i:03d}", f"ASN {i}", agency, "Biro Humas", f"asn{i}@a.go.id", "CPNS 2019"]
            for i in range(start, start + n)]


def csv_file(data: list[list], *, header=HEADER, delimiter=",", encoding="utf-8", name="daftar.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(data)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), content_type="text/csv")


def upload(actors, file, *, by="coord_a", commit=True, capture=None):
    user = getattr(actors, by)
    agency = None if by == "admin" else user.agency
    with capture(execute=True):
        imp = roster_upload(upload=file, by=user, agency=agency)
    imp.refresh_from_db()
    if commit and imp.status == RosterImport.Status.VALIDATED:
        with capture(execute=True):
            roster_commit_request(roster_import=imp, by=user)
        imp.refresh_from_db()
    return imp


def report(imp) -> list[dict]:
    with imp.error_report.open("rb") as fh:
        return list(csv.DictReader(io.StringIO(fh.read().decode("utf-8-sig"))))


def test_a_clean_csv_is_previewed_then_committed(actors, django_capture_on_commit_callbacks):
    imp = upload(actors, csv_file(rows(30)), commit=False, capture=django_capture_on_commit_callbacks)
    assert imp.status == RosterImport.Status.VALIDATED and imp.rows_valid == 30
    assert len(imp.preview) == 20 and imp.preview[0]["nip"].startswith("1990…")
    assert not ASNProfile.objects.exists()  # a dry run saves nothing
    with django_capture_on_commit_callbacks(execute=True):
        roster_commit_request(roster_import=imp, by=actors.coord_a)
    imp.refresh_from_db()
    assert (imp.status, imp.rows_created, imp.rows_updated) == ("done", 30, 0)
    profile = ASNProfile.objects.get(nip="199001152019032001")
    assert profile.stage == Stage.IMPORTED and profile.user is None and profile.cohort.name == "CPNS 2019"
    assert profile.public_id and Cohort.objects.get().intake_year == 2019
    assert not RosterRow.objects.exists()


def test_importing_the_same_file_again_changes_nothing(actors, django_capture_on_commit_callbacks):
    upload(actors, csv_file(rows(10)), capture=django_capture_on_commit_callbacks)
    before = list(ASNProfile.objects.order_by("nip").values())
    again = upload(actors, csv_file(rows(10)), capture=django_capture_on_commit_callbacks)
    assert (again.rows_created, again.rows_updated, again.rows_unchanged) == (0, 0, 10)
    assert list(ASNProfile.objects.order_by("nip").values()) == before
    changed = rows(10)
    changed[0][3] = "Pusat Data"
    third = upload(actors, csv_file(changed), capture=django_capture_on_commit_callbacks)
    assert (third.rows_created, third.rows_updated, third.rows_unchanged) == (0, 1, 9)


def test_every_bad_row_is_reported_and_nothing_is_saved(actors, django_capture_on_commit_callbacks):
    data = rows(5)
    data += [
        ["19900115201903300", "Salah Panjang", "uji-a", "", "x@a.go.id", ""],
        ["199002302019031001", "Tanggal", "uji-a", "", "y@a.go.id", ""],
        [data[0][0], "Ganda", "uji-a", "", "z@a.go.id", ""],
        ["199001152019031099", "Instansi", "tidak-ada", "", "w@a.go.id", ""],
        ["199001152019031098", "Lain", "uji-b", "", "v@b.go.id", ""],
        ["199001152019031097", "", "uji-a", "", "bukan-email", ""],
        ["199001152019031096", "Gmail", "uji-a", "", "u@gmail.com", ""],
    ]
    imp = upload(actors, csv_file(data), capture=django_capture_on_commit_callbacks)
    assert imp.status == RosterImport.Status.INVALID and imp.rows_invalid == 7
    codes = {row["kode"] for row in report(imp)}
    assert {"nip_length", "nip_birth_date", "nip_duplicate", "agency_unknown", "agency_other", "name_missing",
            "email_invalid", "email_domain"} <= codes
    duplicate = next(r for r in report(imp) if r["kode"] == "nip_duplicate")
    assert duplicate["baris"] == "9" and "baris 2" in duplicate["pesan"]
    assert not ASNProfile.objects.exists() and not RosterRow.objects.exists()
    with pytest.raises(Exception, match="tidak dapat diterapkan"):
        roster_commit_request(roster_import=imp, by=actors.coord_a)


def test_a_coordinator_cannot_take_over_another_agencys_asn(actors, django_capture_on_commit_callbacks):
    asn(actors.agency_b, nip="199001152019032001")
    imp = upload(actors, csv_file(rows(2)), capture=django_capture_on_commit_callbacks)
    assert imp.error_counts == {"nip_other_agency": 1}
    assert ASNProfile.objects.get(nip="199001152019032001").agency == actors.agency_b


def test_the_wrong_encoding_is_explained(actors, django_capture_on_commit_callbacks):
    data = rows(3)
    data[2][1] = "Sándor Ñoño"
    imp = upload(actors, csv_file(data, encoding="cp1252"), capture=django_capture_on_commit_callbacks)
    assert imp.status == RosterImport.Status.INVALID and "UTF-8" in imp.file_error
    assert not ASNProfile.objects.exists() and not RosterRow.objects.exists()


@pytest.mark.parametrize(("header", "words"), [
    (["nip", "nama", "unit"], "email"),
    (["nomor", "nama lengkap", "email"], "nip"),
])
def test_missing_columns_are_named(actors, header, words, django_capture_on_commit_callbacks):
    imp = upload(actors, csv_file([["1", "2", "3"]], header=header), capture=django_capture_on_commit_callbacks)
    assert imp.status == RosterImport.Status.INVALID
    assert "Kolom wajib tidak ada" in imp.file_error and words in imp.file_error


def test_an_admin_import_needs_the_agency_column(actors, django_capture_on_commit_callbacks):
    imp = upload(actors, csv_file([r[:2] + r[3:] for r in rows(2)], header=["nip", "nama", "unit", "email", "angkatan"]),
                 by="admin", capture=django_capture_on_commit_callbacks)
    assert "instansi" in imp.file_error


def test_semicolon_csv_from_an_indonesian_excel_is_read(actors, django_capture_on_commit_callbacks):
    imp = upload(actors, csv_file(rows(3), delimiter=";"), capture=django_capture_on_commit_callbacks)
    assert imp.status == RosterImport.Status.DONE and imp.rows_created == 3


def xlsx(data, *, numeric_nip=False) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in data:
        sheet.append([int(row[0]) if numeric_nip else row[0], *row[1:]])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("daftar.xlsx", buffer.getvalue())


def test_an_xlsx_roster_is_imported(actors, django_capture_on_commit_callbacks):
    imp = upload(actors, xlsx(rows(4)), capture=django_capture_on_commit_callbacks)
    assert imp.status == RosterImport.Status.DONE and imp.rows_created == 4


def test_an_xlsx_nip_stored_as_a_number_is_refused(actors, django_capture_on_commit_callbacks):
    imp = upload(actors, xlsx(rows(2), numeric_nip=True), capture=django_capture_on_commit_callbacks)
    assert imp.error_counts == {"nip_number": 2}


def test_a_broken_xlsx_or_an_old_xls_is_explained(actors, django_capture_on_commit_callbacks):
    broken = upload(actors, SimpleUploadedFile("daftar.xlsx", b"PK\x03\x04rusak"), capture=django_capture_on_commit_callbacks)
    assert "rusak" in broken.file_error
    old = upload(actors, SimpleUploadedFile("daftar.xls", b"\xd0\xcf\x11\xe0abc"), capture=django_capture_on_commit_callbacks)
    assert ".xls" in old.file_error


def test_a_thousand_bad_rows_are_all_reported(actors, django_capture_on_commit_callbacks):
    data = [["123", "x", "uji-a", "", "a@a.go.id", ""]] * 1000
    imp = upload(actors, csv_file(data), capture=django_capture_on_commit_callbacks)
    assert imp.rows_invalid == 1000 and len(report(imp)) == 1000


def test_the_import_page_shows_progress_and_the_commit_button(actors, client_for, django_capture_on_commit_callbacks):
    client = client_for("coord_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("influencers:imports"), {"file": csv_file(rows(3))})
    imp = RosterImport.objects.get()
    assert response["Location"] == reverse("influencers:import", kwargs={"public_id": imp.public_id})
    page = client.get(response["Location"]).content.decode()
    assert "Terapkan 3 baris" in page and "<progress" in page
    assert client_for("coord_b").get(response["Location"]).status_code == 404
    partial = client.get(reverse("influencers:import_progress", kwargs={"public_id": imp.public_id}),
                         headers={"HX-Request": "true"})
    assert partial["HX-Refresh"] == "true"


def test_the_api_imports_and_commits(actors, client_for, django_capture_on_commit_callbacks):
    client = client_for("coord_a")
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/api/v1/enrolment/roster-imports", {"file": csv_file(rows(2))})
    assert created.status_code == 202
    body = created.json()
    assert body["status"] == "queued"  # checked in the background
    assert client.get(f"/api/v1/enrolment/roster-imports/{body['id']}").json()["rows_valid"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        committed = client.post(f"/api/v1/enrolment/roster-imports/{body['id']}/commit")
    assert committed.status_code == 202
    status = client.get(f"/api/v1/enrolment/roster-imports/{body['id']}").json()
    assert status["status"] == "done" and status["rows_created"] == 2
    again = client.post(f"/api/v1/enrolment/roster-imports/{body['id']}/commit")
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"


def test_a_crash_during_commit_leaves_nothing_half_saved(actors, monkeypatch, django_capture_on_commit_callbacks):
    imp = upload(actors, csv_file(rows(5)), commit=False, capture=django_capture_on_commit_callbacks)
    RosterImport.objects.filter(pk=imp.pk).update(status=RosterImport.Status.COMMITTING)
    from tangkal.influencers import roster

    def explode(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(roster, "audit_log", explode)
    with pytest.raises(RuntimeError):
        roster_commit(roster_import=imp)
    assert not ASNProfile.objects.exists() and not Cohort.objects.exists()
    imp.refresh_from_db()
    assert imp.status == RosterImport.Status.FAILED and "tidak ada data yang berubah" in imp.file_error
