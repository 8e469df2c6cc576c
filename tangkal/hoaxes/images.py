"""Uploaded images: the type is sniffed from the bytes, the picture re-encoded (which drops EXIF,
GPS and any payload hidden after the image data) and a perceptual hash kept for near-duplicates."""

from __future__ import annotations

import io
from dataclasses import dataclass

import imagehash
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "jpg"}
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded
MAX_SIDE = 2048  # what a phone screen and a verifier need; larger pictures are scaled down
PHASH_DISTANCE = 6  # bits out of 64: the same picture re-compressed, cropped a little or resized


@dataclass
class CleanImage:
    content: ContentFile
    extension: str
    phash: str
    width: int
    height: int


def clean_image(upload, *, max_bytes: int | None = None) -> CleanImage:
    """Validate and re-encode one uploaded file; raises ValidationError with an Indonesian message."""
    max_bytes = max_bytes or settings.HOAX_MAX_IMAGE_BYTES
    name = getattr(upload, "name", "") or _("berkas")
    if upload.size > max_bytes:
        raise ValidationError(
            _("%(name)s terlalu besar (%(size)s MB). Batasnya %(limit)s MB per gambar."),
            code="too_large",
            params={"name": name, "size": round(upload.size / 1_048_576, 1), "limit": max_bytes // 1_048_576},
        )
    data = upload.read()
    not_image = ValidationError(_("%(name)s bukan gambar JPEG, PNG, WebP atau GIF."), code="not_image",
                                params={"name": name})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            if fmt not in ALLOWED_FORMATS:
                raise not_image
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("%(name)s terlalu besar ukurannya (piksel)."), code="too_many_pixels",
                                      params={"name": name})
            probe.verify()
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
            picture = ImageOps.exif_transpose(picture)  # keep the orientation the EXIF tag gave
            picture.thumbnail((MAX_SIDE, MAX_SIDE))
            phash = str(imagehash.phash(picture))
            out = io.BytesIO()
            extension = ALLOWED_FORMATS[fmt]
            if extension == "png":
                picture.save(out, format="PNG", optimize=True)
            elif extension == "webp":
                picture.save(out, format="WEBP", quality=85)
            else:
                picture.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
            width, height = picture.size
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise not_image from exc
    return CleanImage(content=ContentFile(out.getvalue(), name=f"image.{extension}"), extension=extension,
                      phash=phash, width=width, height=height)


def phash_distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()
