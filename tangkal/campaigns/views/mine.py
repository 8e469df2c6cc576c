"""The influencer's side, phone-first: the inbox, the kit with one-tap share intents, "Sudah saya
posting", declining, and their own record."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tangkal.campaigns import images, kit, links, posts, selectors
from tangkal.campaigns.forms import DeclineForm, PostForm, PreferencesForm
from tangkal.campaigns.models import Expertise, LeaderboardOptOut, Notification, PostSubmission
from tangkal.campaigns.views.common import say_errors
from tangkal.core.permissions import require


@login_required
@require_GET
def inbox(request):
    require(request.user, "campaigns.inbox")
    data = selectors.inbox(user=request.user)
    Notification.objects.filter(user=request.user, read_at__isnull=True, kind=Notification.Kind.LAUNCHED).update(
        read_at=timezone.now())
    return render(request, "campaigns/inbox.html", {**data, "now": timezone.now()})


def share_links(assignment) -> list[dict]:
    """Per-channel text with the personal link and the share intent where the platform has one."""
    variants = assignment.campaign.kit or {}
    items = []
    for channel in kit.CHANNELS:
        texts = variants.get(channel) or []
        if not texts:
            continue
        link = links.short_url(assignment.code, channel)
        text = kit.render(texts[assignment.variant % len(texts)], link=link)
        intent = ""
        if channel == "x":
            intent = "https://twitter.com/intent/tweet?" + urlencode({"text": text})
        elif channel == "facebook":
            intent = "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": link})
        elif channel == "whatsapp":
            intent = "https://wa.me/?text=" + quote(text)
        elif channel == "telegram":
            intent = "https://t.me/share/url?" + urlencode({"url": link, "text": text.replace(link, "").strip()})
        items.append({"channel": channel, "label": kit.label(channel), "text": text, "intent": intent,
                      "link": link, "length": kit.length(channel, text, link=link),
                      "limit": kit.RULES[channel].limit})
    return items


@login_required
@require_GET
def kit_view(request, code):
    assignment = selectors.assignment_for(user=request.user, code=code)
    posts.assignment_mark_seen(assignment=assignment)
    return render(request, "campaigns/kit.html", {
        "assignment": assignment, "campaign": assignment.campaign, "items": share_links(assignment),
        "posts": assignment.posts.all(), "post_form": PostForm(), "decline_form": DeclineForm(),
        "link": links.short_url(assignment.code), "sizes": images.SIZES,
    })


@login_required
@require_POST
def post_submit(request, code):
    assignment = selectors.assignment_for(user=request.user, code=code)
    form = PostForm(request.POST)
    if not form.is_valid():
        say_errors(request, ValidationError(_("Tempel tautan posting Anda.")))
        return redirect("campaigns:kit", code=code)
    try:
        with transaction.atomic():
            post = posts.post_submit(assignment=assignment, url=form.cleaned_data["url"], by=request.user)
    except ValidationError as error:
        say_errors(request, error)
        return redirect("campaigns:kit", code=code)
    post.refresh_from_db()
    if post.status == PostSubmission.Status.REMOVED:
        messages.error(request, _("Posting itu tidak ditemukan di platform (mungkin sudah dihapus). "
                                  "Kirim tautan posting yang masih tayang."))
    else:
        messages.success(request, _("Terima kasih! Bukti posting tercatat."))
    return redirect("campaigns:kit", code=code)


@login_required
@require_POST
def decline(request, code):
    assignment = selectors.assignment_for(user=request.user, code=code)
    form = DeclineForm(request.POST)
    reason = form.reason() if form.is_valid() else ""
    try:
        posts.assignment_decline(assignment=assignment, reason=reason, by=request.user)
    except ValidationError as error:
        say_errors(request, error)
        return redirect("campaigns:kit", code=code)
    messages.success(request, _("Kampanye ditolak. Alasan Anda membantu koordinator."))
    return redirect("campaigns:inbox")


@login_required
@require_GET
def kit_image(request, code, size):
    assignment = selectors.assignment_for(user=request.user, code=code)
    if size not in images.SIZES:
        raise Http404
    campaign = assignment.campaign
    png = images.render(stamp=campaign.stamp, headline=campaign.headline,
                        link=links.short_url(assignment.code, "image"), disclosure=campaign.disclosure, size=size)
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="tangkal-{assignment.code}-{size}.png"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def my_record(request):
    require(request.user, "campaigns.inbox")
    user = request.user
    form = PreferencesForm(request.POST or None, initial={
        "topics": list(Expertise.objects.filter(user=user).values_list("topic", flat=True)),
        "leaderboard_opt_out": LeaderboardOptOut.objects.filter(user=user).exists(),
    })
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            chosen = set(form.cleaned_data["topics"])
            Expertise.objects.filter(user=user).exclude(topic__in=chosen).delete()
            Expertise.objects.bulk_create([Expertise(user=user, topic=t) for t in chosen], ignore_conflicts=True)
            if form.cleaned_data["leaderboard_opt_out"]:
                LeaderboardOptOut.objects.get_or_create(user=user)
            else:
                LeaderboardOptOut.objects.filter(user=user).delete()
        messages.success(request, _("Pengaturan disimpan."))
        return redirect("campaigns:record")
    return render(request, "campaigns/record.html", {"r": selectors.record(user=user), "form": form})
