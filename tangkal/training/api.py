"""Training progress over the REST API: one's own, and (for coordinators and admins) their agency's."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from ninja import Router, Schema

from tangkal.training import selectors

router = Router(tags=["pelatihan"])
PREFIX = "/training"


class ModuleProgressOut(Schema):
    slug: str
    title: str
    read: bool
    quiz_passed: bool
    completed: bool
    best_score: int | None = None


class CourseProgressOut(Schema):
    slug: str
    title: str
    done: int
    total: int
    modules: list[ModuleProgressOut]


class CertificateOut(Schema):
    public_id: UUID
    completed_at: datetime
    verification_path: str


class MyProgressOut(Schema):
    curriculum: str | None = None
    version: int | None = None
    done: int
    total: int
    percent: int
    completed: bool
    certificate: CertificateOut | None = None
    courses: list[CourseProgressOut]


class PersonProgressOut(Schema):
    name: str
    email: str
    agency: str
    done: int
    total: int
    percent: int
    completed_at: datetime | None = None


class AgencyProgressOut(Schema):
    people: int
    started: int
    completed: int
    items: list[PersonProgressOut]


@router.get("/progress", response=MyProgressOut, summary="Kemajuan pelatihan saya")
def training_my_progress(request):
    overview = selectors.training_overview(request.user)
    certificate = overview.certificate
    return {
        "curriculum": overview.version.curriculum.title if overview.version else None,
        "version": overview.version.number if overview.version else None,
        "done": overview.done, "total": overview.total, "percent": overview.percent,
        "completed": certificate is not None,
        "certificate": {
            "public_id": certificate.public_id, "completed_at": certificate.completed_at,
            "verification_path": f"/pelatihan/sertifikat/{certificate.public_id}/",
        } if certificate else None,
        "courses": [
            {"slug": c.course.slug, "title": c.course.title, "done": c.done, "total": len(c.modules),
             "modules": [{"slug": m.module.slug, "title": m.module.title, "read": m.read,
                          "quiz_passed": m.quiz_passed, "completed": m.completed, "best_score": m.best_score}
                         for m in c.modules]}
            for c in overview.courses
        ],
    }


@router.get("/agency-progress", response=AgencyProgressOut,
            summary="Kemajuan pelatihan ASN (koordinator: instansinya sendiri)")
def training_agency_progress(request):
    rows = selectors.agency_progress(request.user)
    return {**selectors.progress_summary(rows), "items": [
        {"name": r.name, "email": r.email, "agency": r.agency, "done": r.done, "total": r.total,
         "percent": r.percent, "completed_at": r.completed_at} for r in rows
    ]}
