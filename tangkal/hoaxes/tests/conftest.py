import io

import pytest
from django.core.cache import cache
from PIL import Image

from tangkal.hoaxes import publishing, services

HOAX_TEXT = ("Waspada! Mulai besok semua pengguna WhatsApp akan dikenai biaya Rp 5.000 per pesan oleh pemerintah. "
             "Kirim pesan ini ke 10 grup agar akun Anda tetap gratis, kalau tidak akun akan diblokir permanen.")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def png_bytes(color=(200, 30, 30), size=(64, 64), pattern: int = 0, fmt="PNG", exif: bytes | None = None) -> bytes:
    picture = Image.new("RGB", size, color)
    for x in range(0, size[0], 8):  # some structure so the perceptual hash is meaningful
        for y in range(size[1]):
            if (x // 8 + pattern) % 2:
                picture.putpixel((x, y), (20, 20, 20))
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif else {}
    picture.save(out, format=fmt, **kwargs)
    return out.getvalue()


def photo_bytes(size=(256, 256), variant: int = 0, fmt="PNG") -> bytes:
    """A picture with large shapes placed relative to its size, so a resized copy looks the same."""
    from PIL import ImageDraw

    w, h = size
    picture = Image.new("RGB", size, (240, 240, 230) if variant == 0 else (30, 60, 120))
    draw = ImageDraw.Draw(picture)
    if variant == 0:
        draw.ellipse((w * 0.1, h * 0.1, w * 0.6, h * 0.6), fill=(200, 30, 30))
        draw.rectangle((w * 0.55, h * 0.5, w * 0.95, h * 0.9), fill=(20, 20, 20))
    else:
        draw.rectangle((0, h * 0.3, w, h * 0.45), fill=(250, 250, 0))
        draw.ellipse((w * 0.6, h * 0.05, w * 0.95, h * 0.4), fill=(255, 255, 255))
    out = io.BytesIO()
    picture.save(out, format=fmt, quality=70) if fmt == "JPEG" else picture.save(out, format=fmt)
    return out.getvalue()


def publish(*, author, approver, claim=None, **data):
    values = {"verdict": "HOAKS", "headline": "Tidak ada biaya Rp 5.000 per pesan WhatsApp",
              "summary": "Pemerintah tidak memungut biaya pesan WhatsApp.", "topic": "pemerintahan", **data}
    clar = publishing.clarification_create(by=author, claim=claim, data=values)
    publishing.clarification_submit(clarification=clar, by=author)
    return publishing.clarification_approve(clarification=clar, by=approver)


@pytest.fixture
def second_verifier(actors):
    from conftest import make_user
    from tangkal.accounts.models import Role

    return make_user("verifikator2@komdigi.go.id", Role.VERIFIER)


@pytest.fixture
def hoax_report(actors):
    return services.report_submit(text=HOAX_TEXT, platform="whatsapp")
