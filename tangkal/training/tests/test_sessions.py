import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from conftest import make_user
from tangkal.accounts.models import Role
from tangkal.training import services
from tangkal.training.models import Attendance, Invitation, OnboardingSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(actors):
    now = timezone.now()
    return services.session_create(
        by=actors.coord_a, agency=actors.agency_a, title="Orientasi CPNS 2019", mode="in_person",
        starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=2), venue="Aula Lantai 3",
    )


def test_a_coordinator_schedules_a_session_for_their_own_agency(actors, client_for):
    client = client_for("coord_a")
    response = client.post("/pelatihan/sesi/baru/", {
        "title": "Orientasi daring", "mode": "online", "starts_at": "2026-12-01T09:00",
        "ends_at": "2026-12-01T11:00", "online_url": "https://rapat.example.go.id/orientasi", "venue": "",
        "notes": "",
    })
    assert response.status_code == 302
    session = OnboardingSession.objects.get(title="Orientasi daring")
    assert session.agency == actors.agency_a and session.created_by == actors.coord_a


def test_the_session_form_explains_what_is_missing(client_for):
    response = client_for("coord_a").post("/pelatihan/sesi/baru/", {
        "title": "Tanpa tempat", "mode": "in_person", "starts_at": "2026-12-01T11:00",
        "ends_at": "2026-12-01T09:00", "venue": "", "online_url": "",
    })
    body = response.content.decode()
    assert response.status_code == 400
    assert "Isi tempat untuk sesi tatap muka." in body and "Waktu selesai harus setelah waktu mulai." in body


def test_a_coordinator_cannot_create_a_session_for_another_agency(actors):
    with pytest.raises(services.PermissionDenied):
        services.session_create(by=actors.coord_b, agency=actors.agency_a, title="x", mode="online",
                                starts_at=timezone.now(), ends_at=timezone.now() + timedelta(hours=1),
                                online_url="https://x.go.id")


def test_coordinator_b_is_denied_on_agency_a_sessions(session, client_for, actors):
    client = client_for("coord_b")
    base = f"/pelatihan/sesi/{session.public_id}/"
    assert client.get(base).status_code == 404
    assert client.get(base + "qr/").status_code == 404
    assert client.post(base + "undang/").status_code == 404
    assert client.post(base + "kehadiran/", {"user": actors.influencer.pk}).status_code == 404
    assert session.title not in client.get("/pelatihan/sesi/").content.decode()
    assert not Invitation.objects.exists() and not Attendance.objects.exists()


def test_invitations_go_to_the_agency_influencers_once(session, actors, client_for, django_capture_on_commit_callbacks):
    colleague = make_user("rekan@a.go.id", Role.INFLUENCER, actors.agency_a)
    make_user("asn@b.go.id", Role.INFLUENCER, actors.agency_b)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coord_a").post(f"/pelatihan/sesi/{session.public_id}/undang/")
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted([actors.influencer.email, colleague.email])
    assert "Orientasi CPNS 2019" in mail.outbox[0].subject and "Aula Lantai 3" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.session_invite(session=session, by=actors.coord_a) == 0
    assert len(mail.outbox) == 2
    assert services.session_send_invitation_emails(session_id=session.pk) == 0


def test_a_coordinator_records_attendance_for_their_own_participants_only(session, actors, client_for):
    client = client_for("coord_a")
    client.post(f"/pelatihan/sesi/{session.public_id}/kehadiran/", {"user": actors.influencer.pk, "present": "1"})
    attendance = Attendance.objects.get(session=session, user=actors.influencer)
    assert attendance.method == Attendance.Method.COORDINATOR and attendance.recorded_by == actors.coord_a
    outsider = make_user("asn@b.go.id", Role.INFLUENCER, actors.agency_b)
    response = client.post(f"/pelatihan/sesi/{session.public_id}/kehadiran/", {"user": outsider.pk}, follow=True)
    assert "bukan peserta sesi ini" in response.content.decode()
    assert not Attendance.objects.filter(user=outsider).exists()
    client.post(f"/pelatihan/sesi/{session.public_id}/kehadiran/", {"user": actors.influencer.pk, "present": "0"})
    assert not Attendance.objects.filter(session=session).exists()


def test_scanning_the_venue_qr_code_records_attendance_once(session, actors, client_for):
    client = client_for("influencer")
    token = services.attendance_token(session)
    page = client.get(f"/pelatihan/hadir/{token}/")
    assert page.status_code == 200 and "Orientasi CPNS 2019" in page.content.decode()
    assert not Attendance.objects.exists()  # looking is not attending
    client.post(f"/pelatihan/hadir/{token}/")
    response = client.post(f"/pelatihan/hadir/{token}/", follow=True)
    assert "sudah tercatat sebelumnya" in response.content.decode()
    attendance = Attendance.objects.get()
    assert attendance.method == Attendance.Method.QR and attendance.user == actors.influencer


def test_an_expired_qr_code_is_refused_with_a_clear_message(session, client_for):
    token = services.attendance_token(session, at=time.time() - services.qr_token_max_age() - 5)
    response = client_for("influencer").post(f"/pelatihan/hadir/{token}/")
    assert response.status_code == 400
    assert "Kode QR ini sudah kedaluwarsa" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_forged_qr_code_is_refused(session, client_for):
    token = services.attendance_token(session)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    client = client_for("influencer")
    assert "Kode QR ini tidak sah" in client.post(f"/pelatihan/hadir/{forged}/").content.decode()
    from django.core import signing
    other_salt = signing.TimestampSigner(salt="lain").sign_object({"s": str(session.public_id)})
    assert client.post(f"/pelatihan/hadir/{other_salt}/").status_code == 400
    assert not Attendance.objects.exists()


def test_attendance_is_only_open_around_the_session(actors):
    start = timezone.now() + timedelta(days=2)
    later = services.session_create(by=actors.coord_a, agency=actors.agency_a, title="Nanti", mode="online",
                                    starts_at=start, ends_at=start + timedelta(hours=1),
                                    online_url="https://rapat.go.id/x")
    with pytest.raises(services.TrainingError) as error:
        services.attendance_checkin(token=services.attendance_token(later), user=actors.influencer)
    assert error.value.code == "outside_window"


def test_an_asn_of_another_agency_cannot_check_in(session, actors):
    outsider = make_user("asn@b.go.id", Role.INFLUENCER, actors.agency_b)
    with pytest.raises(services.TrainingError) as error:
        services.attendance_checkin(token=services.attendance_token(session), user=outsider)
    assert error.value.code == "not_participant"


def test_the_qr_screen_refreshes_itself_without_inline_script(session, client_for):
    client = client_for("coord_a")
    body = client.get(f"/pelatihan/sesi/{session.public_id}/qr/").content.decode()
    assert 'hx-trigger="every 150s"' in body and "data:image/svg+xml" in body and "<script>" not in body
    fragment = client.get(f"/pelatihan/sesi/{session.public_id}/qr/", headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<div id="qr-code"')


def test_a_cohort_session_invites_only_that_cohort(actors, django_capture_on_commit_callbacks):
    from tangkal.influencers.models import ASNProfile, Cohort

    cohort = Cohort.objects.create(agency=actors.agency_a, name="CPNS 2019", intake_year=2019)
    member = make_user("anggota@a.go.id", Role.INFLUENCER, actors.agency_a)
    ASNProfile.objects.create(user=member, agency=actors.agency_a, nip="199001152019031001", full_name="Anggota",
                              cohort=cohort)
    now = timezone.now()
    session = services.session_create(by=actors.coord_a, agency=actors.agency_a, cohort=cohort, title="Angkatan",
                                      mode="online", starts_at=now, ends_at=now + timedelta(hours=1),
                                      online_url="https://rapat.go.id/a")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.session_invite(session=session, by=actors.coord_a) == 1
    assert [m.to for m in mail.outbox] == [[member.email]]
    # The ASN of the agency outside the cohort is not a participant of this session.
    with pytest.raises(services.TrainingError):
        services.attendance_checkin(token=services.attendance_token(session), user=actors.influencer)


def test_a_coordinator_cannot_pick_another_agencys_cohort(actors, client_for):
    from tangkal.influencers.models import Cohort

    foreign = Cohort.objects.create(agency=actors.agency_b, name="CPNS 2021", intake_year=2021)
    with pytest.raises(services.TrainingError):
        services.session_create(by=actors.coord_a, agency=actors.agency_a, cohort=foreign, title="x",
                                mode="online", starts_at=timezone.now(),
                                ends_at=timezone.now() + timedelta(hours=1), online_url="https://x.go.id")
    response = client_for("coord_a").post("/pelatihan/sesi/baru/", {
        "title": "Salah angkatan", "cohort": foreign.pk, "mode": "online", "starts_at": "2026-12-01T09:00",
        "ends_at": "2026-12-01T11:00", "online_url": "https://rapat.go.id/x",
    })
    assert response.status_code == 400 and not OnboardingSession.objects.filter(title="Salah angkatan").exists()
