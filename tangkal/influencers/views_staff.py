"""Coordinator and programme-admin pages: roster, transfers, evidence, anomalies, imports, cohorts, policy."""

from __future__ import annotations

import csv
import io
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tangkal.core.audit import audit_log
from tangkal.core.exports import export_response, requested_format
from tangkal.core.permissions import can, is_admin, require
from tangkal.influencers import eligibility, roster, selectors, services, social, tasks
from tangkal.influencers.charts import follower_chart
from tangkal.influencers.forms import (
    CohortForm,
    ImportForm,
    NoteForm,
    PolicyForm,
    ReviewForm,
    RosterFilterForm,
    TransferForm,
)
from tangkal.influencers.models import ASNProfile, Cohort, EligibilityPolicy, Stage
from tangkal.influencers.views import _errors_to_form, _message_errors

EXPORT_COLUMNS = ["nip", "nama", "instansi", "unit", "email", "angkatan", "tahap", "memenuhi_syarat",
                  "pengikut_dihitung", "akun_terverifikasi"]


def _roster_rows(profiles):
    for p in profiles.iterator(chunk_size=2000):
        yield [p.nip, p.full_name, p.agency.code, p.unit, p.email, p.cohort.name if p.cohort else "",
               p.stage, "ya" if p.eligible else "tidak", p.counted_followers or 0, p.verified_count]


@login_required
def roster_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "influencers.manage_roster")
    form = RosterFilterForm(request.GET or None)
    stage, query = "", ""
    if form.is_valid():
        stage, query = form.cleaned_data["stage"], form.cleaned_data["q"]
    profiles = selectors.roster_for(request.user, stage=stage, query=query)
    page = Paginator(profiles, 50).get_page(request.GET.get("halaman"))
    counts = selectors.stage_counts(request.user)
    return render(request, "influencers/staff/roster.html", {
        "form": form, "page": page, "stage_rows": [(label, counts.get(code, 0)) for code, label in Stage.choices],
        "querystring": request.GET.urlencode(),
    })


@login_required
def roster_export(request: HttpRequest) -> HttpResponse:
    require(request.user, "influencers.manage_roster")
    form = RosterFilterForm(request.GET or None)
    stage = form.cleaned_data["stage"] if form.is_valid() else ""
    profiles = selectors.roster_for(request.user, stage=stage)
    audit_log(actor=request.user, action="roster.exported", agency=request.user.agency,
              note=f"format={request.GET.get('format', 'csv')} stage={stage}")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if request.GET.get("format") == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("ASN")
        sheet.append(EXPORT_COLUMNS)
        for row in _roster_rows(profiles):
            sheet.append(row)
        handle = tempfile.TemporaryFile()
        book.save(handle)
        handle.seek(0)
        return FileResponse(handle, as_attachment=True, filename=f"asn-{stamp}.xlsx")

    def stream():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        yield "\ufeff"
        writer.writerow(EXPORT_COLUMNS)
        for row in _roster_rows(profiles):
            writer.writerow(row)
            if buffer.tell() > 65536:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="asn-{stamp}.csv"'
    return response


def _render_asn_detail(request: HttpRequest, profile: ASNProfile,
                       transfer_form: TransferForm | None = None) -> HttpResponse:
    policy = eligibility.policy_current()
    accounts = []
    for account in profile.accounts.all():
        accounts.append({"account": account, "chart": follower_chart(selectors.follower_history(account),
                                                                      threshold=policy.threshold)})
    if transfer_form is None and can(request.user, "influencers.transfer", profile):
        transfer_form = TransferForm(current_agency=profile.agency)
    return render(request, "influencers/staff/asn_detail.html", {
        "profile": profile, "accounts": accounts, "explanation": eligibility.explain(profile, policy),
        "decisions": profile.decisions.select_related("policy").order_by("-id")[:10],
        "anomalies": selectors.anomalies_for(request.user).filter(account__profile=profile),
        "transfers": selectors.transfers_of(request.user, profile), "transfer_form": transfer_form,
    })


@login_required
def asn_detail(request: HttpRequest, public_id) -> HttpResponse:
    require(request.user, "influencers.manage_roster")
    return _render_asn_detail(request, selectors.profile_for_staff(request.user, public_id))


@login_required
@require_POST
def asn_transfer(request: HttpRequest, public_id) -> HttpResponse:
    require(request.user, "influencers.manage_roster")
    profile = selectors.profile_for_staff(request.user, public_id)
    require(request.user, "influencers.transfer", profile)
    form = TransferForm(request.POST, current_agency=profile.agency)
    if form.is_valid():
        data = form.cleaned_data
        try:
            transfer = services.asn_transfer(profile=profile, to_agency=data["to_agency"], by=request.user,
                                             reason=data["reason"], effective_date=data["effective_date"])
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("%(name)s dipindahkan ke %(agency)s. ASN tersebut dan koordinator instansi "
                                        "tujuan diberi tahu lewat email.")
                             % {"name": profile.full_name, "agency": transfer.to_agency})
            # The releasing coordinator no longer sees the ASN: back to their roster. An admin still does.
            try:
                selectors.profile_for_staff(request.user, profile.public_id)
            except Http404:
                return redirect("influencers:roster")
            return redirect("influencers:asn", public_id=profile.public_id)
    return _render_asn_detail(request, profile, transfer_form=form)


@login_required
def evidence_queue(request: HttpRequest) -> HttpResponse:
    accounts = selectors.pending_evidence_for(request.user)
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=([a.profile.full_name, a.profile.agency.name, a.get_platform_display(), a.handle, a.created_at]
                  for a in accounts[:5000]),
            headers=[_("Nama"), _("Instansi"), _("Platform"), _("Akun"), _("Diajukan")],
            stem="bukti-menunggu", fmt=fmt)
    return render(request, "influencers/staff/evidence_queue.html", {"accounts": accounts[:200]})


@login_required
def evidence_review(request: HttpRequest, public_id) -> HttpResponse:
    require(request.user, "influencers.manage_roster")
    account = selectors.account_for_staff(request.user, public_id)
    require(request.user, "influencers.manage_roster", account)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            social.evidence_review(account=account, approve=form.cleaned_data["decision"] == "approve",
                                   note=form.cleaned_data["note"], by=request.user)
        except ValidationError as exc:
            _message_errors(request, exc)
            return redirect("influencers:evidence_review", public_id=account.public_id)
        messages.success(request, _("Keputusan disimpan dan dicatat di log audit."))
        return redirect("influencers:evidence_queue")
    return render(request, "influencers/staff/evidence_review.html", {"account": account, "form": form})


@login_required
def evidence_file(request: HttpRequest, public_id) -> HttpResponse:
    require(request.user, "influencers.manage_roster")
    account = selectors.account_for_staff(request.user, public_id)
    if not account.evidence:
        raise Http404
    response = FileResponse(account.evidence.open("rb"))
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def anomaly_list(request: HttpRequest) -> HttpResponse:
    flags = selectors.anomalies_for(request.user).order_by("-created_at")
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=([f.created_at, f.get_kind_display(), f.account.profile.full_name, f.account.get_platform_display(),
                   f.account.handle, f.cleared_at] for f in flags[:5000]),
            headers=[_("Waktu"), _("Jenis"), _("Nama"), _("Platform"), _("Akun"), _("Dibersihkan")],
            stem="anomali", fmt=fmt)
    return render(request, "influencers/staff/anomalies.html", {"flags": flags[:200], "form": NoteForm()})


@login_required
@require_POST
def anomaly_clear(request: HttpRequest, public_id) -> HttpResponse:
    require(request.user, "influencers.manage_roster")
    flag = selectors.anomaly_for_staff(request.user, public_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tulis catatan mengapa anomali ini ditutup."))
        return redirect("influencers:anomalies")
    try:
        social.anomaly_clear(flag=flag, note=form.cleaned_data["note"], by=request.user)
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(request, _("Anomali ditutup."))
    return redirect("influencers:anomalies")


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "influencers.manage_roster")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        agency = None if is_admin(request.user) else request.user.agency
        try:
            roster_import = roster.roster_upload(upload=form.cleaned_data["file"], by=request.user, agency=agency)
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            return redirect("influencers:import", public_id=roster_import.public_id)
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=([i.created_at, i.original_name, i.get_status_display(), i.rows_total, i.rows_valid, i.rows_invalid,
                   i.rows_created, i.rows_updated, i.rows_unchanged] for i in selectors.imports_for(request.user)[:5000]),
            headers=[_("Diunggah"), _("Berkas"), _("Status"), _("Baris"), _("Valid"), _("Bermasalah"), _("Baru"),
                     _("Diperbarui"), _("Tetap")],
            stem="riwayat-impor", fmt=fmt)
    return render(request, "influencers/staff/imports.html",
                  {"form": form, "imports": selectors.imports_for(request.user)[:30]})


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    require(request.user, "influencers.manage_roster")
    code = request.user.agency.code if request.user.agency_id else "kemenkes"
    body = ("\ufeffnip,nama,instansi,unit,email,angkatan\r\n"
            f"199001152019032001,Contoh Nama,{code},Biro Humas,contoh@{code}.go.id,CPNS 2019\r\n")
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="templat-daftar-asn.csv"'
    return response


@login_required
def import_detail(request: HttpRequest, public_id) -> HttpResponse:
    roster_import = selectors.import_for_staff(request.user, public_id)
    return render(request, "influencers/staff/import_detail.html", {"imp": roster_import})


@login_required
def import_progress(request: HttpRequest, public_id) -> HttpResponse:
    roster_import = selectors.import_for_staff(request.user, public_id)
    response = render(request, "influencers/staff/partials/import_progress.html", {"imp": roster_import})
    if not roster_import.is_running and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # show the final page (preview, errors, buttons) once done
    return response


@login_required
@require_POST
def import_commit(request: HttpRequest, public_id) -> HttpResponse:
    roster_import = selectors.import_for_staff(request.user, public_id)
    try:
        roster.roster_commit_request(roster_import=roster_import, by=request.user)
    except ValidationError as exc:
        _message_errors(request, exc)
    return redirect("influencers:import", public_id=roster_import.public_id)


@login_required
def import_errors(request: HttpRequest, public_id) -> HttpResponse:
    roster_import = selectors.import_for_staff(request.user, public_id)
    if not roster_import.error_report:
        raise Http404
    return FileResponse(roster_import.error_report.open("rb"), as_attachment=True,
                        filename=f"galat-{roster_import.original_name.rsplit('.', 1)[0][:60]}.csv",
                        content_type="text/csv; charset=utf-8")


@login_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "influencers.manage_roster")
    form = CohortForm(request.POST or None)
    can_create = request.user.agency_id is not None
    if request.method == "POST" and can_create and form.is_valid():
        cohort = services.cohort_get_or_create(agency=request.user.agency, name=form.cleaned_data["name"])
        audit_log(actor=request.user, action="cohort.created", obj=cohort)
        return redirect("influencers:cohort", public_id=cohort.public_id)
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=([c.name, c.intake_year, c.agency.name] for c in selectors.cohorts_for(request.user)),
            headers=[_("Angkatan"), _("Tahun masuk"), _("Instansi")], stem="angkatan", fmt=fmt)
    return render(request, "influencers/staff/cohorts.html",
                  {"form": form, "cohorts": selectors.cohorts_for(request.user), "can_create": can_create})


@login_required
def cohort_detail(request: HttpRequest, public_id) -> HttpResponse:
    cohort = selectors.cohort_for_staff(request.user, public_id)
    members = cohort.members.select_related("agency").order_by("full_name")
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=([m.full_name, m.agency.name, m.unit, m.get_stage_display(), m.user_id is not None] for m in members),
            headers=[_("Nama"), _("Instansi"), _("Unit kerja"), _("Tahap"), _("Sudah mendaftar")],
            stem=f"angkatan-{cohort.name}", fmt=fmt)
    page = Paginator(members, 100).get_page(request.GET.get("halaman"))
    return render(request, "influencers/staff/cohort_detail.html", {
        "cohort": cohort, "page": page, "not_enrolled": members.filter(user__isnull=True).count(),
    })


@login_required
@require_POST
def cohort_invite(request: HttpRequest, public_id) -> HttpResponse:
    cohort: Cohort = selectors.cohort_for_staff(request.user, public_id)
    from django.db import transaction

    transaction.on_commit(lambda: tasks.cohort_invite.enqueue(cohort.pk, request.user.pk))
    messages.success(request, _("Undangan sedang dikirim ke anggota angkatan yang belum mendaftar."))
    return redirect("influencers:cohort", public_id=cohort.public_id)


@login_required
def policy(request: HttpRequest) -> HttpResponse:
    require(request.user, "influencers.set_policy")
    current = eligibility.policy_current()
    initial = {f: getattr(current, f) for f in ("threshold", "counting", "max_snapshot_age_days", "grace_days")}
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new = eligibility.policy_set(threshold=data["threshold"], counting=data["counting"],
                                     max_snapshot_age_days=data["max_snapshot_age_days"],
                                     grace_days=data["grace_days"], note=data["note"], by=request.user)
        messages.success(request, _("Kebijakan versi %(version)s berlaku. Kelayakan semua ASN dihitung ulang di "
                                    "latar belakang.") % {"version": new.version})
        return redirect("influencers:policy")
    return render(request, "influencers/staff/policy.html", {
        "form": form, "current": current, "history": EligibilityPolicy.objects.all()[:20],
        "eligible": selectors.eligible_influencers().count(),
    })

