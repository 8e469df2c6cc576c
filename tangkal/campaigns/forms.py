from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tangkal.campaigns import kit
from tangkal.campaigns.models import Campaign, Topic
from tangkal.campaigns.targeting import tiers


def platform_choices() -> list[tuple[str, str]]:
    return [("x", "X"), ("instagram", "Instagram"), ("facebook", "Facebook"), ("tiktok", "TikTok"),
            ("youtube", "YouTube")]


class TargetingForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(label=_("Instansi"), queryset=None, required=False,
                                              help_text=_("Kosong berarti semua instansi."))
    regions = forms.MultipleChoiceField(label=_("Provinsi"), choices=(), required=False,
                                        help_text=_("Kosong berarti semua wilayah."))
    platforms = forms.MultipleChoiceField(label=_("Platform"), choices=platform_choices, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    topics = forms.MultipleChoiceField(label=_("Topik keahlian"), choices=Topic.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    tiers = forms.MultipleChoiceField(label=_("Tingkat pengikut"), choices=(), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    deadline_hours = forms.IntegerField(label=_("Batas waktu (jam setelah peluncuran)"), min_value=1,
                                        max_value=168, initial=6)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from tangkal.accounts.models import Agency, Region

        agencies = Agency.objects.filter(is_active=True)
        if user is not None and getattr(user, "is_coordinator", False):
            agencies = agencies.filter(pk=user.agency_id)
            self.fields["agencies"].help_text = _("Kampanye koordinator hanya menjangkau instansinya sendiri.")
        self.fields["agencies"].queryset = agencies
        self.fields["regions"].choices = list(Region.objects.filter(level="province").values_list("code", "name"))
        self.fields["tiers"].choices = [
            (name, f"{name} ({low:,}{'+' if high is None else f'–{high - 1:,}'})".replace(",", "."))
            for name, low, high in tiers()
        ]

    def targeting(self) -> dict:
        data = self.cleaned_data
        return {"agencies": [a.pk for a in data["agencies"]], "regions": list(data["regions"]),
                "platforms": list(data["platforms"]), "topics": list(data["topics"]), "tiers": list(data["tiers"])}

    @classmethod
    def initial_from(cls, campaign: Campaign) -> dict:
        t = campaign.targeting or {}
        return {"agencies": t.get("agencies", []), "regions": t.get("regions", []),
                "platforms": t.get("platforms", []), "topics": t.get("topics", []), "tiers": t.get("tiers", []),
                "deadline_hours": campaign.deadline_hours}


class CampaignForm(TargetingForm):
    headline = forms.CharField(label=_("Judul"), max_length=120,
                               help_text=_("Singkat dan jelas; tampil besar di gambar."))
    summary = forms.CharField(label=_("Pesan inti"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Fakta atau informasi publik saja, tanpa muatan politik praktis."))
    body = forms.CharField(label=_("Penjelasan lengkap (opsional)"), max_length=10000, required=False,
                           widget=forms.Textarea(attrs={"rows": 6}))
    link_url = forms.URLField(label=_("Tautan tujuan"), max_length=500, required=False, assume_scheme="https",
                              help_text=_("Kosongkan untuk memakai halaman informasi di Tangkal."))
    hashtags = forms.CharField(label=_("Tagar"), max_length=300, required=False)
    topic = forms.ChoiceField(label=_("Topik"), choices=Topic.choices, initial=Topic.LAINNYA)

    field_order = ["headline", "summary", "body", "link_url", "hashtags", "topic", "agencies", "regions",
                   "platforms", "topics", "tiers", "deadline_hours"]


class KitForm(forms.Form):
    """One textarea per channel and variant; limits are checked by kit.validate."""

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        for channel in kit.CHANNELS:
            for i, text in enumerate((campaign.kit or {}).get(channel, [])):
                self.fields[f"{channel}_{i}"] = forms.CharField(
                    label=_("%(channel)s — variasi %(n)s") % {"channel": kit.label(channel), "n": i + 1},
                    initial=text, widget=forms.Textarea(attrs={"rows": 5}), max_length=70000,
                    help_text=_("Batas %(limit)s karakter.") % {"limit": kit.RULES[channel].limit},
                )

    def kit(self) -> dict:
        result: dict[str, list[str]] = {}
        for channel in kit.CHANNELS:
            i = 0
            while f"{channel}_{i}" in self.cleaned_data:
                result.setdefault(channel, []).append(self.cleaned_data[f"{channel}_{i}"].replace("\r\n", "\n"))
                i += 1
        return result


class RejectForm(forms.Form):
    note = forms.CharField(label=_("Alasan"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class OverrideForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pengecualian"), max_length=500, min_length=10,
                             widget=forms.Textarea(attrs={"rows": 3}))


class PostForm(forms.Form):
    url = forms.CharField(label=_("Tautan posting Anda"), max_length=600,
                          widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "off",
                                                       "placeholder": "https://x.com/nama/status/…"}))


class DeclineForm(forms.Form):
    REASONS = [
        ("tidak_sesuai", _("Tidak sesuai dengan audiens saya")),
        ("tidak_sempat", _("Tidak sempat sebelum batas waktu")),
        ("ragu", _("Saya ragu dengan isinya")),
        ("lainnya", _("Lainnya")),
    ]
    choice = forms.ChoiceField(label=_("Alasan"), choices=REASONS, widget=forms.RadioSelect)
    detail = forms.CharField(label=_("Keterangan (opsional)"), max_length=400, required=False)

    def reason(self) -> str:
        label = dict(self.REASONS)[self.cleaned_data["choice"]]
        detail = self.cleaned_data.get("detail", "").strip()
        return f"{label}: {detail}" if detail else str(label)


class PreferencesForm(forms.Form):
    topics = forms.MultipleChoiceField(label=_("Topik keahlian saya"), choices=Topic.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    leaderboard_opt_out = forms.BooleanField(label=_("Jangan tampilkan nama saya di papan peringkat"),
                                             required=False)


class SettingsForm(forms.Form):
    disclosure = forms.CharField(label=_("Tanda pengungkapan"), max_length=60,
                                 help_text=_("Selalu dimuat di setiap teks kit, mis. #InfoASN."))


class BlackoutForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=120)
    starts_at = forms.DateTimeField(label=_("Mulai"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Selesai"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class WatchWordForm(forms.Form):
    word = forms.CharField(label=_("Kata pantauan"), max_length=80)
