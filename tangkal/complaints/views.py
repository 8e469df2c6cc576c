from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tangkal.badges.selectors import badge_public
from tangkal.complaints import selectors, services
from tangkal.complaints.forms import ComplaintForm, DecisionForm
from tangkal.complaints.models import Complaint
from tangkal.core.exports import export_response, requested_format
from tangkal.core.ratelimit import client_ip, rate_limit


@never_cache
@rate_limit("badge_complaint")
def new(request: HttpRequest, public_id) -> HttpResponse:
    """The public "laporkan penyalahgunaan lencana" form."""
    badge = badge_public(public_id=public_id)
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["website"]:  # a filled honeypot gets the same thanks, and nothing is kept
            services.complaint_submit(
                badge=badge, category=form.cleaned_data["category"], description=form.cleaned_data["description"],
                evidence_url=form.cleaned_data["evidence_url"], contact=form.cleaned_data["contact"],
                ip=client_ip(request),
            )
        return render(request, "complaints/thanks.html", {"badge": badge})
    return render(request, "complaints/new.html", {"badge": badge, "form": form})


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Complaint.Status.OPEN)
    if status not in Complaint.Status.values and status != "":
        status = Complaint.Status.OPEN
    complaints = selectors.complaints_queue(user=request.user, status=status)[:200]
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=([c.created_at, c.get_category_display(), c.get_status_display(), str(c.badge.holder), c.description]
                  for c in complaints),
            headers=[_("Masuk"), _("Jenis"), _("Status"), _("Pemegang lencana"), _("Uraian")],
            stem="aduan", fmt=fmt)
    return render(request, "complaints/queue.html",
                  {"complaints": complaints, "status": status, "statuses": Complaint.Status.choices})


@login_required
def detail(request: HttpRequest, public_id) -> HttpResponse:
    complaint = selectors.complaint_for_review(user=request.user, public_id=public_id)
    return render(request, "complaints/detail.html", {"complaint": complaint, "form": DecisionForm()})


@login_required
@require_POST
def decide(request: HttpRequest, public_id) -> HttpResponse:
    complaint = selectors.complaint_for_review(user=request.user, public_id=public_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return render(request, "complaints/detail.html", {"complaint": complaint, "form": form}, status=400)
    try:
        services.complaint_decide(complaint=complaint, by=request.user, decision=form.cleaned_data["decision"],
                                  note=form.cleaned_data["note"])
    except services.ComplaintError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Keputusan disimpan dan dicatat di log audit."))
    return redirect("complaints:detail", public_id=complaint.public_id)
