from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tangkal.accounts.models import Agency
from tangkal.core.permissions import is_admin
from tangkal.influencers.models import Cohort
from tangkal.training.models import OnboardingSession


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SessionForm(forms.ModelForm):
    online_url = forms.URLField(label=_("Tautan rapat daring"), required=False, assume_scheme="https",
                                help_text=_("Wajib untuk sesi daring: tautan rapat."))

    class Meta:
        model = OnboardingSession
        fields = ["agency", "cohort", "title", "mode", "starts_at", "ends_at", "venue", "online_url", "notes"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput(),
                   "notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "venue": _("Wajib untuk sesi tatap muka: gedung, ruang, dan alamat."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if is_admin(user):
            self.fields["agency"].queryset = Agency.objects.filter(is_active=True)
        else:
            del self.fields["agency"]
        cohorts = Cohort.objects.select_related("agency")
        self.fields["cohort"].queryset = cohorts if is_admin(user) else cohorts.filter(agency_id=user.agency_id)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Waktu selesai harus setelah waktu mulai."))
        mode = data.get("mode")
        if mode == OnboardingSession.Mode.IN_PERSON and not data.get("venue"):
            self.add_error("venue", _("Isi tempat untuk sesi tatap muka."))
        if mode == OnboardingSession.Mode.ONLINE and not data.get("online_url"):
            self.add_error("online_url", _("Isi tautan rapat untuk sesi daring."))
        agency = data.get("agency") if is_admin(self.user) else self.user.agency
        cohort = data.get("cohort")
        if cohort is not None and agency is not None and cohort.agency_id != agency.pk:
            self.add_error("cohort", _("Angkatan ini bukan milik instansi yang dipilih."))
        return data

    def validate_constraints(self, exclude=None):
        # The model's check constraints are reported field by field in clean(); the agency may be unset here.
        return None

    def _post_clean(self):
        if "agency" not in self.fields:
            self.instance.agency = self.user.agency
        super()._post_clean()
