"""Reads for training. Anything a coordinator can reach is scoped to their agency."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Max
from django.http import Http404

from tangkal.core.permissions import is_admin, is_coordinator, require, scope_to_agency
from tangkal.training.models import (
    Attempt,
    Certificate,
    Course,
    CurriculumVersion,
    Enrollment,
    Module,
    ModuleProgress,
    OnboardingSession,
    Question,
    Quiz,
)

# --- what the badges app calls -------------------------------------------------------------------


def training_completion(user) -> Certificate | None:
    """The person's valid certificate for the required curriculum, or None.

    Completion is judged against the version the person was pinned to when they started (see
    Enrollment), so a certificate stays valid when a later version is published.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        Certificate.objects.filter(user=user, revoked_at__isnull=True, version__curriculum__is_required=True)
        .select_related("version__curriculum")
        .order_by("-completed_at")
        .first()
    )


def has_completed_required_curriculum(user) -> bool:
    return training_completion(user) is not None


# --- curriculum ----------------------------------------------------------------------------------


def current_version() -> CurriculumVersion | None:
    """The version in force: the newest published version of the required curriculum."""
    return (
        CurriculumVersion.objects.filter(curriculum__is_required=True, published_at__isnull=False)
        .select_related("curriculum")
        .order_by("-number")
        .first()
    )


def version_for(user) -> CurriculumVersion | None:
    enrollment = Enrollment.objects.filter(user=user).select_related("version__curriculum").first()
    return enrollment.version if enrollment else current_version()


def required_modules(version: CurriculumVersion) -> list[Module]:
    return list(
        Module.objects.filter(course__in=version.courses.all(), is_published=True)
        .select_related("course")
        .order_by("course__order", "course_id", "order", "id")
    )


def published_courses():
    return Course.objects.filter(is_published=True)


def course_get(*, slug: str) -> Course:
    course = published_courses().filter(slug=slug).first()
    if course is None:
        raise Http404
    return course


def module_get(*, course_slug: str, module_slug: str) -> Module:
    module = (
        Module.objects.filter(course__slug=course_slug, course__is_published=True, slug=module_slug, is_published=True)
        .select_related("course")
        .first()
    )
    if module is None:
        raise Http404
    return module


def quiz_for(module: Module) -> Quiz | None:
    try:
        return module.quiz
    except Quiz.DoesNotExist:
        return None


# --- progress ------------------------------------------------------------------------------------


@dataclass
class ModuleState:
    module: Module
    read: bool = False
    quiz_passed: bool = False
    completed: bool = False
    has_quiz: bool = False
    best_score: int | None = None


@dataclass
class CourseState:
    course: Course
    modules: list[ModuleState] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for m in self.modules if m.completed)

    @property
    def completed(self) -> bool:
        return bool(self.modules) and self.done == len(self.modules)


@dataclass
class Overview:
    version: CurriculumVersion | None
    courses: list[CourseState]
    certificate: Certificate | None

    @property
    def total(self) -> int:
        return sum(len(c.modules) for c in self.courses)

    @property
    def done(self) -> int:
        return sum(c.done for c in self.courses)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def module_states(user, modules: list[Module]) -> list[ModuleState]:
    ids = [m.pk for m in modules]
    progress = {p.module_id: p for p in ModuleProgress.objects.filter(user=user, module_id__in=ids)}
    quizzes = dict(Quiz.objects.filter(module_id__in=ids).values_list("module_id", "id"))
    best = dict(
        Attempt.objects.filter(user=user, quiz__module_id__in=ids, submitted_at__isnull=False)
        .values("quiz__module_id").annotate(best=Max("score")).values_list("quiz__module_id", "best")
    )
    states = []
    for module in modules:
        p = progress.get(module.pk)
        states.append(ModuleState(
            module=module, read=bool(p and p.read_at), quiz_passed=bool(p and p.quiz_passed_at),
            completed=bool(p and p.completed_at), has_quiz=module.pk in quizzes, best_score=best.get(module.pk),
        ))
    return states


def training_overview(user) -> Overview:
    version = version_for(user)
    if version is None:
        return Overview(version=None, courses=[], certificate=None)
    modules = required_modules(version)
    by_course: dict[int, CourseState] = {}
    for state in module_states(user, modules):
        course = state.module.course
        by_course.setdefault(course.pk, CourseState(course=course)).modules.append(state)
    return Overview(version=version, courses=list(by_course.values()), certificate=training_completion(user))


# --- quizzes -------------------------------------------------------------------------------------


def attempt_get(*, user, public_id) -> Attempt:
    """Only the person who took an attempt may see it; for anyone else it does not exist."""
    attempt = Attempt.objects.filter(public_id=public_id, user=user).select_related("quiz__module__course").first()
    if attempt is None:
        raise Http404
    return attempt


def attempt_questions(attempt: Attempt) -> list[tuple[Question, list]]:
    """The drawn questions in draw order, each with its choices in a per-attempt stable order."""
    found = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids).prefetch_related("choices")}
    result = []
    for qid in attempt.question_ids:
        question = found.get(qid)
        if question is None:  # deleted by an admin after the draw
            continue
        choices = list(question.choices.all())
        random.Random(f"{attempt.seed}:{qid}").shuffle(choices)
        result.append((question, choices))
    return result


def attempts_for(*, user, quiz: Quiz):
    return Attempt.objects.filter(user=user, quiz=quiz).order_by("number")


def open_attempt(*, user, quiz: Quiz) -> Attempt | None:
    return Attempt.objects.filter(user=user, quiz=quiz, submitted_at__isnull=True).first()


def next_attempt_at(*, user, quiz: Quiz) -> datetime | None:
    last = Attempt.objects.filter(user=user, quiz=quiz, submitted_at__isnull=False).order_by("-submitted_at").first()
    if last is None or last.passed or not quiz.cooldown_minutes:
        return None
    from datetime import timedelta

    return last.submitted_at + timedelta(minutes=quiz.cooldown_minutes)


# --- certificates --------------------------------------------------------------------------------


def certificate_public(*, public_id) -> Certificate:
    certificate = Certificate.objects.filter(public_id=public_id).select_related("version__curriculum").first()
    if certificate is None:
        raise Http404
    return certificate


def certificate_for_download(*, user, public_id) -> Certificate:
    certificate = Certificate.objects.filter(public_id=public_id).select_related("user", "version__curriculum").first()
    if certificate is None:
        raise Http404
    require(user, "training.certificate_download", certificate)
    return certificate


# --- onboarding sessions -------------------------------------------------------------------------


def sessions_for(user):
    require(user, "training.sessions")
    return scope_to_agency(user, OnboardingSession.objects.select_related("agency")).annotate(
        invited=Count("invitations", distinct=True), attended=Count("attendances", distinct=True)
    )


def session_get(*, user, public_id) -> OnboardingSession:
    """A session the user may manage; other agencies' sessions are reported as absent."""
    require(user, "training.sessions")
    session = scope_to_agency(user, OnboardingSession.objects.select_related("agency")).filter(
        public_id=public_id
    ).first()
    if session is None:
        raise Http404
    return session


def sessions_invited(user):
    return OnboardingSession.objects.filter(invitations__user=user).order_by("starts_at")


# --- agency progress -----------------------------------------------------------------------------


@dataclass
class PersonProgress:
    user_id: int
    name: str
    email: str
    agency: str
    done: int
    total: int
    completed_at: datetime | None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def agency_progress(user, *, limit: int = 500) -> list[PersonProgress]:
    """Each influencer's progress on their curriculum version, scoped to the viewer's agency."""
    require(user, "training.view_progress")
    from django.contrib.auth import get_user_model

    people = scope_to_agency(
        user, get_user_model().objects.filter(role="influencer", is_active=True).select_related("agency")
    ).order_by("full_name", "email")[:limit]
    people = list(people)
    version_now = current_version()
    pins = dict(Enrollment.objects.filter(user__in=people).values_list("user_id", "version_id"))
    totals: dict[int, int] = {}
    for version in CurriculumVersion.objects.filter(pk__in={*pins.values(), getattr(version_now, "pk", None)}):
        totals[version.pk] = Module.objects.filter(course__in=version.courses.all(), is_published=True).count()
    done = dict(
        ModuleProgress.objects.filter(user__in=people, completed_at__isnull=False)
        .values("user_id").annotate(n=Count("id")).values_list("user_id", "n")
    )
    completed = dict(
        Certificate.objects.filter(user__in=people, revoked_at__isnull=True).values("user_id")
        .annotate(at=Max("completed_at")).values_list("user_id", "at")
    )
    rows = []
    for person in people:
        version_id = pins.get(person.pk, getattr(version_now, "pk", None))
        total = totals.get(version_id, 0)
        rows.append(PersonProgress(
            user_id=person.pk, name=person.full_name or person.email, email=person.email,
            agency=str(person.agency or ""), done=min(done.get(person.pk, 0), total), total=total,
            completed_at=completed.get(person.pk),
        ))
    return rows


def progress_summary(rows: list[PersonProgress]) -> dict:
    return {
        "people": len(rows),
        "started": sum(1 for r in rows if r.done),
        "completed": sum(1 for r in rows if r.completed_at),
    }


def can_manage_session(user, session: OnboardingSession) -> bool:
    return is_admin(user) or (is_coordinator(user) and user.agency_id == session.agency_id)

