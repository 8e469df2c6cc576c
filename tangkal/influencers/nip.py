"""NIP (Nomor Induk Pegawai): 18 digits = birth date YYYYMMDD, civil-service start YYYYMM, sex 1/2, sequence NNN."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EARLIEST_BIRTH_YEAR = 1940
EARLIEST_START_YEAR = 1960


@dataclass(frozen=True)
class NIP:
    value: str
    birth_date: date
    start_year: int
    start_month: int
    sex: str  # "1" male, "2" female
    sequence: int


def clean_nip(raw: object) -> str:
    """Digits only: people paste NIPs with spaces or dots (19850312 201001 1 003)."""
    text = str(raw if raw is not None else "").strip()
    if text.endswith(".0"):  # a spreadsheet that stored the NIP as a number
        text = text[:-2]
    return "".join(ch for ch in text if ch not in " .-\u00a0")


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def nip_problems(value: str, *, today: date | None = None) -> list[tuple[str, str]]:
    """Every rule the NIP breaks, as (code, Indonesian message). Empty when the NIP is plausible."""
    today = today or date.today()
    if not value:
        return [("nip_missing", _("NIP wajib diisi."))]
    if not value.isdigit() or not value.isascii():
        return [("nip_format", _("NIP hanya boleh berisi angka."))]
    if len(value) != 18:
        return [("nip_length", _("NIP harus 18 angka; yang diisi %(count)s angka.") % {"count": len(value)})]
    problems: list[tuple[str, str]] = []
    birth: date | None = None
    try:
        birth = date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        problems.append(("nip_birth_date", _("Angka 1–8 NIP (tanggal lahir %(text)s) bukan tanggal yang ada.")
                         % {"text": f"{value[6:8]}-{value[4:6]}-{value[0:4]}"}))
    if birth is not None and not (birth.year >= EARLIEST_BIRTH_YEAR and _add_years(birth, 18) <= today):
        problems.append(("nip_birth_date", _("Angka 1–8 NIP (tanggal lahir %(text)s) tidak masuk akal untuk ASN.")
                         % {"text": birth.strftime("%d-%m-%Y")}))
        birth = None
    start_year, start_month = int(value[8:12]), int(value[12:14])
    if not (1 <= start_month <= 12):
        problems.append(("nip_start", _("Angka 9–14 NIP (TMT CPNS %(text)s) memuat bulan yang tidak ada.")
                         % {"text": f"{value[12:14]}-{value[8:12]}"}))
    elif start_year < EARLIEST_START_YEAR or (start_year, start_month) > (today.year + 1, today.month):
        problems.append(("nip_start", _("Angka 9–14 NIP (TMT CPNS %(text)s) tidak masuk akal.")
                         % {"text": f"{value[12:14]}-{value[8:12]}"}))
    elif birth is not None:
        adult = _add_years(birth, 18)
        if (start_year, start_month) < (adult.year, adult.month):
            problems.append(("nip_start_before_18", _(
                "TMT CPNS pada NIP (%(start)s) sebelum ulang tahun ke-18 (%(adult)s); periksa angka 1–14.")
                % {"start": f"{start_month:02d}-{start_year}", "adult": adult.strftime("%d-%m-%Y")}))
    if value[14] not in "12":
        problems.append(("nip_sex", _("Angka ke-15 NIP (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan); "
                                      "yang diisi %(digit)s.") % {"digit": value[14]}))
    if value[15:18] == "000":
        problems.append(("nip_sequence", _("Angka 16–18 NIP (nomor urut) tidak boleh 000.")))
    return problems


def parse_nip(raw: object, *, today: date | None = None) -> NIP:
    value = clean_nip(raw)
    problems = nip_problems(value, today=today)
    if problems:
        raise ValidationError([message for _code, message in problems], code=problems[0][0])
    return NIP(value=value, birth_date=date(int(value[0:4]), int(value[4:6]), int(value[6:8])),
               start_year=int(value[8:12]), start_month=int(value[12:14]), sex=value[14],
               sequence=int(value[15:18]))


def validate_nip(raw: object) -> None:
    """A Django validator."""
    parse_nip(raw)
