"""The completion certificate as a one-page PDF (fpdf2, pure Python) with a QR code to its public page."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override
from fpdf import FPDF

from tangkal.training.models import Certificate

BRAND = (11, 83, 148)
INK = (27, 31, 36)
MUTED = (74, 85, 97)


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("training:certificate", kwargs={"public_id": certificate.public_id})


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


def _latin1(text: str) -> str:
    """Core PDF fonts cover Latin-1 only; fold anything else (e.g. a name with a rare diacritic)."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).encode("latin-1", "replace").decode("latin-1")


def _font(pdf: FPDF) -> tuple[str, callable]:
    path = getattr(settings, "TRAINING_CERTIFICATE_FONT", "")
    if path and Path(path).exists():
        pdf.add_font("cert", "", path)
        pdf.add_font("cert", "B", path)
        return "cert", str
    return "Helvetica", _latin1


def render_certificate_pdf(certificate: Certificate) -> bytes:
    with override(settings.LANGUAGE_CODE):
        return _render(certificate)


def _render(certificate: Certificate) -> bytes:
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(_latin1(_("Sertifikat pelatihan Tangkal")))
    pdf.set_author("Tangkal")
    pdf.add_page()
    family, clean = _font(pdf)
    width, height = pdf.w, pdf.h

    pdf.set_draw_color(*BRAND)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, width - 20, height - 20)
    pdf.set_line_width(0.4)
    pdf.rect(14, 14, width - 28, height - 28)

    pdf.set_text_color(*BRAND)
    pdf.set_font(family, "B", 14)
    pdf.set_xy(20, 24)
    pdf.cell(width - 40, 8, clean(_("TANGKAL · PROGRAM INFLUENCER PEMERINTAH UNTUK ASN")), align="C")

    pdf.set_text_color(*INK)
    pdf.set_font(family, "B", 30)
    pdf.set_xy(20, 42)
    pdf.cell(width - 40, 14, clean(_("Sertifikat Pelatihan")), align="C")

    pdf.set_font(family, "", 13)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(20, 62)
    pdf.cell(width - 40, 8, clean(_("diberikan kepada")), align="C")

    pdf.set_text_color(*INK)
    pdf.set_font(family, "B", 24)
    pdf.set_xy(20, 74)
    pdf.cell(width - 40, 12, clean(certificate.holder_name), align="C")

    pdf.set_font(family, "", 13)
    pdf.set_xy(40, 92)
    completed = date_format(timezone.localtime(certificate.completed_at), "j F Y")
    pdf.multi_cell(
        width - 80, 7,
        clean(_("telah menuntaskan %(curriculum)s (versi %(version)s), termasuk seluruh modul dan kuisnya, "
                "pada %(date)s.") % {"curriculum": certificate.version.curriculum.title,
                                      "version": certificate.version.number, "date": completed}),
        align="C",
    )

    courses = ", ".join(certificate.version.courses.order_by("order").values_list("title", flat=True))
    pdf.set_text_color(*MUTED)
    pdf.set_font(family, "", 10)
    pdf.set_xy(40, 116)
    pdf.multi_cell(width - 80, 5, clean(_("Kursus: %(courses)s") % {"courses": courses}), align="C")

    url = verification_url(certificate)
    qr_size = 38
    pdf.image(io.BytesIO(qr_png(url)), x=width - 20 - qr_size - 6, y=height - 20 - qr_size - 8, w=qr_size, h=qr_size,
              link=url)
    pdf.set_font(family, "", 9)
    pdf.set_xy(26, height - 48)
    pdf.multi_cell(
        width - 90, 5,
        clean(_("Keaslian sertifikat ini dapat diperiksa dengan memindai kode QR atau membuka:")) + "\n" + url
        + "\n" + clean(_("Nomor sertifikat: %(id)s") % {"id": certificate.public_id}),
    )
    return bytes(pdf.output())
