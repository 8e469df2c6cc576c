"""Reference data: regions (Kemendagri codes) and agencies, loaded by migration and by commands.

Functions take the model classes so a data migration can pass its historical models.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIONS_CSV = DATA_DIR / "regions.csv"
CENTRAL_AGENCIES_CSV = DATA_DIR / "central_agencies.csv"

REGION_COLUMNS = {"code", "name", "level", "parent_code"}
AGENCY_COLUMNS = {"code", "name", "short_name", "kind", "email_domains"}
REGION_LEVELS = {"province", "regency", "city"}
AGENCY_KINDS = {"ministry", "agency", "province", "regency", "city"}


class ReferenceDataError(ValueError):
    pass


def read_csv(path: Path | str, required: set[str]) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = required - set(reader.fieldnames or [])
        if missing:
            raise ReferenceDataError(f"Kolom wajib tidak ada: {', '.join(sorted(missing))}")
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def validate_regions(rows: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    rows = list(rows)
    codes = {row["code"] for row in rows}
    for number, row in enumerate(rows, start=2):
        if row["level"] not in REGION_LEVELS:
            raise ReferenceDataError(f"Baris {number}: tingkat '{row['level']}' tidak dikenal")
        if row["level"] != "province" and row["parent_code"] not in codes:
            raise ReferenceDataError(f"Baris {number}: induk '{row['parent_code']}' tidak ada")
    # Provinces first so a child's parent always exists when it is written.
    return sorted(rows, key=lambda row: (row["level"] != "province", row["code"]))


def load_regions(Region, rows: Iterable[dict[str, str]]) -> int:
    count = 0
    for row in validate_regions(rows):
        Region.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "level": row["level"], "parent_id": row["parent_code"] or None},
        )
        count += 1
    return count


def regional_government_rows(Region) -> list[dict[str, str]]:
    """One agency per province, regency and city government, derived from the regions."""
    prefixes = {"province": "Pemerintah Provinsi", "regency": "Pemerintah", "city": "Pemerintah"}
    rows = []
    for region in Region.objects.all().order_by("code"):
        rows.append(
            {
                "code": "pemda-" + region.code.replace(".", "-"),
                "name": f"{prefixes[region.level]} {region.name}",
                "short_name": "",
                "kind": region.level,
                "email_domains": "go.id",
                "region_code": region.code,
            }
        )
    return rows


def load_agencies(Agency, rows: Iterable[dict[str, str]]) -> int:
    count = 0
    for number, row in enumerate(rows, start=2):
        if row["kind"] not in AGENCY_KINDS:
            raise ReferenceDataError(f"Baris {number}: jenis instansi '{row['kind']}' tidak dikenal")
        Agency.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "short_name": row.get("short_name", ""),
                "kind": row["kind"],
                "email_domains": row.get("email_domains") or "go.id",
                "region_id": row.get("region_code") or None,
            },
        )
        count += 1
    return count


def load_all(Region, Agency) -> tuple[int, int]:
    regions = load_regions(Region, read_csv(REGIONS_CSV, REGION_COLUMNS))
    agencies = load_agencies(Agency, read_csv(CENTRAL_AGENCIES_CSV, AGENCY_COLUMNS))
    agencies += load_agencies(Agency, regional_government_rows(Region))
    return regions, agencies
