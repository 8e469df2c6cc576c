"""Roster import: stream a CSV/XLSX, validate every row, stage the good ones, commit all or nothing.

Validation (the dry run) reads the file once, row by row, in chunks: rows with errors go to a
downloadable CSV report, good rows to the RosterRow staging table. Duplicate NIPs are found in the
staging table by SQL, so memory stays flat whatever the file size. The commit is one
INSERT … ON CONFLICT (nip) DO UPDATE from the staging table inside one transaction: all rows or none,
and importing the same file again changes nothing.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangkal.accounts.models import Agency
from tangkal.core.audit import audit_log
from tangkal.influencers.models import RosterImport, RosterRow
from tangkal.influencers.nip import clean_nip, nip_problems
from tangkal.influencers.services import cohort_get_or_create

logger = logging.getLogger(__name__)
CHUNK = 5000
PREVIEW_ROWS = 20
MAX_UPLOAD_BYTES = 512 * 1024 * 1024

HEADER_ALIASES = {
    "nip": "nip", "nomor induk pegawai": "nip",
    "nama": "full_name", "nama lengkap": "full_name", "name": "full_name", "full name": "full_name",
    "full_name": "full_name",
    "instansi": "agency", "kode instansi": "agency", "agency": "agency", "agency code": "agency",
    "unit": "unit", "unit kerja": "unit", "work unit": "unit",
    "email": "email", "email kerja": "email", "e-mail": "email", "work email": "email",
    "angkatan": "cohort", "cohort": "cohort",
}
COLUMN_LABELS = {"nip": "nip", "full_name": "nama", "agency": "instansi", "unit": "unit", "email": "email",
                 "cohort": "angkatan"}


class FileProblem(Exception):
    """The file as a whole cannot be read; `message` says how to fix it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# ---- reading ---------------------------------------------------------------------------------------

def detect_format(name: str, head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise FileProblem(_("Berkas ini bukan XLSX yang sah. Simpan ulang dari Excel sebagai .xlsx atau CSV UTF-8."))
    if name.lower().endswith(".xls") or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(_("Format .xls lama tidak didukung. Simpan ulang sebagai .xlsx atau CSV UTF-8."))
    return "csv"


def csv_rows(fh, progress) -> Iterator[tuple[int, list[str]]]:
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
    line = 1
    try:
        first = text.readline()
        delimiter = max([",", ";", "\t"], key=first.count)
        yield 1, next(csv.reader([first], delimiter=delimiter)) if first.strip() else []
        for line, row in enumerate(csv.reader(text, delimiter=delimiter), start=2):
            yield line, row
            if line % CHUNK == 0:
                progress(fh.tell())
    except UnicodeDecodeError as exc:
        raise FileProblem(_("Berkas bukan teks UTF-8 (sekitar baris %(line)s). Di Excel pilih Simpan Sebagai → "
                            "“CSV UTF-8” lalu unggah lagi.") % {"line": line + 1}) from exc
    except csv.Error as exc:
        raise FileProblem(_("Baris %(line)s tidak dapat dibaca sebagai CSV: %(error)s") %
                          {"line": line + 1, "error": exc}) from exc


def xlsx_rows(path: str, progress) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken archive
        raise FileProblem(_("Berkas XLSX rusak atau tidak dapat dibuka.")) from exc
    try:
        sheet = book.worksheets[0]
        total = sheet.max_row or 0
        for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, list(row)
            if line % CHUNK == 0 and total:
                progress(line, total)
    finally:
        book.close()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# ---- validating ------------------------------------------------------------------------------------

class AgencyIndex:
    def __init__(self):
        self.by_key: dict[str, Agency] = {}
        for agency in Agency.objects.filter(is_active=True):
            for key in (agency.code, agency.name, agency.short_name):
                if key:
                    self.by_key.setdefault(key.strip().lower(), agency)

        self.domain_ok: dict[tuple[int, str], bool] = {}

    def find(self, text: str) -> Agency | None:
        return self.by_key.get(text.strip().lower())

    def accepts(self, agency: Agency, email: str) -> bool:
        """Agency.accepts_email, remembered per (agency, domain): a million rows share few domains."""
        key = (agency.pk, email.rsplit("@", 1)[-1].lower())
        known = self.domain_ok.get(key)
        if known is None:
            known = self.domain_ok[key] = agency.accepts_email(email)
        return known


# Most addresses pass this quickly; anything it rejects goes through Django's full validator.
SIMPLE_EMAIL = re.compile(r"[A-Za-z0-9_%+\-]+(\.[A-Za-z0-9_%+\-]+)*@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")


def _email_ok(email: str) -> bool:
    if SIMPLE_EMAIL.fullmatch(email):
        return True
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def _problems(values: dict, raw_nip, *, agencies: AgencyIndex, scope: Agency | None,
              today: date) -> tuple[list, Agency | None]:
    errors: list[tuple[str, str, str]] = []  # (column, code, message)
    if isinstance(raw_nip, (int, float)):
        errors.append(("nip", "nip_number", _("NIP tersimpan sebagai angka di Excel sehingga digit terakhirnya bisa "
                                              "hilang. Format kolom NIP sebagai Teks lalu isi ulang.")))
    else:
        for code, message in nip_problems(values["nip"], today=today):
            errors.append(("nip", code, message))
    if not values["full_name"]:
        errors.append(("full_name", "name_missing", _("Nama wajib diisi.")))
    elif len(values["full_name"]) > 200:
        errors.append(("full_name", "name_long", _("Nama paling panjang 200 karakter.")))
    agency = None
    if values["agency"]:
        agency = agencies.find(values["agency"])
        if agency is None:
            errors.append(("agency", "agency_unknown", _("Instansi “%(value)s” tidak dikenal. Gunakan kode "
                                                         "instansi (mis. kemenkes) atau nama resminya.")
                           % {"value": values["agency"][:80]}))
        elif scope is not None and agency.pk != scope.pk:
            errors.append(("agency", "agency_other", _("Baris ini untuk %(agency)s; Anda hanya dapat mengimpor ASN "
                                                       "instansi Anda sendiri.") % {"agency": agency}))
            agency = None
    elif scope is not None:
        agency = scope
    else:
        errors.append(("agency", "agency_missing", _("Instansi wajib diisi.")))
    if not values["email"]:
        errors.append(("email", "email_missing", _("Email kerja wajib diisi (undangan dikirim ke sana).")))
    else:
        if not _email_ok(values["email"]):
            errors.append(("email", "email_invalid", _("Email “%(value)s” tidak sah.")
                           % {"value": values["email"][:80]}))
        else:
            if agency is not None and not agencies.accepts(agency, values["email"]):
                errors.append(("email", "email_domain", _("Email harus memakai domain kerja %(agency)s (%(domains)s).")
                               % {"agency": agency.short_name or agency.name, "domains": agency.email_domains}))
    if len(values["unit"]) > 200:
        errors.append(("unit", "unit_long", _("Unit kerja paling panjang 200 karakter.")))
    if len(values["cohort"]) > 100:
        errors.append(("cohort", "cohort_long", _("Nama angkatan paling panjang 100 karakter.")))
    return errors, agency


def _stage(rows: list[tuple]) -> None:
    columns = "(roster_import_id, line, nip, full_name, agency_id, unit, email, cohort_name)"
    # One transaction per chunk: in autocommit SQLite would commit (and sync) every row.
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY influencers_rosterrow {columns} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO influencers_rosterrow {columns} VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",  # noqa: S608
                               rows)


def roster_upload(*, upload, by, agency: Agency | None) -> RosterImport:
    """Keep the uploaded file and queue its validation. Coordinators pass their own agency."""
    if upload.size == 0:
        raise ValidationError({"file": _("Berkas kosong.")})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("Berkas terlalu besar (maksimal 512 MB). Pecah menjadi beberapa berkas.")})
    from tangkal.influencers import tasks

    with transaction.atomic():
        roster_import = RosterImport(agency=agency, created_by=by, original_name=upload.name[:255],
                                     size_bytes=upload.size)
        roster_import.file.save(upload.name.rsplit("/", 1)[-1][-100:], upload, save=False)
        roster_import.save()
        audit_log(actor=by, action="roster.uploaded", obj=roster_import, agency=agency,
                  after={"file": roster_import.original_name, "bytes": upload.size})
        transaction.on_commit(lambda: tasks.roster_validate.enqueue(roster_import.pk))
    return roster_import


def roster_validate(*, roster_import: RosterImport) -> RosterImport:
    """The dry run. Idempotent: running it again starts over from the file."""
    claimed = RosterImport.objects.filter(
        pk=roster_import.pk, status__in=[RosterImport.Status.QUEUED, RosterImport.Status.VALIDATING]
    ).update(status=RosterImport.Status.VALIDATING, bytes_done=0)
    if not claimed:
        return roster_import
    RosterRow.objects.filter(roster_import=roster_import).delete()
    roster_import.refresh_from_db()
    counts: Counter = Counter()
    state = {"total": 0, "valid": 0, "invalid": 0, "reported": 0, "preview": []}
    limit = settings.INFLUENCER_IMPORT_MAX_ERRORS_REPORTED
    report = tempfile.NamedTemporaryFile("w+", suffix=".csv", newline="", encoding="utf-8-sig", delete=False)
    writer = csv.writer(report)
    writer.writerow(["baris", "kolom", "kode", "pesan", "nilai"])

    def progress(done: int, total: int | None = None) -> None:
        update = {"rows_total": state["total"]}
        if total:
            update["bytes_done"] = int(roster_import.size_bytes * done / total)
        else:
            update["bytes_done"] = done
        RosterImport.objects.filter(pk=roster_import.pk).update(**update)

    def report_error(line: int, column: str, code: str, message: str, value: str) -> None:
        counts[code] += 1
        if state["reported"] < limit:
            writer.writerow([line, COLUMN_LABELS.get(column, column), code, message, value[:100]])
            state["reported"] += 1

    agencies = AgencyIndex()
    scope = roster_import.agency
    file_error = ""
    try:
        with roster_import.file.open("rb") as fh:
            head = fh.read(8)
            fh.seek(0)
            kind = detect_format(roster_import.original_name, head)
            rows = xlsx_rows(roster_import.file.path, progress) if kind == "xlsx" else csv_rows(fh, progress)
            file_error = _consume(rows, roster_import=roster_import, agencies=agencies, scope=scope,
                                  state=state, report_error=report_error)
    except FileProblem as exc:
        file_error = exc.message
    if not file_error:
        _report_duplicates(roster_import, state, report_error)
        if scope is not None:
            _report_other_agency(roster_import, scope, state, report_error)
    report.flush()
    report.seek(0)
    with transaction.atomic():
        if file_error or state["invalid"]:
            RosterRow.objects.filter(roster_import=roster_import).delete()
        roster_import.refresh_from_db()
        if counts:
            roster_import.error_report.save(f"{roster_import.public_id}-galat.csv", File(report), save=False)
        roster_import.rows_total = state["total"]
        roster_import.rows_valid = state["valid"]
        roster_import.rows_invalid = state["invalid"]
        roster_import.error_counts = dict(counts.most_common())
        roster_import.preview = state["preview"]
        roster_import.file_error = file_error
        roster_import.bytes_done = roster_import.size_bytes
        roster_import.validated_at = timezone.now()
        if file_error or state["invalid"] or not state["total"]:
            roster_import.status = RosterImport.Status.INVALID
            if not file_error and not state["total"]:
                roster_import.file_error = _("Berkas tidak berisi baris data.")
        else:
            roster_import.status = RosterImport.Status.VALIDATED
        roster_import.save()
    report.close()
    Path(report.name).unlink(missing_ok=True)
    return roster_import


def _consume(rows, *, roster_import, agencies, scope, state, report_error) -> str:
    """Validate and stage every row; a whole-file problem comes back as its message."""
    try:
        _line, header = next(rows)
    except StopIteration:
        return _("Berkas kosong.")
    names = [HEADER_ALIASES.get(_cell(h).lower()) for h in header]
    missing = [COLUMN_LABELS[c] for c in ("nip", "full_name", "email") if c not in names]
    if scope is None and "agency" not in names:
        missing.append(COLUMN_LABELS["agency"])
    if missing:
        return _("Kolom wajib tidak ada: %(missing)s. Baris pertama harus berisi judul kolom: nip, nama, instansi, "
                 "unit, email, angkatan.") % {"missing": ", ".join(missing)}
    positions = {name: i for i, name in reversed(list(enumerate(names))) if name}
    today = date.today()
    chunk: list[tuple] = []
    for line, row in rows:
        if not any(_cell(v) for v in row):
            continue
        state["total"] += 1
        values = {name: _cell(row[i]) if i < len(row) else "" for name, i in positions.items()}
        for name in ("unit", "cohort", "agency"):
            values.setdefault(name, "")
        values["nip"] = clean_nip(values["nip"])
        raw_nip = row[positions["nip"]] if positions["nip"] < len(row) else ""
        errors, agency = _problems(values, raw_nip, agencies=agencies, scope=scope, today=today)
        if errors:
            state["invalid"] += 1
            for column, code, message in errors:
                report_error(line, column, code, message, str(values.get(column, "")))
            continue
        state["valid"] += 1
        chunk.append((roster_import.pk, line, values["nip"], values["full_name"], agency.pk, values["unit"],
                      values["email"].lower(), " ".join(values["cohort"].split())))
        if len(state["preview"]) < PREVIEW_ROWS:
            state["preview"].append({"line": line, "nip": f"{values['nip'][:4]}…{values['nip'][-4:]}",
                                     "full_name": values["full_name"], "agency": agency.short_name or agency.name,
                                     "unit": values["unit"], "email": values["email"].lower(),
                                     "cohort": values["cohort"]})
        if len(chunk) >= CHUNK:
            _stage(chunk)
            chunk = []
    if chunk:
        _stage(chunk)
    return ""


def _report_duplicates(roster_import, state, report_error) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT r.line, r.nip, d.first_line FROM influencers_rosterrow r
               JOIN (SELECT nip, MIN(line) AS first_line FROM influencers_rosterrow
                     WHERE roster_import_id = %s GROUP BY nip HAVING COUNT(*) > 1) d ON d.nip = r.nip
               WHERE r.roster_import_id = %s AND r.line > d.first_line ORDER BY r.line""",
            [roster_import.pk, roster_import.pk],
        )
        for line, nip, first in cursor.fetchall():
            state["invalid"] += 1
            state["valid"] -= 1
            report_error(line, "nip", "nip_duplicate",
                         _("NIP ganda: sama dengan baris %(first)s.") % {"first": first}, nip)


def _report_other_agency(roster_import, scope: Agency, state, report_error) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT r.line, r.nip FROM influencers_rosterrow r JOIN influencers_asnprofile p ON p.nip = r.nip
               WHERE r.roster_import_id = %s AND p.agency_id <> %s ORDER BY r.line""",
            [roster_import.pk, scope.pk],
        )
        for line, nip in cursor.fetchall():
            state["invalid"] += 1
            state["valid"] -= 1
            report_error(line, "nip", "nip_other_agency",
                         _("NIP ini terdaftar di instansi lain; minta admin program memindahkannya."), nip)


# ---- committing ------------------------------------------------------------------------------------

def roster_commit_request(*, roster_import: RosterImport, by) -> RosterImport:
    from tangkal.influencers import tasks

    if roster_import.status != RosterImport.Status.VALIDATED:
        raise ValidationError(_("Impor ini tidak dapat diterapkan: perbaiki semua galat lalu unggah ulang."))
    with transaction.atomic():
        claimed = RosterImport.objects.filter(pk=roster_import.pk, status=RosterImport.Status.VALIDATED).update(
            status=RosterImport.Status.COMMITTING, bytes_done=0)
        if not claimed:
            raise ValidationError(_("Impor ini sedang atau sudah diterapkan."))
        audit_log(actor=by, action="roster.commit_requested", obj=roster_import, agency=roster_import.agency)
        transaction.on_commit(lambda: tasks.roster_commit.enqueue(roster_import.pk))
    roster_import.refresh_from_db()
    return roster_import


def _uuid_sql() -> str:
    return "gen_random_uuid()" if connection.vendor == "postgresql" else "lower(hex(randomblob(16)))"


def roster_commit(*, roster_import: RosterImport) -> RosterImport:
    """Upsert every staged row by NIP in one transaction. Safe to run again after a crash."""
    roster_import.refresh_from_db()
    if roster_import.status != RosterImport.Status.COMMITTING:
        return roster_import
    pk = roster_import.pk
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    distinct = "IS DISTINCT FROM"
    try:
        with transaction.atomic():
            pairs = (RosterRow.objects.filter(roster_import_id=pk).exclude(cohort_name="")
                     .values_list("agency_id", "cohort_name").distinct())
            agencies = {a.pk: a for a in Agency.objects.filter(pk__in={a for a, _n in pairs})}
            for agency_id, name in pairs:
                cohort_get_or_create(agency=agencies[agency_id], name=name)
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM influencers_rosterrow r JOIN influencers_asnprofile p "
                               "ON p.nip = r.nip WHERE r.roster_import_id = %s", [pk])
                existing = cursor.fetchone()[0]
                cursor.execute(
                    f"""INSERT INTO influencers_asnprofile
                          (public_id, created_at, updated_at, nip, full_name, unit, email, phone, agency_id,
                           cohort_id, region_id, stage, is_active, eligible, eligibility_reason)
                        SELECT {_uuid_sql()}, %s, %s, r.nip, r.full_name, r.unit, r.email, '', r.agency_id,
                               c.id, a.region_id, 'imported', TRUE, FALSE, ''
                        FROM influencers_rosterrow r
                        JOIN accounts_agency a ON a.id = r.agency_id
                        LEFT JOIN influencers_cohort c ON c.agency_id = r.agency_id AND c.name = r.cohort_name
                        WHERE r.roster_import_id = %s
                        ORDER BY r.nip
                        ON CONFLICT (nip) DO UPDATE SET
                          full_name = excluded.full_name,
                          unit = CASE WHEN excluded.unit = '' THEN influencers_asnprofile.unit ELSE excluded.unit END,
                          email = excluded.email,
                          agency_id = excluded.agency_id,
                          region_id = COALESCE(influencers_asnprofile.region_id, excluded.region_id),
                          cohort_id = COALESCE(excluded.cohort_id, influencers_asnprofile.cohort_id),
                          updated_at = excluded.updated_at
                        WHERE influencers_asnprofile.full_name {distinct} excluded.full_name
                           OR (excluded.unit <> '' AND influencers_asnprofile.unit {distinct} excluded.unit)
                           OR influencers_asnprofile.email {distinct} excluded.email
                           OR influencers_asnprofile.agency_id {distinct} excluded.agency_id
                           OR (excluded.cohort_id IS NOT NULL
                               AND influencers_asnprofile.cohort_id {distinct} excluded.cohort_id)""",  # noqa: S608
                    [now, now, pk],
                )
                written = cursor.rowcount
            created = roster_import.rows_valid - existing
            roster_import.rows_created = created
            roster_import.rows_updated = max(written - created, 0)
            roster_import.rows_unchanged = existing - roster_import.rows_updated
            roster_import.status = RosterImport.Status.DONE
            roster_import.committed_at = timezone.now()
            roster_import.bytes_done = roster_import.size_bytes
            roster_import.save()
            audit_log(actor=roster_import.created_by, action="roster.committed", obj=roster_import,
                      agency=roster_import.agency,
                      after={"created": created, "updated": roster_import.rows_updated,
                             "unchanged": roster_import.rows_unchanged})
    except Exception:
        logger.exception("roster commit failed", extra={"import": pk})
        RosterImport.objects.filter(pk=pk).update(status=RosterImport.Status.FAILED,
                                                  file_error=_("Penerapan gagal; tidak ada data yang berubah. "
                                                               "Coba lagi atau hubungi admin."))
        raise
    RosterRow.objects.filter(roster_import_id=pk).delete()
    return roster_import
