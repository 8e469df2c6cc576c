"""Cek Hoaks: paste a message, learn whether a clarification already answers it. No sign-in, phone first."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from tangkal.core.ratelimit import rate_limit
from tangkal.hoaxes.services import MAX_TEXT as REPORT_MAX_TEXT
from tangkal.matching import selectors
from tangkal.matching.forms import CheckForm


def _too_large(request) -> bool:
    declared = request.META.get("CONTENT_LENGTH") or "0"
    return not declared.isdigit() or int(declared) > settings.MATCHING_MAX_BODY_BYTES


@never_cache
@rate_limit("check")
def check(request):
    outcome, errors, status = None, [], 200
    form = CheckForm()
    if request.method == "POST":
        if _too_large(request):
            errors.append(_("Pesan terlalu besar untuk dicek (lebih dari %(kb)s KB). Tempel bagian awalnya saja — "
                            "klaimnya biasanya ada di sana.") % {"kb": settings.MATCHING_MAX_BODY_BYTES // 1024})
            status = 413
        else:
            form = CheckForm(request.POST)
            if form.is_valid():
                outcome = selectors.check_message(text=form.cleaned_data["text"], url=form.cleaned_data["url"])
            else:
                status = 400
    context = {"form": form, "outcome": outcome, "errors": errors,
               "report_text": form.cleaned_data.get("text", "")[:REPORT_MAX_TEXT] if outcome else "",
               "report_url": form.cleaned_data.get("url", "") if outcome else ""}
    if request.headers.get("HX-Request") == "true":
        # htmx swaps only 2xx answers; the fragment carries the error message itself.
        return render(request, "matching/_check.html", context, status=200 if status in (400, 413) else status)
    return render(request, "matching/check.html", context, status=status)
