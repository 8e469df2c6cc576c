from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")


class MessageField(forms.CharField):
    """Pasted text as it comes: control characters and NULs are dropped, not refused."""

    def to_python(self, value):
        value = super().to_python(value)
        return _CONTROL_RE.sub(" ", value).strip() if value else value


class CheckForm(forms.Form):
    text = MessageField(
        label=_("Pesan yang ingin dicek"), required=False, strip=True,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": _("Tempel pesan yang Anda terima di sini…")}),
        help_text=_("Apa adanya, boleh dengan emoji dan salah ketik. Pesan ini tidak kami simpan."),
    )
    url = forms.CharField(label=_("Tautan (jika ada)"), required=False, max_length=1000,
                          widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.MATCHING_MAX_TEXT_CHARS
        self.fields["text"].max_length = limit
        self.fields["text"].widget.attrs["maxlength"] = limit
        self.fields["text"].validators.append(_max_chars(limit))

    def clean_url(self):
        url = self.cleaned_data.get("url", "").strip()
        if url and "://" not in url:
            url = f"https://{url}"
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                raise ValidationError(_("Tautan tidak valid. Salin alamat lengkap yang diawali https://")) from None
        return url

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("text") and not data.get("url"):
            raise ValidationError(_("Tempel isi pesan atau tautan yang ingin dicek."))
        return data


def _max_chars(limit: int):
    def validate(value: str) -> None:
        if len(value) > limit:
            raise ValidationError(_("Pesan terlalu panjang: %(n)s karakter, batasnya %(max)s. Tempel bagian "
                                    "awalnya saja — klaimnya biasanya ada di sana.") % {"n": len(value), "max": limit})
    return validate
