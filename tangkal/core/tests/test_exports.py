from __future__ import annotations

import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from tangkal.core.exports import export_response


def test_csv_export_streams_rows_and_defuses_formulas():
    response = export_response(rows=[["Budi", "=HYPERLINK(\"x\")", 3]], headers=["nama", "catatan", "jumlah"],
                               stem="Daftar ASN", fmt="csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines() == ["nama,catatan,jumlah", "Budi,\"'=HYPERLINK(\"\"x\"\")\",3"]
    assert 'filename="daftar-asn-' in response["Content-Disposition"]


def test_xlsx_export_holds_the_same_rows():
    when = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
    response = export_response(rows=[["Siti", when]], headers=["nama", "waktu"], stem="uji", fmt="xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]] == ["nama", "waktu"]
    assert sheet["A2"].value == "Siti"
    assert sheet["B2"].value == datetime(2026, 11, 28, 8, 0)  # shown in Asia/Jakarta
