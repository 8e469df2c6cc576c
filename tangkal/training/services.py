"""Writes for training: progress, quiz attempts, certificates, curriculum publishing."""

from __future__ import annotations

import math
import random
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tangkal.core.audit import audit_log, snapshot
from tangkal.core.permissions import can, is_admin, is_coordinator, is_influencer
from tangkal.training import selectors
from tangkal.training.models import (
    Attempt,
    Attendance,
    Certificate,
    CurriculumVersion,
    Enrollment,
    Invitation,
    Module,
    ModuleProgress,
    OnboardingSession,
    Question,
    Quiz,
)


class TrainingError(Exception):
    """A rule a person can act on; `message` is shown to them as is."""

    code = "training_error"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class AlreadySubmitted(TrainingError):
    code = "already_submitted"


# --- enrolment and module progress ---------------------------------------------------------------


def enrollment_ensure(*, user) -> Enrollment | None:
    """Pin the person to the version in force the first time they train (idempotent)."""
    existing = Enrollment.objects.filter(user=user).select_related("version").first()
    if existing is not None:
        return existing
    version = selectors.current_version()
    if version is None:
        return None
    try:
        with transaction.atomic():
            return Enrollment.objects.create(user=user, version=version)
    except IntegrityError:  # a parallel request pinned first
        return Enrollment.objects.get(user=user)


def _progress(user, module: Module) -> ModuleProgress:
    progress, _created = ModuleProgress.objects.get_or_create(user=user, module=module)
    return progress


@transaction.atomic
def module_mark_read(*, user, module: Module, now=None) -> ModuleProgress:
    now = now or timezone.now()
    enrollment_ensure(user=user)
    progress = _progress(user, module)
    if progress.read_at is None:
        progress.read_at = now
        progress.save(update_fields=["read_at", "updated_at"])
    return module_progress_refresh(user=user, module=module, now=now)


@transaction.atomic
def module_progress_refresh(*, user, module: Module, now=None) -> ModuleProgress:
    """Complete the module once it is read and its quiz (if any) is passed; then check the curriculum."""
    now = now or timezone.now()
    progress = _progress(user, module)
    quiz = selectors.quiz_for(module)
    quiz_ok = quiz is None or progress.quiz_passed_at is not None
    if progress.completed_at is None and progress.read_at is not None and quiz_ok:
        progress.completed_at = now
        progress.save(update_fields=["completed_at", "updated_at"])
        certificate_issue_if_complete(user=user, now=now)
    return progress


# --- quizzes -------------------------------------------------------------------------------------


def _local_time(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y H:i")


@transaction.atomic
def attempt_start(*, user, quiz: Quiz, now=None) -> Attempt:
    """Return the open attempt, or draw a new one if the pass mark, limit and cooldown allow it."""
    now = now or timezone.now()
    open_attempt = selectors.open_attempt(user=user, quiz=quiz)
    if open_attempt is not None:
        return open_attempt
    done = list(Attempt.objects.filter(user=user, quiz=quiz, submitted_at__isnull=False).order_by("number"))
    if any(a.passed for a in done):
        best = max(a.score for a in done)
        raise TrainingError(
            _("Anda sudah lulus kuis ini dengan nilai %(score)s%%. Tidak perlu mengulang.") % {"score": best},
            code="already_passed",
        )
    if quiz.max_attempts and len(done) >= quiz.max_attempts:
        raise TrainingError(
            _("Batas percobaan kuis ini sudah habis (%(used)s dari %(max)s). Hubungi koordinator instansi "
              "Anda untuk meminta kesempatan tambahan.") % {"used": len(done), "max": quiz.max_attempts},
            code="attempt_limit",
        )
    ready_at = selectors.next_attempt_at(user=user, quiz=quiz)
    if ready_at is not None and ready_at > now:
        minutes = max(1, math.ceil((ready_at - now).total_seconds() / 60))
        raise TrainingError(
            ngettext(
                "Tunggu %(minutes)s menit lagi sebelum mencoba kuis ini kembali (mulai %(time)s). "
                "Gunakan waktunya untuk membaca ulang modul.",
                "Tunggu %(minutes)s menit lagi sebelum mencoba kuis ini kembali (mulai %(time)s). "
                "Gunakan waktunya untuk membaca ulang modul.",
                minutes,
            ) % {"minutes": minutes, "time": _local_time(ready_at)},
            code="cooldown",
        )
    pool = sorted(quiz.questions.filter(is_active=True).values_list("pk", flat=True))
    if not pool:
        raise TrainingError(_("Kuis ini belum memiliki soal aktif. Hubungi admin program."), code="empty_bank")
    enrollment_ensure(user=user)
    seed = secrets.randbits(48)
    drawn = random.Random(seed).sample(pool, min(quiz.questions_per_attempt, len(pool)))
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                quiz=quiz, user=user, number=len(done) + 1, seed=seed, question_ids=drawn, total=len(drawn)
            )
    except IntegrityError:  # a double click drew in parallel; both get the same open attempt
        existing = selectors.open_attempt(user=user, quiz=quiz)
        if existing is None:
            raise
        return existing


def _clean_answers(attempt: Attempt, answers: dict) -> dict[int, set[int]]:
    """Check that every answer belongs to this attempt's questions and their choices."""
    drawn = set(attempt.question_ids)
    questions = {q.pk: q for q in Question.objects.filter(pk__in=drawn).prefetch_related("choices")}
    cleaned: dict[int, set[int]] = {}
    for raw_qid, raw_choices in answers.items():
        try:
            qid = int(raw_qid)
            choice_ids = {int(c) for c in (raw_choices if isinstance(raw_choices, list | tuple | set) else [raw_choices])}
        except (TypeError, ValueError):
            raise TrainingError(_("Jawaban tidak terbaca. Muat ulang halaman kuis lalu coba lagi."),
                                code="invalid_answer") from None
        if qid not in drawn or qid not in questions:
            raise TrainingError(_("Ada jawaban untuk pertanyaan yang bukan bagian dari percobaan ini. "
                                  "Muat ulang halaman kuis lalu kirim lagi."), code="foreign_question")
        question = questions[qid]
        valid = {c.pk for c in question.choices.all()}
        if not choice_ids <= valid:
            raise TrainingError(_("Ada pilihan jawaban yang tidak dikenal. Muat ulang halaman kuis lalu kirim lagi."),
                                code="foreign_choice")
        if question.kind == Question.Kind.SINGLE and len(choice_ids) > 1:
            raise TrainingError(_("Pertanyaan pilihan tunggal hanya boleh dijawab dengan satu pilihan."),
                                code="too_many_choices")
        if choice_ids:
            cleaned[qid] = choice_ids
    present = [qid for qid in attempt.question_ids if qid in questions]
    missing = [str(number) for number, qid in enumerate(present, start=1) if qid not in cleaned]
    if missing:
        raise TrainingError(
            ngettext("Pertanyaan nomor %(numbers)s belum dijawab.",
                     "Pertanyaan nomor %(numbers)s belum dijawab.", len(missing)) % {"numbers": ", ".join(missing)},
            code="unanswered",
        )
    return cleaned


@transaction.atomic
def attempt_submit(*, attempt: Attempt, by, answers: dict, now=None) -> Attempt:
    """Score on the server. A second submission changes nothing and raises AlreadySubmitted."""
    now = now or timezone.now()
    if attempt.user_id != by.pk:
        raise PermissionDenied("training.attempt_submit")
    if attempt.submitted_at is not None:
        raise AlreadySubmitted(_("Jawaban percobaan ini sudah dikirim. Nilai di bawah adalah hasil pengiriman pertama."))
    cleaned = _clean_answers(attempt, answers)
    questions = Question.objects.filter(pk__in=attempt.question_ids).prefetch_related("choices")
    total = 0
    correct = 0
    for question in questions:
        total += 1
        right = {c.pk for c in question.choices.all() if c.is_correct}
        if cleaned.get(question.pk, set()) == right:
            correct += 1
    score = round(100 * correct / total) if total else 0
    passed = score >= attempt.quiz.pass_mark
    # The conditional UPDATE is the claim: of two racing submissions exactly one matches.
    claimed = Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
        submitted_at=now, answers={str(k): sorted(v) for k, v in cleaned.items()},
        correct=correct, total=total, score=score, passed=passed, updated_at=now,
    )
    attempt.refresh_from_db()
    if not claimed:
        raise AlreadySubmitted(_("Jawaban percobaan ini sudah dikirim. Nilai di bawah adalah hasil pengiriman pertama."))
    if passed:
        module = attempt.quiz.module
        progress = _progress(by, module)
        if progress.quiz_passed_at is None:
            progress.quiz_passed_at = now
            progress.save(update_fields=["quiz_passed_at", "updated_at"])
        module_progress_refresh(user=by, module=module, now=now)
    return attempt


# --- certificates and curriculum -----------------------------------------------------------------


@transaction.atomic
def certificate_issue_if_complete(*, user, now=None) -> Certificate | None:
    enrollment = enrollment_ensure(user=user)
    if enrollment is None:
        return None
    existing = Certificate.objects.filter(user=user, version=enrollment.version).first()
    if existing is not None:
        return existing
    modules = selectors.required_modules(enrollment.version)
    if not modules:
        return None
    done = ModuleProgress.objects.filter(user=user, module__in=modules, completed_at__isnull=False).count()
    if done < len(modules):
        return None
    now = now or timezone.now()
    certificate = Certificate.objects.create(
        user=user, version=enrollment.version, holder_name=user.full_name or user.email, completed_at=now
    )
    Enrollment.objects.filter(pk=enrollment.pk).update(completed_at=now)
    audit_log(actor=user, action="training.certificate_issued", obj=certificate, agency=user.agency,
              after={"version": str(enrollment.version), "public_id": str(certificate.public_id)})
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by, reason: str, now=None) -> Certificate:
    if certificate.revoked_at is not None:
        return certificate
    before = snapshot(certificate, ["revoked_at", "revoked_reason"])
    certificate.revoked_at = now or timezone.now()
    certificate.revoked_reason = reason[:300]
    certificate.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
    audit_log(actor=by, action="training.certificate_revoked", obj=certificate, agency=certificate.user.agency,
              before=before, after=snapshot(certificate, ["revoked_at", "revoked_reason"]))
    return certificate


@transaction.atomic
def curriculum_version_publish(*, version: CurriculumVersion, by, now=None) -> CurriculumVersion:
    """Put a version in force. New learners are pinned to it; people already training keep theirs."""
    if version.published_at is not None:
        raise TrainingError(_("Versi ini sudah diterbitkan."), code="already_published")
    if not version.courses.exists():
        raise TrainingError(_("Pilih minimal satu kursus wajib sebelum menerbitkan versi ini."), code="no_courses")
    version.published_at = now or timezone.now()
    version.published_by = by
    version.save(update_fields=["published_at", "published_by", "updated_at"])
    audit_log(actor=by, action="training.curriculum_published", obj=version,
              after={"courses": list(version.courses.values_list("slug", flat=True))})
    return version


def quiz_rules_text(quiz: Quiz) -> str:
    parts = [
        ngettext("%(count)s soal diundi dari bank soal", "%(count)s soal diundi dari bank soal",
                 quiz.questions_per_attempt) % {"count": quiz.questions_per_attempt},
        _("nilai lulus %(mark)s%%") % {"mark": quiz.pass_mark},
    ]
    if quiz.max_attempts:
        parts.append(ngettext("maksimal %(count)s percobaan", "maksimal %(count)s percobaan", quiz.max_attempts)
                     % {"count": quiz.max_attempts})
    if quiz.cooldown_minutes:
        parts.append(_("jeda %(minutes)s menit setelah percobaan yang tidak lulus") % {"minutes": quiz.cooldown_minutes})
    return ", ".join(parts) + "."



# --- onboarding sessions -------------------------------------------------------------------------

ATTENDANCE_SALT = "tangkal.training.attendance"


class _AttendanceSigner(signing.TimestampSigner):
    """A timestamp signer whose clock can be set, so a token can be made for a given moment."""

    def __init__(self, *, at: float | None = None):
        super().__init__(salt=ATTENDANCE_SALT)
        self._at = at

    def timestamp(self):
        return signing.b62_encode(int(self._at if self._at is not None else time.time()))


def attendance_token(session: OnboardingSession, *, at: float | None = None) -> str:
    """The token in the venue QR code. It names the session and expires after TRAINING_QR_TOKEN_MAX_AGE."""
    return _AttendanceSigner(at=at).sign_object({"s": str(session.public_id)})


def qr_token_max_age() -> int:
    return int(getattr(settings, "TRAINING_QR_TOKEN_MAX_AGE", 300))


def checkin_window(session: OnboardingSession) -> tuple:
    margin = timedelta(minutes=int(getattr(settings, "TRAINING_CHECKIN_MARGIN_MINUTES", 60)))
    return session.starts_at - margin, session.ends_at + margin


def session_from_token(token: str) -> OnboardingSession:
    try:
        data = _AttendanceSigner().unsign_object(token, max_age=qr_token_max_age())
    except signing.SignatureExpired:
        raise TrainingError(_("Kode QR ini sudah kedaluwarsa. Pindai ulang kode yang sedang tampil di layar "
                              "tempat acara."), code="qr_expired") from None
    except signing.BadSignature:
        raise TrainingError(_("Kode QR ini tidak sah. Pindai kode yang ditampilkan panitia di layar tempat "
                              "acara."), code="qr_invalid") from None
    session = OnboardingSession.objects.filter(public_id=data.get("s") if isinstance(data, dict) else None).first()
    if session is None:
        raise TrainingError(_("Kode QR ini tidak sah. Pindai kode yang ditampilkan panitia di layar tempat "
                              "acara."), code="qr_invalid")
    return session


def session_invitees(session: OnboardingSession):
    """Active influencers of the session's agency, narrowed to its cohort when one is set."""
    users = get_user_model().objects.filter(role="influencer", is_active=True, agency_id=session.agency_id)
    cohort_id = getattr(session, "cohort_id", None)
    if cohort_id:
        users = users.filter(asn_profile__cohort_id=cohort_id)
    return users.order_by("full_name", "email")


def may_attend(session: OnboardingSession, user) -> bool:
    if not is_influencer(user):
        return False
    if Invitation.objects.filter(session=session, user=user).exists():
        return True
    return session_invitees(session).filter(pk=user.pk).exists()


@transaction.atomic
def session_create(*, by, agency, title: str, mode: str, starts_at, ends_at, venue: str = "",
                   online_url: str = "", notes: str = "", cohort=None) -> OnboardingSession:
    if not (is_admin(by) or (is_coordinator(by) and by.agency_id == agency.pk)):
        raise PermissionDenied("training.session_create")
    if cohort is not None and cohort.agency_id != agency.pk:
        raise TrainingError(_("Angkatan yang dipilih bukan milik instansi sesi ini."), code="cohort_agency")
    fields = {"agency": agency, "title": title, "mode": mode, "starts_at": starts_at, "ends_at": ends_at,
              "venue": venue, "online_url": online_url, "notes": notes, "created_by": by}
    if cohort is not None:
        fields["cohort"] = cohort
    session = OnboardingSession.objects.create(**fields)
    audit_log(actor=by, action="training.session_created", obj=session, after=snapshot(session))
    return session


@transaction.atomic
def session_invite(*, session: OnboardingSession, by, now=None) -> int:
    """Invite everyone the session targets who is not invited yet; emails go out after commit."""
    if not can(by, "training.session_manage", session):
        raise PermissionDenied("training.session_invite")
    now = now or timezone.now()
    already = set(Invitation.objects.filter(session=session).values_list("user_id", flat=True))
    new = [Invitation(session=session, user=user) for user in session_invitees(session) if user.pk not in already]
    Invitation.objects.bulk_create(new, ignore_conflicts=True)
    OnboardingSession.objects.filter(pk=session.pk).update(invitations_sent_at=now)
    audit_log(actor=by, action="training.session_invited", obj=session, after={"new_invitations": len(new)})
    from tangkal.training.tasks import send_session_invitations

    session_id = session.pk
    transaction.on_commit(lambda: send_session_invitations.enqueue(session_id))
    return len(new)


def session_send_invitation_emails(*, session_id: int) -> int:
    """Email each invitation not yet emailed; safe to run twice (each row is claimed before sending)."""
    session = OnboardingSession.objects.select_related("agency").filter(pk=session_id).first()
    if session is None:
        return 0
    sent = 0
    pending = Invitation.objects.filter(session=session, emailed_at__isnull=True).select_related("user")
    for invitation in pending:
        if not Invitation.objects.filter(pk=invitation.pk, emailed_at__isnull=True).update(emailed_at=timezone.now()):
            continue  # another worker took it
        try:
            with translation.override(settings.LANGUAGE_CODE):
                context = {"session": session, "user": invitation.user, "site_url": settings.SITE_URL,
                           "training_url": settings.SITE_URL + reverse("training:home")}
                subject = _("Undangan orientasi Influencer ASN: %(title)s") % {"title": session.title}
                body = render_to_string("training/email/invitation.txt", context)
            send_mail(subject, body, None, [invitation.user.email])
        except Exception:
            Invitation.objects.filter(pk=invitation.pk).update(emailed_at=None)
            raise
        sent += 1
    return sent


@transaction.atomic
def attendance_record(*, session: OnboardingSession, user, by, present: bool = True) -> Attendance | None:
    """A coordinator marks (or unmarks) one participant as present."""
    if not can(by, "training.session_manage", session):
        raise PermissionDenied("training.attendance_record")
    if not may_attend(session, user):
        raise TrainingError(_("Orang ini bukan peserta sesi ini."), code="not_participant")
    if not present:
        deleted, _rows = Attendance.objects.filter(session=session, user=user).delete()
        if deleted:
            audit_log(actor=by, action="training.attendance_removed", obj=session, object_label=str(user),
                      after={"user": user.pk})
        return None
    attendance, created = Attendance.objects.get_or_create(
        session=session, user=user, defaults={"method": Attendance.Method.COORDINATOR, "recorded_by": by}
    )
    if created:
        audit_log(actor=by, action="training.attendance_recorded", obj=session, object_label=str(user),
                  after={"user": user.pk, "method": attendance.method})
    return attendance


@transaction.atomic
def attendance_checkin(*, token: str, user, now=None) -> tuple[Attendance, bool]:
    """A signed-in ASN scanned the venue QR code. Returns the attendance and whether it is new."""
    session = session_from_token(token)
    now = now or timezone.now()
    opens, closes = checkin_window(session)
    if not opens <= now <= closes:
        raise TrainingError(
            _("Presensi sesi ini hanya dibuka dari %(start)s sampai %(end)s.")
            % {"start": _local_time(opens), "end": _local_time(closes)},
            code="outside_window",
        )
    if not may_attend(session, user):
        raise TrainingError(_("Anda tidak terdaftar sebagai peserta sesi ini. Hubungi koordinator instansi "
                              "penyelenggara."), code="not_participant")
    attendance, created = Attendance.objects.get_or_create(
        session=session, user=user, defaults={"method": Attendance.Method.QR, "recorded_by": user}
    )
    return attendance, created
