from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tangkal.accounts.models import Agency
from tangkal.connectors.registry import choices as platform_choices
from tangkal.influencers.models import EligibilityPolicy, Stage
from tangkal.influencers.nip import clean_nip, nip_problems


class NIPField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("NIP"))
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("help_text", _("18 angka: tanggal lahir, TMT CPNS, jenis kelamin, nomor urut."))
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value):
        value = clean_nip(super().clean(value))
        problems = nip_problems(value)
        if problems:
            raise ValidationError([message for _code, message in problems])
        return value


class PasswordsMixin(forms.Form):
    password1 = forms.CharField(label=_("Kata sandi"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("Minimal 10 karakter, jangan hanya angka."))
    password2 = forms.CharField(label=_("Ulangi kata sandi"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    consent_terms = forms.BooleanField(label=_("Saya menyetujui ketentuan program Influencer ASN."))
    consent_data = forms.BooleanField(
        label=_("Saya menyetujui pemrosesan data pribadi saya (NIP, nama, email, akun media sosial, jumlah pengikut) "
                "untuk program ini sesuai UU 27/2022 tentang Pelindungan Data Pribadi."))

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif first:
            try:
                password_validation.validate_password(first)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class RegistrationForm(PasswordsMixin):
    nip = NIPField()
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=200,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    agency = forms.ModelChoiceField(label=_("Instansi"), queryset=Agency.objects.filter(is_active=True),
                                    empty_label=_("— pilih instansi —"))
    unit = forms.CharField(label=_("Unit kerja"), max_length=200)
    email = forms.EmailField(label=_("Email kerja"), help_text=_("Email dinas, biasanya berakhiran go.id."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.RegexField(label=_("Nomor ponsel (tidak wajib)"), required=False, regex=r"^\+?[0-9 \-]{8,20}$",
                             error_messages={"invalid": _("Nomor ponsel hanya angka, boleh diawali +62.")},
                             widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    field_order = ["nip", "full_name", "agency", "unit", "email", "phone", "password1", "password2",
                   "consent_terms", "consent_data"]


class InvitationForm(PasswordsMixin):
    phone = forms.RegexField(label=_("Nomor ponsel (tidak wajib)"), required=False, regex=r"^\+?[0-9 \-]{8,20}$",
                             error_messages={"invalid": _("Nomor ponsel hanya angka, boleh diawali +62.")})
    field_order = ["password1", "password2", "phone", "consent_terms", "consent_data"]


class AccountAddForm(forms.Form):
    platform = forms.ChoiceField(label=_("Platform"))
    handle = forms.CharField(label=_("Nama pengguna atau tautan profil"), max_length=300,
                             help_text=_("Contoh: @namaanda, atau tempel tautan profil dari aplikasi."),
                             widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].choices = platform_choices()


class EvidenceForm(forms.Form):
    evidence = forms.FileField(label=_("Tangkapan layar halaman profil saat Anda masuk"),
                               help_text=_("PNG, JPEG, atau WebP, maksimal 5 MB."),
                               widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}))
    note = forms.CharField(label=_("Keterangan (tidak wajib)"), required=False, max_length=500)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Keputusan"), widget=forms.RadioSelect,
                                 choices=[("approve", _("Terima: akun ini milik ASN tersebut")),
                                          ("reject", _("Tolak"))])
    note = forms.CharField(label=_("Catatan"), required=False, max_length=500,
                           help_text=_("Wajib bila menolak: ASN akan membacanya."))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), max_length=500)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas CSV atau XLSX"),
                           help_text=_("Kolom: nip, nama, instansi, unit, email, angkatan. CSV harus UTF-8."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}))


class CohortForm(forms.Form):
    name = forms.CharField(label=_("Nama angkatan"), max_length=100, help_text=_("Contoh: CPNS 2019"))


class RosterFilterForm(forms.Form):
    stage = forms.ChoiceField(label=_("Tahap"), required=False, choices=[("", _("Semua tahap")), *Stage.choices])
    q = forms.CharField(label=_("Cari nama, email, atau awal NIP"), required=False, max_length=100)


class PolicyForm(forms.ModelForm):
    class Meta:
        model = EligibilityPolicy
        fields = ["threshold", "counting", "max_snapshot_age_days", "grace_days", "note"]

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise ValidationError(_("Tulis alasan perubahan; alasan ini masuk log audit."))
        return note


def agency_choices(*, exclude_id: int | None = None) -> list:
    """Active agencies grouped by kind (optgroups), so ~600 names stay findable in a native select."""
    groups: dict[str, list[tuple[str, str]]] = {kind: [] for kind, _label in Agency.Kind.choices}
    for agency in Agency.objects.filter(is_active=True).exclude(pk=exclude_id).order_by("name").only(
            "pk", "name", "short_name", "kind"):
        label = f"{agency.name} ({agency.short_name})" if agency.short_name else agency.name
        groups.setdefault(agency.kind, []).append((str(agency.pk), label))
    labels = dict(Agency.Kind.choices)
    return [("", _("— pilih instansi tujuan —"))] + [(labels.get(kind, kind), items) for kind, items in groups.items()
                                                      if items]


class TransferForm(forms.Form):
    """Moving an ASN to another agency (mutasi); the service checks the rest (permission, same agency)."""

    to_agency = forms.ChoiceField(
        label=_("Instansi tujuan"),
        help_text=_("Ketik beberapa huruf pertama nama instansi untuk melompat ke sana."),
        error_messages={"required": _("Pilih instansi tujuan."),
                        "invalid_choice": _("Pilih instansi tujuan dari daftar, selain instansi saat ini.")})
    effective_date = forms.DateField(label=_("Tanggal berlaku (tidak wajib)"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                     help_text=_("Tanggal SK mutasi; kosong berarti hari ini."))
    reason = forms.CharField(label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Misalnya nomor dan tanggal SK mutasi. Dicatat di riwayat dan log audit."))
    confirm = forms.BooleanField(
        label=_("Saya yakin: setelah dipindahkan, ASN ini keluar dari angkatannya, undangan lamanya dibatalkan, dan "
                "lencananya diterbitkan ulang atas nama instansi tujuan."),
        error_messages={"required": _("Centang konfirmasi untuk memindahkan ASN ini.")})

    def __init__(self, *args, current_agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_agency = current_agency
        self.fields["to_agency"].choices = agency_choices(exclude_id=current_agency.pk)

    def clean_to_agency(self) -> Agency:
        agency = Agency.objects.filter(pk=self.cleaned_data["to_agency"], is_active=True).first()
        if agency is None:
            raise ValidationError(_("Pilih instansi tujuan dari daftar."))
        return agency


CONSENT_VERSION = settings.INFLUENCER_CONSENT_VERSION


class ErasureForm(forms.Form):
    """Deleting one's account asks for the password and a typed word, so it is never one slip of a thumb."""

    password = forms.CharField(label=_("Kata sandi Anda"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    confirmation = forms.CharField(max_length=20, widget=forms.TextInput(
        attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}))

    def __init__(self, *args, user, word: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.word = user, word
        self.fields["confirmation"].label = _("Ketik %(word)s untuk mengonfirmasi") % {"word": word}

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Kata sandi salah. Masukkan kata sandi yang Anda pakai untuk masuk ke Tangkal."),
                                  code="wrong_password")
        return password

    def clean_confirmation(self):
        typed = self.cleaned_data["confirmation"].strip()
        if typed.upper() != self.word:
            raise ValidationError(_("Ketik kata %(word)s untuk mengonfirmasi penghapusan.")
                                  % {"word": self.word}, code="wrong_confirmation")
        return typed
