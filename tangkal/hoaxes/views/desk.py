"""The desk: queue, claim workspace, clarification editor and the two-person publishing step."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tangkal.core.exports import export_response, requested_format
from tangkal.core.permissions import can, require
from tangkal.hoaxes import metrics as desk_metrics
from tangkal.hoaxes import publishing, rendering, selectors, services
from tangkal.hoaxes import text as textsim
from tangkal.hoaxes.forms import (
    ClarificationForm,
    ClarificationImageForm,
    MergeForm,
    NoteForm,
    TriageForm,
    WithdrawForm,
)
from tangkal.hoaxes.models import Claim, Clarification, ClarificationImage, DeskSettings, ReportImage, Topic


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def queue(request):
    require(request.user, "hoaxes.desk_view")
    status = request.GET.get("status", "open")
    topic = request.GET.get("topic", "")
    claims = selectors.claim_queue(user=request.user, status=status, topic=topic if topic in Topic.values else "",
                                   mine=request.GET.get("mine") == "1", q=request.GET.get("q", ""))[:100]
    targets = DeskSettings.current()
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=([c.code, c.title, c.get_status_display(), c.get_topic_display(), c.report_count,
                   round(c.priority, 2), c.first_reported_at, c.agency.name if c.agency_id else "",
                   str(c.assignee) if c.assignee_id else "", selectors.sla_state(c, targets=targets)["level"]]
                  for c in claims),
            headers=[_("Kode"), _("Judul"), _("Status"), _("Topik"), _("Laporan"), _("Prioritas"),
                     _("Laporan pertama"), _("Instansi"), _("Petugas"), _("SLA")],
            stem="antrean-klaim", fmt=fmt)
    rows = [{"claim": c, "sla": selectors.sla_state(c, targets=targets)} for c in claims]
    in_review = 0
    if can(request.user, "hoaxes.clarification_edit"):
        in_review = Clarification.objects.filter(status=Clarification.Status.IN_REVIEW).count()
    return render(request, "hoaxes/desk/queue.html", {
        "rows": rows, "targets": targets, "status": status, "topic": topic, "topics": Topic.choices,
        "statuses": [("open", _("Terbuka")), *Claim.Status.choices], "in_review": in_review,
        "can_triage": can(request.user, "hoaxes.claim_triage")})


@login_required
def claim_detail(request, public_id):
    claim = selectors.claim_for(user=request.user, public_id=public_id)
    if claim.merged_into_id and claim.status == Claim.Status.MERGED:
        messages.info(request, _("Klaim ini sudah digabung ke klaim lain."))
        return redirect(claim.merged_into)
    can_triage = can(request.user, "hoaxes.claim_triage", claim)
    reports = claim.reports.select_related("region", "matched_clarification").prefetch_related("images")[:200]
    triage_form = TriageForm(initial={
        "title": claim.title, "status": claim.status, "topic": claim.topic, "region": claim.region,
        "tags": claim.tags, "agency": claim.agency, "assignee": claim.assignee}) if can_triage else None
    return render(request, "hoaxes/desk/claim.html", {
        "claim": claim, "reports": reports, "sources": selectors.claim_sources(claim),
        "sla": selectors.sla_state(claim, targets=DeskSettings.current()),
        "notes": claim.notes.select_related("author"), "clarifications": claim.clarifications.all(),
        "related": claim.related_clarifications.filter(status=Clarification.Status.PUBLISHED)[:10],
        "matched": {r.matched_clarification for r in reports if r.matched_clarification_id},
        "triage_form": triage_form, "note_form": NoteForm(), "merge_form": MergeForm(),
        "can_triage": can_triage, "can_write": can(request.user, "hoaxes.clarification_edit"),
    })


@require_POST
@login_required
def claim_triage(request, public_id):
    claim = selectors.claim_for(user=request.user, public_id=public_id)
    require(request.user, "hoaxes.claim_triage", claim)
    form = TriageForm(request.POST)
    if form.is_valid():
        try:
            services.claim_update(claim=claim, by=request.user, changes=dict(form.cleaned_data))
            messages.success(request, _("Klaim diperbarui."))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(claim)


@require_POST
@login_required
def claim_note(request, public_id):
    claim = selectors.claim_for(user=request.user, public_id=public_id)
    require(request.user, "hoaxes.claim_note", claim)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.claim_add_note(claim=claim, by=request.user, text=form.cleaned_data["text"],
                                    url=form.cleaned_data["url"], kind=form.cleaned_data["kind"])
            messages.success(request, _("Catatan disimpan."))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, _("Tautan bukti tidak valid."))
    return redirect(claim)


_CODE = re.compile(r"([0-9a-fA-F]{8})(?:-?[0-9a-fA-F]{4}){0,3}")


@require_POST
@login_required
def claim_merge(request, public_id):
    claim = selectors.claim_for(user=request.user, public_id=public_id)
    require(request.user, "hoaxes.claim_triage", claim)
    form = MergeForm(request.POST)
    target = None
    if form.is_valid():
        match = _CODE.search(form.cleaned_data["target"].rsplit("/klaim/", 1)[-1])
        if match:
            prefix = match.group(1).lower()
            open_claims = Claim.objects.exclude(pk=claim.pk).exclude(status=Claim.Status.MERGED).order_by(
                "-last_reported_at").values_list("pk", "public_id")[:20000]
            candidates = [pk for pk, uid in open_claims if uid.hex.startswith(prefix)]
            target = Claim.objects.get(pk=candidates[0]) if len(candidates) == 1 else None
    if target is None:
        messages.error(request, _("Klaim tujuan tidak ditemukan. Salin kode 8 karakter dari halaman klaim tujuan."))
        return redirect(claim)
    try:
        services.claim_merge(source=claim, target=target, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(claim)
    messages.success(request, _("Klaim digabung. Semua laporannya kini di sini."))
    return redirect(target)


@require_POST
@login_required
def claim_split(request, public_id):
    claim = selectors.claim_for(user=request.user, public_id=public_id)
    require(request.user, "hoaxes.claim_triage", claim)
    ids = [int(v) for v in request.POST.getlist("reports") if v.isdigit()]
    try:
        new = services.claim_split(claim=claim, report_ids=ids, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(claim)
    messages.success(request, _("Laporan terpilih dipindah ke klaim baru."))
    return redirect(new)


@login_required
def report_image(request, public_id):
    image = get_object_or_404(ReportImage.objects.select_related("report__claim"), public_id=public_id)
    claim = image.report.claim
    if claim is None or not can(request.user, "hoaxes.claim_view", claim):
        raise Http404
    response = FileResponse(image.image.open("rb"), content_type=f"image/{'jpeg' if image.extension == 'jpg' else image.extension}")
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- clarifications ------------------------------------------------------------------------------

@login_required
def clarification_create(request, public_id):
    claim = selectors.claim_for(user=request.user, public_id=public_id)
    require(request.user, "hoaxes.clarification_edit")
    form = ClarificationForm(request.POST or None, initial={
        "topic": claim.topic or Topic.LAINNYA, "region": claim.region_id, "claim_reviewed": claim.title[:500]})
    if request.method == "POST" and form.is_valid():
        try:
            clar = publishing.clarification_create(by=request.user, claim=claim, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Draf klarifikasi dibuat."))
            return redirect(clar.get_staff_url())
    return render(request, "hoaxes/desk/clarification_form.html", {"form": form, "claim": claim, "clar": None},
                  status=400 if form.errors else 200)


@login_required
def clarification_list(request):
    status = request.GET.get("status", "")
    rows = selectors.clarifications_for_desk(user=request.user,
                                             status=status if status in Clarification.Status.values else "")[:200]
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=([c.headline, c.verdict, c.get_status_display(), c.get_topic_display(), c.published_at,
                   str(c.author) if c.author_id else ""] for c in rows),
            headers=[_("Judul"), _("Vonis"), _("Status"), _("Topik"), _("Terbit"), _("Penulis")],
            stem="klarifikasi", fmt=fmt)
    return render(request, "hoaxes/desk/clarification_list.html",
                  {"rows": rows, "status": status, "statuses": Clarification.Status.choices})


@login_required
def clarification_detail(request, public_id):
    clar = selectors.clarification_for_staff(user=request.user, public_id=public_id)
    return render(request, "hoaxes/desk/clarification.html", {
        "clar": clar, "checks": counter_checks(clar.counter_headline, clar.counter_body, clar.images.count()),
        "revisions": clar.revisions.select_related("by")[:50], "corrections": clar.corrections.all(),
        "images": clar.images.all(), "image_form": ClarificationImageForm(), "withdraw_form": WithdrawForm(),
        "can_edit": can(request.user, "hoaxes.clarification_edit", clar) and not clar.is_external
        and clar.status != Clarification.Status.WITHDRAWN,
        "can_approve": can(request.user, "hoaxes.clarification_approve", clar),
        "body_html": rendering.markdown_to_safe_html(clar.body),
    })


@login_required
def clarification_edit(request, public_id):
    clar = selectors.clarification_for_staff(user=request.user, public_id=public_id)
    require(request.user, "hoaxes.clarification_edit", clar)
    if clar.is_external or clar.status == Clarification.Status.WITHDRAWN:
        messages.error(request, _("Klarifikasi ini tidak bisa diubah lagi."))
        return redirect(clar.get_staff_url())
    form = ClarificationForm(request.POST or None, instance=Clarification.objects.get(pk=clar.pk))
    if request.method == "POST" and form.is_valid():
        try:
            publishing.clarification_update(clarification=clar, by=request.user, data=form.cleaned_data,
                                            correction_note=form.cleaned_data.get("correction_note", ""))
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect(clar.get_staff_url())
    return render(request, "hoaxes/desk/clarification_form.html", {"form": form, "claim": clar.claim, "clar": clar},
                  status=400 if form.errors else 200)


def _action(request, public_id, fn, success: str, **kwargs):
    clar = selectors.clarification_for_staff(user=request.user, public_id=public_id)
    try:
        fn(clarification=clar, by=request.user, **kwargs)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, success)
    return redirect(clar.get_staff_url())


@require_POST
@login_required
def clarification_submit(request, public_id):
    require(request.user, "hoaxes.clarification_edit")
    return _action(request, public_id, publishing.clarification_submit,
                   _("Diajukan. Verifikator lain perlu menyetujui sebelum terbit."))


@require_POST
@login_required
def clarification_return(request, public_id):
    require(request.user, "hoaxes.clarification_edit")
    return _action(request, public_id, publishing.clarification_return, _("Dikembalikan ke draf."),
                   note=request.POST.get("note", ""))


@require_POST
@login_required
def clarification_approve(request, public_id):
    clar = selectors.clarification_for_staff(user=request.user, public_id=public_id)
    if clar.status == Clarification.Status.IN_REVIEW and not can(request.user, "hoaxes.clarification_approve", clar):
        raise PermissionDenied
    return _action(request, public_id, publishing.clarification_approve, _("Disetujui dan terbit."))


@require_POST
@login_required
def clarification_withdraw(request, public_id):
    require(request.user, "hoaxes.clarification_withdraw")
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tulis alasan penarikan."))
        clar = selectors.clarification_for_staff(user=request.user, public_id=public_id)
        return redirect(clar.get_staff_url())
    return _action(request, public_id, publishing.clarification_withdraw, _("Klarifikasi ditarik."),
                   reason=form.cleaned_data["reason"])


@require_POST
@login_required
def clarification_image(request, public_id):
    clar = selectors.clarification_for_staff(user=request.user, public_id=public_id)
    require(request.user, "hoaxes.clarification_edit", clar)
    form = ClarificationImageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            publishing.clarification_add_image(clarification=clar, by=request.user, image=form.cleaned_data["image"],
                                               alt_text=form.cleaned_data["alt_text"],
                                               correction_note=form.cleaned_data["correction_note"])
            messages.success(request, _("Gambar ditambahkan."))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(clar.get_staff_url())


@require_POST
@login_required
def clarification_image_delete(request, public_id):
    image = get_object_or_404(ClarificationImage.objects.select_related("clarification"), public_id=public_id)
    clar = selectors.clarification_for_staff(user=request.user, public_id=image.clarification.public_id)
    require(request.user, "hoaxes.clarification_edit", clar)
    try:
        publishing.clarification_remove_image(image=image, by=request.user)
        messages.success(request, _("Gambar dihapus."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(clar.get_staff_url())


def counter_checks(headline: str, body: str, images: int) -> list[dict]:
    """The one-hour practice for a counter-message: short headline, short body, two images."""
    h, b = textsim.word_count(headline), textsim.word_count(body)
    return [
        {"ok": 0 < h < 20, "label": _("Judul di bawah 20 kata (sekarang %(n)s)") % {"n": h}},
        {"ok": 0 < b < 200, "label": _("Isi di bawah 200 kata (sekarang %(n)s)") % {"n": b}},
        {"ok": images >= 2, "label": _("Dua gambar (sekarang %(n)s)") % {"n": images}},
    ]


@login_required
def metrics(request):
    require(request.user, "hoaxes.metrics_view")
    data = desk_metrics.desk_metrics()
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=([r["week"], r["topic"], r["claims"], r["triage_median"], r["triage_p90"], r["published"],
                   r["publish_median"], r["publish_p90"]] for r in data["rows"]),
            headers=[_("Pekan"), _("Topik"), _("Klaim"), _("Median triase (menit)"), _("P90 triase (menit)"),
                     _("Terbit"), _("Median terbit (menit)"), _("P90 terbit (menit)")],
            stem="metrik-meja-hoaks", fmt=fmt)
    return render(request, "hoaxes/desk/metrics.html", data)
