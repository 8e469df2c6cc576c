from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from tangkal.accounts import services
from tangkal.core.ratelimit import client_ip


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Email atau kata sandi salah."),
        "inactive": _("Akun ini tidak aktif."),
        "locked": _("Terlalu banyak percobaan gagal. Akun dikunci sementara; coba lagi dalam 15 menit."),
    }

    def clean(self):
        email = (self.data.get("username") or "").strip().lower()
        ip = client_ip(self.request) if self.request else "0.0.0.0"
        if services.login_is_locked(email=email, ip=ip):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            services.login_record_failure(email=email, ip=ip)
            raise
        services.login_record_success(email=email)
        return cleaned


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Kode 6 angka dari aplikasi autentikator"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Kode harus 6 angka.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()


class APITokenForm(forms.Form):
    name = forms.CharField(label=_("Nama token"), max_length=100,
                           help_text=_("Misalnya nama aplikasi mitra yang memakainya."))
    scope = forms.ChoiceField(label=_("Cakupan"), choices=[("read", _("Baca")), ("write", _("Baca dan tulis"))])
