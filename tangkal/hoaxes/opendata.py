"""Open data: every clarification the desk published, as JSON Lines and CSV.

No personal data: no reporter, contact, staff name or internal note ever appears here. The
schema is documented on /klarifikasi/data/ and in docs/HOAX_DESK.md; columns only get added.
"""

from __future__ import annotations

import csv
import io
import json

from django.conf import settings
from django.http import StreamingHttpResponse
from django.views.decorators.cache import cache_control

from tangkal.hoaxes.models import Clarification

SCHEMA_VERSION = 1
FIELDS = [
    ("id", "UUID tetap klarifikasi"),
    ("url", "Alamat halaman publik"),
    ("slug", "Bagian alamat yang tetap"),
    ("verdict", "Vonis: HOAKS, DISINFORMASI, MISINFORMASI, FITNAH, PENIPUAN, SALAH, MENYESATKAN, SATIRE/PARODI, "
                "BELUM TERBUKTI, BENAR"),
    ("rating", "Nilai ClaimReview 1 (salah) sampai 5 (benar)"),
    ("headline", "Judul klarifikasi"),
    ("claim_reviewed", "Bunyi klaim yang diperiksa"),
    ("summary", "Penjelasan singkat"),
    ("body", "Penjelasan lengkap (Markdown)"),
    ("references", "Tautan rujukan, dipisah baris baru"),
    ("topic", "Kode topik: politik, pemerintahan, kesehatan, bencana, sara, kriminalitas, penipuan, hukum, ekonomi, "
              "pendidikan, internasional, lainnya"),
    ("region_code", "Kode wilayah Kemendagri, kosong bila nasional"),
    ("region_name", "Nama wilayah"),
    ("published_at", "Waktu terbit (ISO 8601, UTC)"),
    ("updated_at", "Waktu perubahan terakhir (ISO 8601, UTC)"),
    ("version", "Nomor versi; naik pada setiap koreksi"),
    ("corrections", "Jumlah koreksi setelah terbit"),
    ("report_count", "Jumlah laporan warga tentang klaim ini"),
]


def rows():
    clars = (Clarification.objects.filter(status=Clarification.Status.PUBLISHED, is_external=False)
             .select_related("region", "claim").prefetch_related("corrections").order_by("published_at", "id"))
    for clar in clars.iterator(chunk_size=500):
        yield {
            "id": str(clar.public_id),
            "url": settings.SITE_URL + clar.get_absolute_url(),
            "slug": clar.slug,
            "verdict": clar.get_verdict_display(),
            "rating": clar.rating,
            "headline": clar.headline,
            "claim_reviewed": clar.claim_reviewed,
            "summary": clar.summary,
            "body": clar.body,
            "references": "\n".join(url for _title, url in clar.reference_list()),
            "topic": clar.topic,
            "region_code": clar.region_id or "",
            "region_name": clar.region.name if clar.region_id else "",
            "published_at": clar.published_at.isoformat(),
            "updated_at": clar.updated_at.isoformat(),
            "version": clar.version,
            "corrections": len(clar.corrections.all()),
            "report_count": clar.claim.report_count if clar.claim_id else 0,
        }


@cache_control(public=True, max_age=300)
def jsonl(request):
    lines = (json.dumps(row, ensure_ascii=False) + "\n" for row in rows())
    response = StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="klarifikasi-tangkal.jsonl"'
    response["X-License"] = settings.HOAX_OPEN_DATA_LICENSE
    return response


def _csv_lines():
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[name for name, _desc in FIELDS])
    writer.writeheader()
    for row in rows():
        writer.writerow({k: _defuse(v) for k, v in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _defuse(value):
    """Spreadsheets run cells that start like a formula; a leading apostrophe keeps them text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@cache_control(public=True, max_age=300)
def csv_export(request):
    response = StreamingHttpResponse(_csv_lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="klarifikasi-tangkal.csv"'
    response["X-License"] = settings.HOAX_OPEN_DATA_LICENSE
    return response
