from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tangkal.accounts.models import Agency, Region, Role, User
from tangkal.hoaxes import services
from tangkal.hoaxes.images import clean_image
from tangkal.hoaxes.models import Claim, Clarification, Platform, Reach, Tag, Topic, Verdict


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Up to MAX_IMAGES files, each sniffed, size-checked and re-encoded."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > services.MAX_IMAGES:
            raise ValidationError(_("Paling banyak %(max)s gambar per laporan.") % {"max": services.MAX_IMAGES})
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(clean_image(upload))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


def region_choices() -> list[tuple[str, str]]:
    provinces = Region.objects.filter(level=Region.Level.PROVINCE).order_by("name").values_list("code", "name")
    return [("", _("— Pilih provinsi (tidak wajib) —")), *provinces]


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("Isi pesan yang mencurigakan"), required=False, max_length=services.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": services.MAX_TEXT}),
        help_text=_("Tempel pesan yang Anda terima, apa adanya."),
        error_messages={"max_length": _("Isi pesan terlalu panjang: paling banyak %(limit_value)d karakter "
                                        "(sekarang %(show_value)d).")},
    )
    url = forms.CharField(label=_("Tautan (jika ada)"), required=False, max_length=1000,
                          widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}))
    images = MultipleImageField(label=_("Tangkapan layar atau gambar (paling banyak 3, masing-masing ≤ 5 MB)"))
    platform = forms.ChoiceField(label=_("Dilihat di mana?"), choices=Platform.choices, initial=Platform.WHATSAPP)
    region = forms.ChoiceField(label=_("Provinsi tempat pesan beredar"), required=False, choices=())
    reach = forms.TypedChoiceField(label=_("Seberapa luas beredar?"), choices=Reach.choices, coerce=int,
                                   initial=Reach.UNKNOWN)
    contact = forms.CharField(
        label=_("Email untuk kabar hasil pemeriksaan (tidak wajib)"), required=False, max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Disimpan terenkripsi, hanya untuk mengirim hasil. Bisa Anda hapus kapan saja lewat kode pelacakan."),
    )
    # A field people never see; bots fill every field they find.
    website = forms.CharField(required=False, label=_("Jangan diisi"),
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, with_contact: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices()
        if not with_contact:
            del self.fields["contact"]
            del self.fields["website"]

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean_contact(self):
        from tangkal.hoaxes.contacts import parse_email_contact

        value = self.cleaned_data.get("contact", "").strip()
        return parse_email_contact(value) if value else ""

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        errors = services.validate_report_input(
            text=data.get("text", ""), url=data.get("url", "").strip(), images=data.get("images") or [],
            platform=data.get("platform", ""), reach=data.get("reach", 0))
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)
        region = data.get("region")
        data["region"] = Region.objects.filter(code=region).first() if region else None
        return data


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Kode pelacakan"), max_length=20,
                           widget=forms.TextInput(attrs={"autocapitalize": "characters", "placeholder": "ABCDE-FGH23"}))


class TriageForm(forms.Form):
    title = forms.CharField(label=_("Judul klaim"), max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=[
        (Claim.Status.NEW, Claim.Status.NEW.label), (Claim.Status.IN_PROGRESS, Claim.Status.IN_PROGRESS.label),
        (Claim.Status.DISMISSED, Claim.Status.DISMISSED.label)])
    topic = forms.ChoiceField(label=_("Topik"), choices=[("", "—"), *Topic.choices], required=False)
    region = forms.ModelChoiceField(label=_("Wilayah"), queryset=Region.objects.filter(level=Region.Level.PROVINCE),
                                    required=False)
    tags = forms.MultipleChoiceField(label=_("Tanda"), choices=Tag.choices, required=False,
                                     widget=forms.CheckboxSelectMultiple)
    agency = forms.ModelChoiceField(label=_("Instansi tujuan"), queryset=Agency.objects.filter(is_active=True),
                                    required=False, help_text=_("Kosongkan untuk rute otomatis menurut topik dan wilayah."))
    assignee = forms.ModelChoiceField(label=_("Verifikator"), required=False, queryset=User.objects.filter(
        is_active=True, role__in=[Role.VERIFIER, Role.ADMIN]).order_by("full_name"))


class NoteForm(forms.Form):
    kind = forms.ChoiceField(choices=[("note", _("Catatan")), ("evidence", _("Bukti"))], initial="note",
                             widget=forms.HiddenInput)
    text = forms.CharField(label=_("Catatan"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    url = forms.URLField(label=_("Tautan bukti"), required=False, max_length=1000, assume_scheme="https")


class MergeForm(forms.Form):
    target = forms.CharField(label=_("Kode klaim tujuan (8 karakter) atau alamatnya"), max_length=200)


class ClarificationForm(forms.ModelForm):
    correction_note = forms.CharField(
        label=_("Catatan koreksi (wajib setelah terbit, tampil di halaman publik)"), required=False,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Clarification
        fields = ["verdict", "headline", "claim_reviewed", "summary", "body", "references", "topic", "region",
                  "counter_headline", "counter_body"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "references": forms.Textarea(attrs={"rows": 3}),
            "counter_headline": forms.TextInput(attrs={"data-word-limit": "20", "aria-describedby": "counter-checks"}),
            "counter_body": forms.Textarea(attrs={"rows": 5, "data-word-limit": "200",
                                                  "aria-describedby": "counter-checks"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(level=Region.Level.PROVINCE)
        self.fields["verdict"].choices = [("", "—"), *Verdict.choices]
        if not (self.instance and self.instance.pk and self.instance.is_published):
            del self.fields["correction_note"]

    def clean_references(self):
        from django.core.validators import URLValidator

        value = self.cleaned_data.get("references", "")
        validate = URLValidator(schemes=["http", "https"])
        for number, line in enumerate(value.splitlines(), start=1):
            if not line.strip():
                continue
            url = line.rpartition(" | ")[2].strip()
            try:
                validate(url)
            except ValidationError as exc:
                raise ValidationError(_("Rujukan baris %(n)s bukan tautan http(s) yang valid.") % {"n": number}) from exc
        return value


class ClarificationImageForm(forms.Form):
    image = forms.FileField(label=_("Gambar"), widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    alt_text = forms.CharField(label=_("Teks alternatif"), max_length=300)
    correction_note = forms.CharField(label=_("Catatan koreksi (jika sudah terbit)"), required=False, max_length=2000)

    def clean_image(self):
        return clean_image(self.cleaned_data["image"])


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penarikan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class PublicSearchForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=200)
    verdict = forms.ChoiceField(label=_("Vonis"), required=False, choices=[("", _("Semua vonis")), *Verdict.choices])
    topic = forms.ChoiceField(label=_("Topik"), required=False, choices=[("", _("Semua topik")), *Topic.choices])
    region = forms.ChoiceField(label=_("Provinsi"), required=False, choices=())
    date_from = forms.DateField(label=_("Dari tanggal"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Semua provinsi")), *region_choices()[1:]]
