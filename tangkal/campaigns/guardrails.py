"""Neutrality guardrails: blackout windows and watch-words. Inside a window, or with a watch-word
in the kit, a launch needs an explicit, audited override by a programme admin."""

from __future__ import annotations

import re
from datetime import datetime

from django.utils import timezone

from tangkal.campaigns.models import BlackoutWindow, Campaign, WatchWord


def active_blackouts(at: datetime | None = None) -> list[BlackoutWindow]:
    at = at or timezone.now()
    return list(BlackoutWindow.objects.filter(starts_at__lte=at, ends_at__gt=at))


def campaign_text(campaign: Campaign) -> str:
    parts = [campaign.headline, campaign.summary, campaign.body, campaign.hashtags]
    for variants in (campaign.kit or {}).values():
        parts.extend(variants)
    return "\n".join(parts)


def watch_words_in(text: str) -> list[str]:
    found = []
    lowered = text.lower()
    for word in WatchWord.objects.values_list("word", flat=True):
        if re.search(rf"(?<!\w){re.escape(word.lower())}(?!\w)", lowered):
            found.append(word)
    return found


def flags(campaign: Campaign, at: datetime | None = None) -> list[str]:
    """Stable identifiers of what needs an override: "blackout:<id>" and "word:<word>"."""
    found = [f"blackout:{window.pk}" for window in active_blackouts(at)]
    found += [f"word:{word.lower()}" for word in watch_words_in(campaign_text(campaign))]
    return found


def unresolved(campaign: Campaign, at: datetime | None = None) -> list[str]:
    """Flags not covered by the campaign's override (an override covers the flags it was given for)."""
    current = flags(campaign, at)
    if campaign.override_by_id:
        covered = set(campaign.guardrail_flags or [])
        return [flag for flag in current if flag not in covered]
    return current


def describe(flag_list: list[str]) -> list[str]:
    from django.utils.translation import gettext as _

    windows = {f"blackout:{w.pk}": w for w in BlackoutWindow.objects.all()}
    lines = []
    for flag in flag_list:
        if flag.startswith("blackout:") and flag in windows:
            window = windows[flag]
            lines.append(_("Masa tenang “%(name)s” (%(start)s – %(end)s)") % {
                "name": window.name, "start": timezone.localtime(window.starts_at).strftime("%d-%m-%Y %H:%M"),
                "end": timezone.localtime(window.ends_at).strftime("%d-%m-%Y %H:%M")})
        elif flag.startswith("word:"):
            lines.append(_("Kata pantauan “%(word)s”") % {"word": flag[5:]})
    return lines
