from django import forms
from django.utils.translation import gettext_lazy as _


class BadgeRequestForm(forms.Form):
    show_accounts_publicly = forms.BooleanField(
        label=_("Tampilkan akun media sosial saya di halaman verifikasi publik"), required=False,
        help_text=_("Dengan ini warga dapat memastikan akun Anda asli lewat pencarian nama akun. "
                    "Persetujuan ini dapat Anda tarik kapan saja."),
    )


class ConsentForm(BadgeRequestForm):
    pass


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan"), min_length=5, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dicatat di log audit dan dikirim ke pemegang lencana."),
        error_messages={"required": _("Tuliskan alasan; alasan dicatat di log audit."),
                        "min_length": _("Alasan terlalu pendek (minimal 5 karakter).")},
    )
