"""Badge images: an SVG and a PNG drawn here, each optionally baked with the credential.

Open Badges 3.0 baking: PNG carries the credential JSON in an iTXt chunk with the keyword
``openbadgecredential``; SVG carries it in an ``<openbadges:credential>`` element.
"""

from __future__ import annotations

import io
import json
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

PNG_KEYWORD = "openbadgecredential"
OB_SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"

BRAND = (11, 83, 148)
GOLD = (191, 144, 0)
WHITE = (255, 255, 255)
STATE_COLOURS = {"active": (17, 99, 41), "suspended": (125, 78, 0), "revoked": (164, 14, 38),
                 "expired": (74, 85, 97), "superseded": (74, 85, 97)}
TIER_COLOURS = {"emas": (191, 144, 0), "perak": (140, 146, 153), "perunggu": (160, 98, 45)}
SIZE = 600


def _hex(colour: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def _credential_text(credential: dict[str, Any]) -> str:
    return json.dumps(credential, ensure_ascii=False, separators=(",", ":"))


def badge_svg(*, title: str, name: str, agency: str, line: str, state: str, state_label: str, tier: str = "",
              credential: dict[str, Any] | None = None) -> str:
    """A self-contained SVG (no fonts, scripts or external references)."""
    state_colour = _hex(STATE_COLOURS.get(state, BRAND))
    ring = _hex(TIER_COLOURS.get(tier, GOLD))
    baked = ""
    if credential is not None:
        # "]]>" cannot appear inside CDATA; split it across two sections.
        text = _credential_text(credential).replace("]]>", "]]]]><![CDATA[>")
        baked = f"<openbadges:credential><![CDATA[{text}]]></openbadges:credential>"
    tier_text = (f'<text x="300" y="470" font-size="24" text-anchor="middle" fill="{ring}" '
                 f'font-weight="700">{escape(tier.upper())}</text>') if tier else ""
    return f"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="{OB_SVG_NAMESPACE}" viewBox="0 0 600 600" width="600" height="600" role="img" aria-label="{escape(title)}: {escape(name)}, {escape(state_label)}">
{baked}<title>{escape(title)} — {escape(name)}</title>
<circle cx="300" cy="300" r="290" fill="{ring}"/>
<circle cx="300" cy="300" r="262" fill="{_hex(BRAND)}"/>
<path d="M300 92 L402 136 L402 232 C402 296 360 344 300 368 C240 344 198 296 198 232 L198 136 Z" fill="#ffffff" opacity="0.95"/>
<path d="M262 236 L290 266 L342 206" fill="none" stroke="{_hex(BRAND)}" stroke-width="22" stroke-linecap="round" stroke-linejoin="round"/>
<text x="300" y="410" font-family="sans-serif" font-size="30" font-weight="700" text-anchor="middle" fill="#ffffff">{escape(title.upper())}</text>
<text x="300" y="444" font-family="sans-serif" font-size="20" text-anchor="middle" fill="#ffffff">{escape(name[:40])}</text>
{tier_text}
<text x="300" y="500" font-family="sans-serif" font-size="16" text-anchor="middle" fill="#ffffff">{escape(agency[:50])}</text>
<rect x="170" y="514" width="260" height="40" rx="20" fill="{state_colour}" stroke="#ffffff" stroke-width="2"/>
<text x="300" y="541" font-family="sans-serif" font-size="20" font-weight="700" text-anchor="middle" fill="#ffffff">{escape(state_label)}</text>
<text x="300" y="574" font-family="sans-serif" font-size="13" text-anchor="middle" fill="#ffffff">{escape(line)}</text>
</svg>
"""


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _centred(draw: ImageDraw.ImageDraw, y: int, text: str, size: int, fill) -> None:
    font = _font(size)
    width = draw.textlength(text, font=font)
    draw.text(((SIZE - width) / 2, y), text, font=font, fill=fill)


def badge_png(*, title: str, name: str, agency: str, line: str, state: str, state_label: str, tier: str = "",
              credential: dict[str, Any] | None = None) -> bytes:
    scale = 2  # drawn at twice the size and scaled down: smooth edges without antialiasing support
    image = Image.new("RGBA", (SIZE * scale, SIZE * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ring = TIER_COLOURS.get(tier, GOLD)
    draw.ellipse([10 * scale, 10 * scale, 590 * scale, 590 * scale], fill=ring)
    draw.ellipse([38 * scale, 38 * scale, 562 * scale, 562 * scale], fill=BRAND)
    shield = [(300, 92), (402, 136), (402, 232), (380, 300), (300, 368), (220, 300), (198, 232), (198, 136)]
    draw.polygon([(x * scale, y * scale) for x, y in shield], fill=WHITE)
    draw.line([(262 * scale, 236 * scale), (290 * scale, 266 * scale), (342 * scale, 206 * scale)], fill=BRAND,
              width=22 * scale, joint="curve")
    image = image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
    draw = ImageDraw.Draw(image)
    _centred(draw, 386, title.upper(), 30, WHITE)
    _centred(draw, 428, name[:40], 20, WHITE)
    if tier:
        _centred(draw, 454, tier.upper(), 22, ring)
    _centred(draw, 486, agency[:50], 16, WHITE)
    colour = STATE_COLOURS.get(state, BRAND)
    draw.rounded_rectangle([170, 514, 430, 554], radius=20, fill=colour, outline=WHITE, width=2)
    _centred(draw, 522, state_label, 20, WHITE)
    _centred(draw, 562, line, 13, WHITE)
    info = PngInfo()
    if credential is not None:
        info.add_itxt(PNG_KEYWORD, _credential_text(credential), lang="", tkey="", zip=False)
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info, optimize=False)
    return out.getvalue()


def unbake_png(data: bytes) -> dict[str, Any] | None:
    """The credential baked into a PNG, or None."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        text = getattr(image, "text", {}).get(PNG_KEYWORD)
    return json.loads(text) if text else None


def unbake_svg(text: str) -> dict[str, Any] | None:
    start = text.find("<openbadges:credential>")
    end = text.find("</openbadges:credential>")
    if start < 0 or end < 0:
        return None
    inner = text[start + len("<openbadges:credential>"):end].strip()
    inner = inner.replace("]]]]><![CDATA[>", "]]>")
    if inner.startswith("<![CDATA[") and inner.endswith("]]>"):
        inner = inner[len("<![CDATA["):-len("]]>")]
    return json.loads(inner)
