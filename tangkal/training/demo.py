"""Demo: the starter curriculum, one ASN halfway through it and one with a certificate, and a session."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tangkal.accounts.models import Role, User
from tangkal.core.demo import DEMO_PASSWORD
from tangkal.training import services
from tangkal.training.loader import load_curriculum
from tangkal.training.models import Module, ModuleProgress, OnboardingSession
from tangkal.training.selectors import current_version

GRADUATE = ("lulusan@kemkes.go.id", "Bagus Pratama")


def seed(ctx) -> None:
    result = load_curriculum()
    if result.modules:
        ctx.say(f"kurikulum awal: {result.modules} modul, {result.questions} soal")
    version = current_version()
    if version is None:
        return
    modules = list(Module.objects.filter(course__in=version.courses.all()).order_by("course__order", "order"))
    learner = ctx.users.get("influencer@kemkes.go.id") or User.objects.filter(email="influencer@kemkes.go.id").first()
    if learner is not None:
        for module in modules[:2]:
            services.module_mark_read(user=learner, module=module)
    graduate = User.objects.filter(email=GRADUATE[0]).first()
    if graduate is None and learner is not None:
        graduate = User.objects.create_user(GRADUATE[0], DEMO_PASSWORD, role=Role.INFLUENCER,
                                            agency=learner.agency, full_name=GRADUATE[1])
    if graduate is not None and not graduate.training_certificates.exists():
        now = timezone.now()
        services.enrollment_ensure(user=graduate)
        for module in modules:
            ModuleProgress.objects.update_or_create(
                user=graduate, module=module,
                defaults={"read_at": now, "quiz_passed_at": now, "completed_at": now},
            )
        certificate = services.certificate_issue_if_complete(user=graduate, now=now)
        if certificate:
            ctx.say(f"sertifikat demo: /pelatihan/sertifikat/{certificate.public_id}/ ({GRADUATE[0]})")
    coordinator = User.objects.filter(email="koordinator@kemkes.go.id").first()
    if coordinator is not None and not OnboardingSession.objects.filter(agency=coordinator.agency).exists():
        start = (timezone.localtime() + timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)
        services.session_create(
            by=coordinator, agency=coordinator.agency, title="Orientasi Influencer ASN Angkatan 1",
            mode=OnboardingSession.Mode.IN_PERSON, starts_at=start, ends_at=start + timedelta(hours=3),
            venue="Aula Gedung Adhyatma, Jl. H.R. Rasuna Said Kav. 4-9, Jakarta Selatan",
            notes="Bawa ponsel yang sudah terpasang aplikasi media sosial Anda.",
        )
