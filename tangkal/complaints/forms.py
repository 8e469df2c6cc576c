from django import forms
from django.utils.translation import gettext_lazy as _

from tangkal.complaints.models import Complaint


class ComplaintForm(forms.Form):
    category = forms.ChoiceField(label=_("Jenis pelanggaran"), choices=Complaint.Category.choices,
                                 error_messages={"required": _("Pilih jenis pelanggaran.")})
    description = forms.CharField(
        label=_("Uraian"), min_length=20, max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ceritakan apa yang terjadi, kapan, dan di akun mana (20–2000 karakter)."),
        error_messages={"required": _("Uraian wajib diisi."),
                        "min_length": _("Uraian terlalu pendek: tulis minimal 20 karakter agar dapat ditinjau.")},
    )
    evidence_url = forms.URLField(label=_("Tautan bukti (opsional)"), required=False, max_length=500, assume_scheme="https",
                                  help_text=_("Misalnya tautan unggahan yang dimaksud."),
                                  error_messages={"invalid": _("Tautan bukti harus berupa alamat web lengkap (https://…).")})
    contact = forms.CharField(label=_("Email atau nomor HP (opsional)"), required=False, max_length=200,
                              help_text=_("Disimpan hanya dalam bentuk tersandi; tidak ditampilkan kepada siapa pun."))
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by naive bots.
    website = forms.CharField(required=False, label=_("Jangan diisi"))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("dismiss", _("Tolak pengaduan")), ("suspend", _("Tangguhkan lencana")),
                 ("revoke", _("Cabut lencana"))],
    )
    note = forms.CharField(label=_("Catatan keputusan"), min_length=5, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Dicatat di log audit; untuk penangguhan dan pencabutan dikirim ke pemegang."),
                           error_messages={"required": _("Tuliskan catatan keputusan."),
                                           "min_length": _("Catatan terlalu pendek (minimal 5 karakter).")})
