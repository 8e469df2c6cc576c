from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
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


class PasswordResetRequestForm(PasswordResetForm):
    """Only validates the address; `services.password_reset_request` decides whether anything is sent."""

    email = forms.EmailField(
        label=_("Email akun Tangkal"),
        max_length=254,
        help_text=_("Email yang Anda pakai untuk masuk, biasanya email kerja."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class PasswordResetSetForm(SetPasswordForm):
    """Django's checks (both fields equal, AUTH_PASSWORD_VALIDATORS against this user) with our labels."""

    error_messages = {"password_mismatch": _("Kedua kata sandi tidak sama.")}

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = _("Kata sandi baru")
        self.fields["new_password1"].help_text = _(
            "Minimal 10 karakter, jangan hanya angka, jangan mirip nama atau email Anda, dan jangan kata sandi "
            "yang umum."
        )
        self.fields["new_password1"].widget.attrs.update({"autofocus": True})
        self.fields["new_password2"].label = _("Ulangi kata sandi baru")
        self.fields["new_password2"].help_text = ""

    def clean(self):
        # Django reports a weak password under the confirmation field; show it under the one that sets it.
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)

    def save(self, commit: bool = True):
        services.password_reset_complete(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


class EmailChangeForm(forms.Form):
    """The new address and the current password; `services.email_change_request` checks the address."""

    new_email = forms.EmailField(
        label=_("Email baru"),
        max_length=254,
        help_text=_("Kami mengirim tautan konfirmasi ke email ini. Email akun berganti setelah tautan dibuka."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Kata sandi saat ini"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_email(self) -> str:
        return self.cleaned_data["new_email"].strip().lower()

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Kata sandi salah. Tulis kata sandi yang Anda pakai untuk masuk."),
                                        code="password_incorrect")
        return password
