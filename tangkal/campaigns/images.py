"""Share images rendered with Pillow: the verdict stamp, the headline, the short link and the
programme mark, in 1080×1080 (Instagram, Facebook, WhatsApp) and 1200×675 (X, link cards).

Fonts are DejaVu Sans, shipped in tangkal/campaigns/fonts/ (Bitstream Vera licence, see LICENSE
there), so the images look the same on every machine and cover every Indonesian letter.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
SIZES = {"persegi": (1080, 1080), "lebar": (1200, 675)}
STAMP_COLOURS = {
    "HOAKS": "#c62828", "DISINFORMASI": "#c62828", "FITNAH": "#c62828", "PENIPUAN": "#c62828",
    "MISINFORMASI": "#d84315", "SALAH": "#d84315", "MENYESATKAN": "#ef6c00", "SATIRE": "#6a1b9a",
    "BELUM TERBUKTI": "#5d4037", "FAKTA": "#2e7d32", "BENAR": "#2e7d32", "INFO": "#1565c0",
}
INK = "#0d1b2a"
PAPER = "#ffffff"
BAND = "#0d1b2a"


@cache
def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break text into lines no wider than `width` pixels, at spaces (and inside words too long
    for a line, such as long Indonesian compounds or URLs)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if face.getlength(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while face.getlength(word) > width:
                cut = len(word)
                while cut > 1 and face.getlength(word[:cut] + "-") > width:
                    cut -= 1
                lines.append(word[:cut] + "-")
                word = word[cut:]
            line = word
        lines.append(line)
    return [ln for ln in lines if ln] or [""]


def _fit(text: str, width: int, height: int, *, largest: int, smallest: int = 28) -> tuple[ImageFont.FreeTypeFont,
                                                                                            list[str]]:
    size = largest
    while size > smallest:
        face = font(size, bold=True)
        lines = wrap(text, face, width)
        if len(lines) * int(size * 1.25) <= height:
            return face, lines
        size -= 4
    face = font(smallest, bold=True)
    lines = wrap(text, face, width)
    max_lines = max(1, height // int(smallest * 1.25))
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" .,;:") + "…"
    return face, lines


def render(*, stamp: str, headline: str, link: str, disclosure: str, size: str = "persegi") -> bytes:
    width, height = SIZES[size]
    margin = int(width * 0.07)
    image = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(image)

    # The verdict stamp, top left, in its colour.
    stamp = (stamp or "INFO").upper()
    colour = STAMP_COLOURS.get(stamp.split("/")[0], "#1565c0")
    stamp_face = font(int(height * (0.085 if size == "persegi" else 0.11)), bold=True)
    sx, sy = margin, margin
    tw = stamp_face.getlength(stamp)
    pad = int(stamp_face.size * 0.35)
    box = (sx, sy, sx + tw + 2 * pad, sy + stamp_face.size + 2 * pad)
    draw.rounded_rectangle(box, radius=pad, fill=colour)
    draw.text((sx + pad, sy + pad * 0.8), stamp, font=stamp_face, fill=PAPER)

    # The bottom band: programme mark, short link, disclosure.
    band_h = int(height * (0.16 if size == "persegi" else 0.2))
    draw.rectangle((0, height - band_h, width, height), fill=BAND)
    mark_face = font(int(band_h * 0.26), bold=True)
    small_face = font(int(band_h * 0.2))
    draw.text((margin, height - band_h + band_h * 0.14), "TANGKAL · Influencer Pemerintah", font=mark_face,
              fill=PAPER)
    link_text = link.replace("https://", "").replace("http://", "")
    link_face = font(int(band_h * 0.22), bold=True)
    draw.text((margin, height - band_h + band_h * 0.52), link_text, font=link_face, fill="#ffd54f")
    if disclosure:
        dw = small_face.getlength(disclosure)
        draw.text((width - margin - dw, height - band_h + band_h * 0.55), disclosure, font=small_face, fill=PAPER)

    # The headline fills the space between.
    top = box[3] + int(height * 0.05)
    bottom = height - band_h - int(height * 0.05)
    face, lines = _fit(headline, width - 2 * margin, bottom - top, largest=int(height * 0.085))
    line_h = int(face.size * 1.25)
    y = top + max(0, (bottom - top - line_h * len(lines)) // 2)
    for line in lines:
        draw.text((margin, y), line, font=face, fill=INK)
        y += line_h

    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()
