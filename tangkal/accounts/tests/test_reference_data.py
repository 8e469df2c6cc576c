from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from tangkal.accounts.models import Agency, Region


@pytest.mark.django_db
def test_regions_hold_38_provinces_and_514_regencies_and_cities():
    assert Region.objects.filter(level="province").count() == 38
    assert Region.objects.exclude(level="province").count() == 514
    assert Region.objects.get(code="32.73").parent_id == "32"


@pytest.mark.django_db
def test_every_region_has_its_government_agency_and_ministries_exist():
    assert Agency.objects.get(code="pemda-32").name == "Pemerintah Provinsi Jawa Barat"
    assert Agency.objects.get(code="pemda-32-73").name == "Pemerintah Kota Bandung"
    assert Agency.objects.filter(kind="ministry").count() >= 30
    assert Agency.objects.get(code="komdigi").accepts_email("humas@komdigi.go.id")
    assert not Agency.objects.get(code="komdigi").accepts_email("orang@gmail.com")


@pytest.mark.django_db
def test_import_command_updates_from_csv(tmp_path):
    csv = tmp_path / "agencies.csv"
    csv.write_text("code,name,short_name,kind,email_domains\nkomdigi,Kementerian Komdigi Baru,KD,ministry,komdigi.go.id\n")
    call_command("import_reference_data", agencies=str(csv))
    assert Agency.objects.get(code="komdigi").name == "Kementerian Komdigi Baru"


@pytest.mark.django_db
def test_import_command_changes_nothing_when_a_row_is_bad(tmp_path):
    csv = tmp_path / "agencies.csv"
    csv.write_text(
        "code,name,short_name,kind,email_domains\n"
        "komdigi,Nama Baru,KD,ministry,komdigi.go.id\n"
        "xyz,Instansi Aneh,,planet,x.go.id\n"
    )
    with pytest.raises(CommandError, match="jenis instansi 'planet'"):
        call_command("import_reference_data", agencies=str(csv))
    assert Agency.objects.get(code="komdigi").name == "Kementerian Komunikasi dan Digital"


@pytest.mark.django_db
def test_import_command_names_missing_columns(tmp_path):
    csv = tmp_path / "regions.csv"
    csv.write_text("code,name\n11,Aceh\n")
    with pytest.raises(CommandError, match="Kolom wajib tidak ada: level, parent_code"):
        call_command("import_reference_data", regions=str(csv))
