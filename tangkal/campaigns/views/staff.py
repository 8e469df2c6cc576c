"""Back-office pages: build, approve, launch and measure campaigns; guardrail settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tangkal.campaigns import guardrails, images, kit, links, selectors, services
from tangkal.campaigns.forms import (
    BlackoutForm,
    CampaignForm,
    KitForm,
    OverrideForm,
    RejectForm,
    SettingsForm,
    TargetingForm,
    WatchWordForm,
)
from tangkal.campaigns.launch import AlreadyLaunched, campaign_launch
from tangkal.campaigns.models import BlackoutWindow, Campaign, ProgrammeSettings, WatchWord
from tangkal.campaigns.targeting import Criteria, estimate
from tangkal.campaigns.views.common import say_errors
from tangkal.core.exports import export_response, requested_format
from tangkal.core.permissions import can, require


def _detail(campaign: Campaign):
    return redirect("campaigns:detail", public_id=campaign.public_id)


@login_required
@require_GET
def campaign_list(request):
    require(request.user, "campaigns.create")
    status = request.GET.get("status", "")
    campaigns = selectors.campaigns_for(user=request.user, status=status if status in Campaign.Status.values else "")
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=([c.headline, c.get_kind_display(), c.get_status_display(), c.launched_at, c.assignments_count,
                   c.estimated_reach] for c in campaigns[:5000]),
            headers=[_("Judul"), _("Jenis"), _("Status"), _("Diluncurkan"), _("Penugasan"), _("Perkiraan jangkauan")],
            stem="kampanye", fmt=fmt)
    return render(request, "campaigns/list.html", {
        "campaigns": campaigns[:200], "statuses": Campaign.Status.choices, "status": status,
        "can_settings": can(request.user, "campaigns.guardrails"),
    })


@login_required
def campaign_create(request):
    require(request.user, "campaigns.create")
    clarification = None
    public_id = request.GET.get("klarifikasi") or request.POST.get("klarifikasi") or ""
    if public_id:
        try:
            clarification = services.clarification_for_campaign(public_id)
        except ValidationError as error:
            say_errors(request, error)
            return redirect("campaigns:list")
    initial = {}
    if clarification is not None:
        initial = {"headline": (clarification.counter_headline or clarification.headline)[:120],
                   "summary": clarification.counter_body or clarification.summary,
                   "topic": clarification.topic, "hashtags": "#CekFakta #LawanHoaks"}
    form = CampaignForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_create(
                by=request.user,
                kind=Campaign.Kind.COUNTER_HOAX if clarification else Campaign.Kind.INFORMATION,
                clarification_public_id=getattr(clarification, "public_id", None),
                headline=data["headline"], summary=data["summary"], body=data["body"],
                link_url=data["link_url"], hashtags=data["hashtags"], topic=data["topic"],
                targeting=form.targeting(), deadline_hours=data["deadline_hours"],
            )
        except ValidationError as error:
            say_errors(request, error)
        else:
            messages.success(request, _("Kampanye dibuat sebagai draf. Periksa kit lalu ajukan persetujuan."))
            return _detail(campaign)
    return render(request, "campaigns/form.html", {"form": form, "clarification": clarification,
                                                   "public_id": public_id})


@login_required
@require_GET
def campaign_detail(request, public_id):
    campaign = selectors.campaign_for(user=request.user, public_id=public_id)
    user = request.user
    flags = guardrails.flags(campaign) if campaign.status in (Campaign.Status.PENDING_APPROVAL,
                                                              Campaign.Status.APPROVED) else []
    pending = guardrails.unresolved(campaign) if flags else []
    numbers = None
    if campaign.is_editable or campaign.status == Campaign.Status.APPROVED:
        numbers = estimate(Criteria.from_json(campaign.targeting))
    example = links.short_url("0" * 12)
    preview = [(kit.label(ch), [kit.render(t, link=links.short_url("0" * 12, ch)) for t in texts])
               for ch, texts in (campaign.kit or {}).items()]
    return render(request, "campaigns/detail.html", {
        "campaign": campaign, "numbers": numbers, "preview": preview, "example_link": example,
        "flags": guardrails.describe(flags), "pending_flags": guardrails.describe(pending),
        "can_edit": can(user, "campaigns.edit", campaign),
        "can_approve": campaign.status == Campaign.Status.PENDING_APPROVAL and can(user, "campaigns.approve",
                                                                                    campaign),
        "can_launch": campaign.status == Campaign.Status.APPROVED and can(user, "campaigns.launch", campaign),
        "can_override": bool(flags) and can(user, "campaigns.override", campaign),
        "can_close": campaign.status == Campaign.Status.LAUNCHED and can(user, "campaigns.launch", campaign),
        "reject_form": RejectForm(), "override_form": OverrideForm(),
    })


@login_required
def campaign_edit(request, public_id):
    campaign = selectors.campaign_for(user=request.user, public_id=public_id, action="campaigns.edit")
    content = CampaignForm(request.POST or None, user=request.user, prefix="c", initial={
        "headline": campaign.headline, "summary": campaign.summary, "body": campaign.body,
        "link_url": campaign.link_url, "hashtags": campaign.hashtags, "topic": campaign.topic,
        **TargetingForm.initial_from(campaign)})
    kit_form = KitForm(request.POST or None, campaign=campaign, prefix="k")
    if request.method == "POST":
        regenerate = "regenerate" in request.POST
        if content.is_valid() and (regenerate or kit_form.is_valid()):
            data = content.cleaned_data
            changes = {name: data[name] for name in ("headline", "summary", "body", "link_url", "hashtags", "topic",
                                                     "deadline_hours")}
            changes["targeting"] = content.targeting()
            if not regenerate:
                changes["kit"] = kit_form.kit()
            try:
                services.campaign_update(campaign=campaign, by=request.user, regenerate_kit=regenerate, **changes)
            except ValidationError as error:
                say_errors(request, error)
            else:
                messages.success(request, _("Perubahan disimpan. Kampanye kembali menjadi draf."))
                return _detail(campaign)
    return render(request, "campaigns/edit.html", {"campaign": campaign, "form": content, "kit_form": kit_form})


def _act(request, public_id, action: str, fn, success: str):
    campaign = selectors.campaign_for(user=request.user, public_id=public_id)
    if not can(request.user, action, campaign):
        raise PermissionDenied(action)
    try:
        fn(campaign)
    except AlreadyLaunched as error:
        messages.info(request, error.messages[0])
    except ValidationError as error:
        say_errors(request, error)
    else:
        messages.success(request, success)
    return _detail(campaign)


@login_required
@require_POST
def campaign_submit(request, public_id):
    return _act(request, public_id, "campaigns.edit",
                lambda c: services.campaign_submit(campaign=c, by=request.user),
                _("Diajukan. Staf lain perlu menyetujui sebelum peluncuran."))


@login_required
@require_POST
def campaign_approve(request, public_id):
    return _act(request, public_id, "campaigns.approve",
                lambda c: services.campaign_approve(campaign=c, by=request.user), _("Kampanye disetujui."))


@login_required
@require_POST
def campaign_reject(request, public_id):
    form = RejectForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _act(request, public_id, "campaigns.approve",
                lambda c: services.campaign_reject(campaign=c, by=request.user, note=note),
                _("Kampanye dikembalikan ke pembuatnya."))


@login_required
@require_POST
def campaign_override(request, public_id):
    form = OverrideForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(request, public_id, "campaigns.override",
                lambda c: services.campaign_override(campaign=c, by=request.user, reason=reason),
                _("Pengecualian dicatat di log audit."))


@login_required
@require_POST
def campaign_launch_view(request, public_id):
    def go(campaign):
        launched = campaign_launch(campaign=campaign, by=request.user)
        messages.success(request, _("Diluncurkan ke %(n)s influencer.") % {"n": launched.assignments_count})

    campaign = selectors.campaign_for(user=request.user, public_id=public_id)
    if not can(request.user, "campaigns.launch", campaign):
        raise PermissionDenied("campaigns.launch")
    try:
        go(campaign)
    except AlreadyLaunched as error:
        messages.info(request, error.messages[0])
    except ValidationError as error:
        say_errors(request, error)
    return _detail(campaign)


@login_required
@require_POST
def campaign_close(request, public_id):
    return _act(request, public_id, "campaigns.launch",
                lambda c: services.campaign_close(campaign=c, by=request.user), _("Kampanye diakhiri."))


@login_required
@require_GET
def campaign_metrics(request, public_id):
    campaign = selectors.campaign_for(user=request.user, public_id=public_id)
    if campaign.launched_at is None:
        messages.info(request, _("Dasbor tersedia setelah kampanye diluncurkan."))
        return _detail(campaign)
    data = selectors.metrics(campaign=campaign, user=request.user)
    fmt = requested_format(request)
    if fmt:
        # One sheet of the dashboard's breakdowns: agency, region and platform rows with a "group" column.
        rows = [[_("Instansi"), r["label"], r["assignments"], r["posted"], r["clicks"], r["unique"]]
                for r in data["by_agency"]]
        rows += [[_("Wilayah"), r["label"], r["assignments"], r["posted"], r["clicks"], r["unique"]]
                 for r in data["by_region"]]
        rows += [[_("Platform"), r["label"], None, r["posts"], r["clicks"], r["unique"]] for r in data["by_platform"]]
        return export_response(rows=rows, headers=[_("Kelompok"), _("Nama"), _("Penugasan"), _("Posting"), _("Klik"),
                                                   _("Pengunjung unik")], stem="metrik-kampanye", fmt=fmt)
    return render(request, "campaigns/metrics.html", {"campaign": campaign, "m": data})


@login_required
@require_GET
def campaign_image(request, public_id, size):
    campaign = selectors.campaign_for(user=request.user, public_id=public_id)
    if size not in images.SIZES:
        raise Http404
    png = images.render(stamp=campaign.stamp, headline=campaign.headline, link=links.short_url("0" * 12),
                        disclosure=campaign.disclosure, size=size)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=60"
    return response


@login_required
def guardrail_settings(request):
    require(request.user, "campaigns.guardrails")
    current = ProgrammeSettings.current()
    settings_form = SettingsForm(initial={"disclosure": current.disclosure}, prefix="s")
    blackout_form = BlackoutForm(prefix="b")
    word_form = WatchWordForm(prefix="w")
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "settings":
                settings_form = SettingsForm(request.POST, prefix="s")
                if settings_form.is_valid():
                    services.programme_settings_update(by=request.user, **settings_form.cleaned_data)
                    messages.success(request, _("Tanda pengungkapan disimpan; berlaku untuk kampanye baru."))
                    return redirect("campaigns:guardrails")
            elif which == "blackout":
                blackout_form = BlackoutForm(request.POST, prefix="b")
                if blackout_form.is_valid():
                    services.blackout_create(by=request.user, **blackout_form.cleaned_data)
                    messages.success(request, _("Masa tenang ditambahkan."))
                    return redirect("campaigns:guardrails")
            elif which == "word":
                word_form = WatchWordForm(request.POST, prefix="w")
                if word_form.is_valid():
                    services.watch_word_add(by=request.user, word=word_form.cleaned_data["word"])
                    messages.success(request, _("Kata pantauan ditambahkan."))
                    return redirect("campaigns:guardrails")
        except ValidationError as error:
            say_errors(request, error)
    return render(request, "campaigns/guardrails.html", {
        "settings_form": settings_form, "blackout_form": blackout_form, "word_form": word_form,
        "windows": BlackoutWindow.objects.all()[:50], "words": WatchWord.objects.all(),
    })


@login_required
@require_POST
def blackout_delete(request, pk: int):
    require(request.user, "campaigns.guardrails")
    window = BlackoutWindow.objects.filter(pk=pk).first()
    if window is None:
        raise Http404
    services.blackout_delete(by=request.user, window=window)
    messages.success(request, _("Masa tenang dihapus."))
    return redirect("campaigns:guardrails")


@login_required
@require_POST
def watch_word_delete(request, pk: int):
    require(request.user, "campaigns.guardrails")
    row = WatchWord.objects.filter(pk=pk).first()
    if row is None:
        raise Http404
    services.watch_word_delete(by=request.user, row=row)
    messages.success(request, _("Kata pantauan dihapus."))
    return redirect("campaigns:guardrails")
