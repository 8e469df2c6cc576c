"""The Monday reports: "Laporan Mingguan Program Influencer ASN" and the weekly hoax-issue list,
as PDF (fpdf2, pure Python) and XLSX, national and per agency, archived and emailed."""

from __future__ import annotations

import io
import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from tangkal.accounts.models import Agency, Role, User
from tangkal.core.audit import audit_log
from tangkal.reports import selectors
from tangkal.reports.aggregates import refresh_all
from tangkal.reports.models import WeeklyReport

logger = logging.getLogger(__name__)
GENERATE_FROM_HOUR = 6  # Monday 06:00 WIB


def previous_week_start(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today - timedelta(days=today.weekday() + 7)


def week_data(*, week_start: date, agency: Agency | None) -> dict:
    filters = selectors.Filters(start=week_start, end=week_start + timedelta(days=6), agency=agency)
    data = selectors.dashboard(filters)
    data["hoaxes"] = clarified_hoaxes(filters)
    return data


def clarified_hoaxes(filters: selectors.Filters) -> list[dict]:
    from tangkal.hoaxes.models import Clarification

    published = Clarification.objects.filter(
        status="published", is_external=False, published_at__gte=filters.moments["gte"],
        published_at__lt=filters.moments["lt"],
    ).order_by("published_at")
    if filters.agency is not None:
        published = published.filter(claim__agency=filters.agency)
    items = []
    for clarification in published[:500]:
        url = clarification.get_absolute_url() if hasattr(clarification, "get_absolute_url") else ""
        items.append({
            "date": timezone.localtime(clarification.published_at).date(),
            "verdict": clarification.get_verdict_display(), "headline": clarification.headline,
            "topic": clarification.get_topic_display(), "url": f"{settings.SITE_URL}{url}",
        })
    return items


def _latin1(text) -> str:
    """fpdf2's core fonts speak Latin-1; typographic characters outside it are replaced sensibly."""
    replaced = str(text).replace("—", "-").replace("–", "-").replace("’", "'").replace("“", '"').replace("”", '"')
    replaced = replaced.replace("≥", ">=").replace("…", "...")
    return replaced.encode("latin-1", "replace").decode("latin-1")


def build_pdf(*, data: dict, week_start: date, scope: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _latin1(_("Laporan Mingguan Program Influencer ASN")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    period = f"{week_start:%d-%m-%Y} s.d. {week_start + timedelta(days=6):%d-%m-%Y}"
    pdf.multi_cell(0, 6, _latin1(f"{scope} · {period}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    def table(title: str, columns: list[str], rows: list[list], widths: list[int]) -> None:
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, _latin1(title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "B", 9)
        for column, width in zip(columns, widths, strict=True):
            pdf.cell(width, 6, _latin1(column)[:40], border=1)
        pdf.ln()
        pdf.set_font("Helvetica", "", 9)
        for row in rows:
            for value, width in zip(row, widths, strict=True):
                pdf.cell(width, 6, _latin1(value)[: max(8, width // 2)], border=1)
            pdf.ln()
        pdf.ln(3)

    table(_("Corong program"), [_("Tahap"), _("Jumlah"), _("Konversi (%)")],
          [[s["label"], s["count"], s["conversion"] if s["conversion"] is not None else "-"] for s in data["steps"]],
          [80, 40, 40])
    desk = data["desk"]
    latency = desk["latency"]
    table(_("Meja hoaks"), [_("Ukuran"), _("Nilai")], [
        [_("Laporan masuk"), desk["reports"]], [_("Klaim baru"), desk["claims"]],
        [_("Klarifikasi terbit"), desk["published"]],
        [_("Median waktu terbit (menit)"), latency["median"] if latency["median"] is not None else "-"],
        [_("Persentil 90 (menit)"), latency["p90"] if latency["p90"] is not None else "-"],
        [_("Target (menit)"), latency["target"]],
    ], [100, 60])
    table(_("Jangkauan potensial per platform"), [_("Platform"), _("Pengikut"), _("Akun")],
          data["reach_chart"].rows, [60, 60, 40])
    campaigns = data["campaigns"]
    if campaigns.get("available"):
        table(_("Kampanye"), [_("Ukuran"), _("Nilai")], [[k, v] for k, v in campaigns.get("figures", [])], [100, 60])
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, _latin1(_("Laporan Isu Hoaks Mingguan")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    if not data["hoaxes"]:
        pdf.multi_cell(0, 6, _latin1(_("Tidak ada klarifikasi terbit pekan ini.")), new_x="LMARGIN", new_y="NEXT")
    for number, item in enumerate(data["hoaxes"], start=1):
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(0, 5, _latin1(f"{number}. [{item['verdict']}] {item['headline']}"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(0, 5, _latin1(f"{item['date']:%d-%m-%Y} · {item['topic']} · {item['url']}"),
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    return bytes(pdf.output())


def build_xlsx(*, data: dict, week_start: date, scope: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    summary = workbook.active
    summary.title = "Ringkasan"
    summary.append([_("Laporan Mingguan Program Influencer ASN"), scope, week_start.isoformat()])
    summary.append([])
    summary.append([_("Tahap"), _("Jumlah"), _("Konversi (%)")])
    for step in data["steps"]:
        summary.append([step["label"], step["count"], step["conversion"]])
    summary.append([])
    summary.append([_("Laporan masuk"), data["desk"]["reports"]])
    summary.append([_("Klaim baru"), data["desk"]["claims"]])
    summary.append([_("Klarifikasi terbit"), data["desk"]["published"]])
    summary.append([_("Median waktu terbit (menit)"), data["desk"]["latency"]["median"]])
    summary.append([_("Persentil 90 (menit)"), data["desk"]["latency"]["p90"]])
    hoaxes = workbook.create_sheet("Isu hoaks")
    hoaxes.append([_("Tanggal"), _("Vonis"), _("Judul"), _("Topik"), _("Tautan")])
    for item in data["hoaxes"]:
        hoaxes.append([item["date"], item["verdict"], item["headline"], item["topic"], item["url"]])
    provinces = workbook.create_sheet("Provinsi")
    provinces.append(data["provinces"].columns)
    for row in data["provinces"].rows:
        provinces.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _recipients(agency: Agency | None) -> list[str]:
    users = User.objects.filter(is_active=True)
    users = users.filter(role=Role.ADMIN) if agency is None else users.filter(role=Role.COORDINATOR, agency=agency)
    return list(users.values_list("email", flat=True))


def generate_weekly_reports(*, week_start: date, by=None, email: bool = True) -> int:
    """Create the week's national report and one per agency with a coordinator; idempotent per week."""
    refresh_all(days=(timezone.localdate() - week_start).days + 1)
    agencies = [None, *Agency.objects.filter(users__role=Role.COORDINATOR, users__is_active=True).distinct()]
    created = 0
    for agency in agencies:
        if WeeklyReport.objects.filter(week_start=week_start, agency=agency).exists():
            continue
        scope = agency.name if agency else _("Nasional")
        with override(settings.LANGUAGE_CODE):
            data = week_data(week_start=week_start, agency=agency)
            pdf, xlsx = build_pdf(data=data, week_start=week_start, scope=scope), build_xlsx(
                data=data, week_start=week_start, scope=scope)
        stem = f"{week_start:%Y-%m-%d}-{agency.code if agency else 'nasional'}"
        try:
            with transaction.atomic():
                report = WeeklyReport(week_start=week_start, agency=agency)
                report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
                report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
                report.save()
                audit_log(actor=by, action="reports.weekly_generated", obj=report, agency=agency)
        except IntegrityError:
            continue  # another worker made it first
        created += 1
        if email:
            _email(report=report, pdf=pdf, scope=scope)
    return created


def _email(*, report: WeeklyReport, pdf: bytes, scope: str) -> None:
    recipients = _recipients(report.agency)
    if not recipients:
        return
    with override(settings.LANGUAGE_CODE):
        subject = _("Laporan Mingguan Program Influencer ASN %(week)s — %(scope)s") % {
            "week": f"{report.week_start:%d-%m-%Y}", "scope": scope}
        body = _("Terlampir laporan pekan %(week)s. Arsip: %(url)s") % {
            "week": f"{report.week_start:%d-%m-%Y}", "url": f"{settings.SITE_URL}/laporan/mingguan/"}
    message = EmailMessage(subject=subject, body=body, to=[settings.DEFAULT_FROM_EMAIL], bcc=recipients)
    message.attach(f"laporan-mingguan-{report.week_start:%Y-%m-%d}.pdf", pdf, "application/pdf")
    try:
        message.send()
    except Exception:  # mail trouble must not lose the archived report
        logger.exception("weekly report email failed")
        return
    WeeklyReport.objects.filter(pk=report.pk).update(emailed_to=len(recipients))


def generate_due_weekly_reports(*, now=None) -> int:
    """From Monday 06:00 WIB on, make last week's reports if they are not there yet."""
    now = timezone.localtime(now)
    week_start = previous_week_start(now.date())
    if now.weekday() == 0 and now.hour < GENERATE_FROM_HOUR:
        return 0
    if WeeklyReport.objects.filter(week_start=week_start, agency__isnull=True).exists():
        return 0
    return generate_weekly_reports(week_start=week_start)
