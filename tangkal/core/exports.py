"""CSV and XLSX downloads of back-office tables.

Callers pass rows that already went through a scoped selector; this module only formats them.
CSV streams row by row; XLSX uses openpyxl's write-only mode so memory stays flat.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

FORMATS = ("csv", "xlsx")
# Spreadsheet programs run cells that start with these as formulas (CSV injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        if getattr(value, "tzinfo", None) is not None:
            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def _filename(stem: str, extension: str) -> str:
    return f"{slugify(stem) or 'ekspor'}-{timezone.localdate():%Y%m%d}.{extension}"


def export_response(
    *, rows: Iterable[Sequence[Any]], headers: Sequence[str], stem: str, fmt: str
) -> HttpResponse:
    if fmt == "xlsx":
        return _xlsx(rows=rows, headers=headers, stem=stem)
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # so Excel opens UTF-8 with the right encoding
        yield writer.writerow(headers)
        for row in rows:
            yield writer.writerow([_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "csv")}"'
    return response


def _xlsx(*, rows, headers, stem: str) -> FileResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(stem[:31] or "Data"))
    sheet.append(list(headers))
    for row in rows:
        sheet.append([_cell(value) for value in row])
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=_filename(stem, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def requested_format(request: HttpRequest) -> str | None:
    """`?format=csv` or `?format=xlsx` on a table page asks for a download of the same rows."""
    fmt = request.GET.get("format", "")
    return fmt if fmt in FORMATS else None
