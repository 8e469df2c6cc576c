"""Who may reach each of this app's routes; the access test walks every route against this list."""

from datetime import timedelta

from django.utils import timezone

from tangkal.core.access import ADMIN_COORD_A, ADMIN_COORDS, EVERYONE, INFLUENCER, SIGNED_IN, Route

COURSE = "dasar-menangkal-hoaks"
MODULE = "mengenali-hoaks"
MODULE_KWARGS = {"course_slug": COURSE, "module_slug": MODULE}


def build(world) -> None:
    from django.core.files.base import ContentFile

    from tangkal.training import services
    from tangkal.training.models import Certificate, Material, Module, OnboardingSession
    from tangkal.training.selectors import current_version

    module = Module.objects.get(course__slug=COURSE, slug=MODULE)
    world.training_material = Material(module=module, title="Daftar periksa")
    world.training_material.file.save("daftar-periksa.txt", ContentFile(b"Periksa sumber."), save=True)
    world.training_attempt = services.attempt_start(user=world.influencer, quiz=module.quiz)
    world.training_certificate = Certificate.objects.create(
        user=world.influencer, version=current_version(), holder_name="Asn Uji", completed_at=timezone.now()
    )
    now = timezone.now()
    world.training_session = OnboardingSession.objects.create(
        agency=world.agency_a, title="Orientasi Uji", mode="in_person", venue="Aula A",
        starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(hours=2), created_by=world.coord_a,
    )
    world.training_token = services.attendance_token(world.training_session)


def _session(w):
    return {"public_id": w.training_session.public_id}


ROUTES = [
    Route("training:home", SIGNED_IN),
    Route("training:course", SIGNED_IN, kwargs=lambda w: {"slug": COURSE}),
    Route("training:module", SIGNED_IN, kwargs=lambda w: MODULE_KWARGS),
    Route("training:module_done", SIGNED_IN, kwargs=lambda w: MODULE_KWARGS, method="POST"),
    Route("training:quiz_start", SIGNED_IN, kwargs=lambda w: MODULE_KWARGS, method="POST"),
    # An attempt belongs to the person who took it; everyone else gets a 404.
    Route("training:attempt", INFLUENCER, kwargs=lambda w: {"public_id": w.training_attempt.public_id}),
    Route("training:attempt_submit", INFLUENCER, kwargs=lambda w: {"public_id": w.training_attempt.public_id},
          method="POST"),
    Route("training:material", SIGNED_IN, kwargs=lambda w: {"public_id": w.training_material.public_id}),
    Route("training:certificate", EVERYONE,
          kwargs=lambda w: {"public_id": w.training_certificate.public_id}),
    Route("training:certificate_pdf", ADMIN_COORD_A | INFLUENCER,
          kwargs=lambda w: {"public_id": w.training_certificate.public_id}),
    Route("training:progress", ADMIN_COORDS),
    Route("training:sessions", ADMIN_COORDS),
    Route("training:session_create", ADMIN_COORDS),
    Route("training:session_create", ADMIN_COORDS, method="POST", label="invalid form"),
    Route("training:session_detail", ADMIN_COORD_A, kwargs=_session),
    Route("training:session_invite", ADMIN_COORD_A, kwargs=_session, method="POST"),
    Route("training:session_attendance", ADMIN_COORD_A, kwargs=_session, method="POST",
          data=lambda w: {"user": w.influencer.pk, "present": "1"}),
    Route("training:session_qr", ADMIN_COORD_A, kwargs=_session),
    Route("training:checkin", INFLUENCER, kwargs=lambda w: {"token": w.training_token}),
    Route("training:checkin", INFLUENCER, kwargs=lambda w: {"token": w.training_token}, method="POST"),
    Route("api-1:training_my_progress", SIGNED_IN),
    Route("api-1:training_agency_progress", ADMIN_COORDS),
]
