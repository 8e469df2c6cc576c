import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from tangkal.accounts.models import User
from tangkal.core.models import AuditEntry
from tangkal.influencers.models import ASNProfile, Consent, Invitation, Stage
from tangkal.influencers.services import EMAIL_SALT, cohort_get_or_create, cohort_invite
from tangkal.influencers.tests.factories import asn

pytestmark = pytest.mark.django_db
NIP = "199001152019032001"


def form(actors, **overrides):
    data = {"nip": NIP, "full_name": "Dewi Lestari", "agency": actors.agency_a.pk, "unit": "Biro Humas",
            "email": "dewi@a.go.id", "phone": "", "password1": "Sandi-Kuat-2026", "password2": "Sandi-Kuat-2026",
            "consent_terms": "on", "consent_data": "on"}
    data.update(overrides)
    return data


def register(actors, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return Client().post(reverse("influencers:register"), form(actors, **overrides))


def link_from(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).split("testserver")[-1].replace("http://127.0.0.1:8000", "")


def test_registration_sends_a_signed_link_that_activates_the_account(actors, django_capture_on_commit_callbacks):
    response = register(actors, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    profile = ASNProfile.objects.get(nip=NIP)
    assert not profile.user.is_active and profile.email_verified_at is None
    assert set(Consent.objects.filter(profile=profile).values_list("kind", flat=True)) == {"terms", "personal_data"}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dewi@a.go.id"]
    client = Client()
    response = client.get(link_from(mail.outbox[0]))
    assert response.status_code == 302 and response["Location"] == reverse("influencers:home")
    profile.refresh_from_db()
    assert profile.user.is_active and profile.email_verified_at is not None
    assert client.get(reverse("influencers:home")).status_code == 200
    assert AuditEntry.objects.filter(action="asn.registered").exists()


@pytest.mark.parametrize(("field", "value", "words"), [
    ("nip", "19900115201903300", "18 angka"),
    ("nip", "199002302019032001", "bukan tanggal"),
    ("nip", "199001152019033001", "jenis kelamin"),
    ("email", "dewi@gmail.com", "email kerja"),
    ("password2", "lain-lagi-2026", "tidak sama"),
    ("consent_data", "", "wajib"),
])
def test_bad_registrations_are_explained_and_nothing_is_saved(actors, field, value, words,
                                                               django_capture_on_commit_callbacks):
    response = register(actors, django_capture_on_commit_callbacks, **{field: value})
    assert response.status_code == 200
    assert words in response.content.decode().lower() or words in response.content.decode()
    assert not ASNProfile.objects.exists() and not User.objects.filter(email="dewi@a.go.id").exists()
    assert not mail.outbox


def test_a_nip_already_registered_is_refused(actors, django_capture_on_commit_callbacks):
    asn(actors.agency_a, nip=NIP)
    response = register(actors, django_capture_on_commit_callbacks)
    assert "NIP ini sudah terdaftar" in response.content.decode()
    assert ASNProfile.objects.count() == 1


def test_a_roster_nip_must_use_the_agency_and_email_on_record(actors, django_capture_on_commit_callbacks):
    asn(actors.agency_a, nip=NIP, stage=Stage.IMPORTED, email="dewi.l@a.go.id")
    response = register(actors, django_capture_on_commit_callbacks, agency=actors.agency_b.pk, email="dewi@b.go.id")
    assert "tercatat di Instansi Uji A" in response.content.decode()
    response = register(actors, django_capture_on_commit_callbacks)
    assert "berbeda dengan email kerja yang dicatat" in response.content.decode()
    register(actors, django_capture_on_commit_callbacks, email="dewi.l@a.go.id")
    profile = ASNProfile.objects.get(nip=NIP)
    assert profile.user is not None and profile.stage == Stage.REGISTERED


def test_an_expired_or_forged_link_is_explained(actors, settings):
    profile = asn(actors.agency_a)
    forged = Client().get(reverse("influencers:verify_email", kwargs={"token": "bukan-tautan"}))
    assert forged.status_code == 400 and "tidak sah" in forged.content.decode()
    token = signing.dumps({"p": profile.pk, "e": profile.email}, salt=EMAIL_SALT, compress=True)
    settings.INFLUENCER_EMAIL_LINK_MAX_AGE_DAYS = -1
    expired = Client().get(reverse("influencers:verify_email", kwargs={"token": token}))
    assert "kedaluwarsa" in expired.content.decode()


def test_a_cohort_invitation_enrols_once_and_expires(actors, settings):
    cohort = cohort_get_or_create(agency=actors.agency_a, name="CPNS  2019")
    assert cohort.intake_year == 2019 and cohort.name == "CPNS 2019"
    member = asn(actors.agency_a, stage=Stage.IMPORTED, cohort=cohort, email="baru@a.go.id")
    asn(actors.agency_a, stage=Stage.IMPORTED, cohort=cohort, email="lama@a.go.id")
    assert cohort_invite(cohort=cohort, by=actors.coord_a) == 2
    assert cohort_invite(cohort=cohort, by=actors.coord_a) == 0  # a live invitation is not sent twice
    message = next(m for m in mail.outbox if m.to == ["baru@a.go.id"])
    url = link_from(message)
    client = Client()
    assert client.get(url).status_code == 200
    response = client.post(url, {"password1": "Sandi-Kuat-2026", "password2": "Sandi-Kuat-2026",
                                 "consent_terms": "on", "consent_data": "on"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.user.email == "baru@a.go.id" and member.email_verified_at and member.stage == Stage.REGISTERED
    again = Client().get(url)
    assert again.status_code == 400 and "sudah dipakai" in again.content.decode()
    other = Invitation.objects.exclude(profile=member).get()
    other.expires_at = other.created_at - timedelta(days=1)
    other.save()
    token = link_from(next(m for m in mail.outbox if m.to == ["lama@a.go.id"]))
    assert "kedaluwarsa" in Client().get(token).content.decode()
