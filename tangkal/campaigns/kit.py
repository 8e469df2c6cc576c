"""The ready-to-post kit: per-channel text variants within each platform's limits.

Kit texts are content for Indonesian audiences, so they are written in Bahasa Indonesia whatever
the interface language; "{tautan}" stands for the influencer's personal short link.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

LINK = "{tautan}"
VARIANTS = 3
# X counts every URL as 23 characters (t.co), whatever its real length.
X_URL_WEIGHT = 23
URL_RE = re.compile(r"https?://\S+|\{tautan\}")


@dataclass(frozen=True)
class ChannelRule:
    limit: int
    needs_link: bool = True
    max_hashtags: int | None = None


RULES: dict[str, ChannelRule] = {
    "x": ChannelRule(limit=280),
    "instagram": ChannelRule(limit=2200, max_hashtags=30),
    "facebook": ChannelRule(limit=63206),
    # A spoken script for TikTok/Reels; the link goes in the bio or the caption, so it is optional.
    "tiktok": ChannelRule(limit=2200, needs_link=False),
    "whatsapp": ChannelRule(limit=4096),
    "telegram": ChannelRule(limit=4096),
}
CHANNELS = tuple(RULES)


def x_weight(text: str) -> int:
    """Length as X counts it: URLs weigh 23, CJK and emoji weigh 2, everything else 1."""
    total = 0
    rest = URL_RE.sub("", text)
    total += X_URL_WEIGHT * len(URL_RE.findall(text))
    for char in unicodedata.normalize("NFC", rest):
        code = ord(char)
        light = code <= 0x10FF or 0x2000 <= code <= 0x200D or 0x2010 <= code <= 0x201F or 0x2032 <= code <= 0x2037
        total += 1 if light else 2
    return total


def length(channel: str, text: str, *, link: str = "") -> int:
    if channel == "x":
        return x_weight(text)
    return len(text.replace(LINK, link or "https://tangkal.go.id/s/000000000000x"))


def _trim(text: str, budget: int) -> str:
    """Cut at a word boundary and end with an ellipsis."""
    if budget <= 1:
        return ""
    if len(text) <= budget:
        return text
    cut = text[: budget - 1].rsplit(" ", 1)[0].rstrip(" ,.;:")
    return cut + "…"


def _openers(kind: str, stamp: str) -> list[str]:
    if kind == "counter_hoax":
        return [f"[{stamp}] ", "Jangan langsung percaya! ", "Cek fakta dulu: "]
    return ["Info resmi: ", "Perlu diketahui: ", "Kabar dari pemerintah: "]


def _closers(kind: str) -> list[str]:
    if kind == "counter_hoax":
        return ["Faktanya selengkapnya:", "Baca penjelasan lengkapnya:", "Sebarkan fakta, bukan hoaks:"]
    return ["Selengkapnya:", "Baca di sini:", "Info lengkap:"]


def build(*, kind: str, stamp: str, headline: str, summary: str, hashtags: list[str], disclosure: str) -> dict:
    """Generate VARIANTS wordings per channel, each within its limit and always with the disclosure."""
    tags = " ".join(hashtags)
    tail = f"{tags} {disclosure}".strip()
    openers, closers = _openers(kind, stamp), _closers(kind)
    kit: dict[str, list[str]] = {channel: [] for channel in CHANNELS}
    for i in range(VARIANTS):
        opener, closer = openers[i % len(openers)], closers[i % len(closers)]
        lead = f"{opener}{headline}"
        # X: headline, as much of the summary as fits, the link, the tags and the disclosure.
        fixed = f"{lead}\n\n\n{LINK}\n{tail}"
        budget = 280 - x_weight(fixed) - 1
        short = _trim(summary, budget)
        kit["x"].append(f"{lead}\n\n{short}\n{LINK}\n{tail}" if short else f"{lead}\n{LINK}\n{tail}")
        long_text = f"{lead}\n\n{summary}\n\n{closer} {LINK}\n\n{tail}"
        kit["instagram"].append(f"{lead}\n\n{summary}\n\n{closer} {LINK} (tautan juga di bio)\n\n{tail}")
        kit["facebook"].append(long_text)
        kit["whatsapp"].append(f"*{lead}*\n\n{summary}\n\n{closer} {LINK}\n\n{disclosure}")
        kit["telegram"].append(long_text)
        kit["tiktok"].append(
            f"(Buka, 3 detik) {lead}.\n(Isi, 20 detik) {_trim(summary, 600)}\n"
            f"(Penutup) {closer} tautan di bio. {tail}"
        )
    return kit


def validate(kit: dict, *, disclosure: str) -> list[str]:
    """Every problem with a kit as a sentence a person can act on; empty when it may be used."""
    problems: list[str] = []
    for channel, rule in RULES.items():
        variants = kit.get(channel) or []
        if not variants:
            problems.append(_("Teks %(channel)s kosong.") % {"channel": label(channel)})
            continue
        for number, text in enumerate(variants, start=1):
            where = {"channel": label(channel), "n": number}
            size = length(channel, text)
            if size > rule.limit:
                problems.append(
                    _("Teks %(channel)s variasi %(n)s terlalu panjang: %(size)s dari batas %(limit)s karakter.")
                    % {**where, "size": size, "limit": rule.limit}
                )
            if disclosure and disclosure.lower() not in text.lower():
                problems.append(_("Teks %(channel)s variasi %(n)s tidak memuat tanda pengungkapan %(tag)s.")
                                % {**where, "tag": disclosure})
            if rule.needs_link and LINK not in text:
                problems.append(_("Teks %(channel)s variasi %(n)s tidak memuat {tautan}.") % where)
            if rule.max_hashtags is not None and len(re.findall(r"#\w+", text)) > rule.max_hashtags:
                problems.append(_("Teks %(channel)s variasi %(n)s memuat lebih dari %(max)s tagar.")
                                % {**where, "max": rule.max_hashtags})
    return problems


def label(channel: str) -> str:
    return {"x": "X", "instagram": "Instagram", "facebook": "Facebook", "tiktok": "TikTok/Reels",
            "whatsapp": "WhatsApp", "telegram": "Telegram"}.get(channel, channel)


def render(text: str, *, link: str) -> str:
    return text.replace(LINK, link)
