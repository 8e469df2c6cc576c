"""Training: courses of modules with quizzes, a versioned required curriculum, onboarding
sessions for cohorts, and completion certificates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tangkal.core.models import PublicIdModel, TimeStampedModel


class Course(PublicIdModel):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    summary = models.TextField(_("ringkasan"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_published = models.BooleanField(_("terbit"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("kursus")
        verbose_name_plural = _("kursus")

    def __str__(self) -> str:
        return self.title


class Module(TimeStampedModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules", verbose_name=_("kursus"))
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("judul"), max_length=200)
    summary = models.CharField(_("ringkasan"), max_length=300, blank=True)
    body = models.TextField(_("isi (Markdown)"), help_text=_("Ditulis dalam Markdown; HTML mentah dibersihkan."))
    video_url = models.URLField(_("tautan video"), blank=True)
    video_title = models.CharField(_("judul video"), max_length=200, blank=True)
    minutes = models.PositiveSmallIntegerField(_("perkiraan menit baca"), default=10)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_published = models.BooleanField(_("terbit"), default=True)

    class Meta:
        ordering = ["course", "order", "id"]
        verbose_name = _("modul")
        verbose_name_plural = _("modul")
        constraints = [models.UniqueConstraint(fields=["course", "slug"], name="training_module_slug_per_course")]

    def __str__(self) -> str:
        return self.title


def material_upload_to(instance: Material, filename: str) -> str:
    return f"training/materials/{instance.public_id}/{filename}"


class Material(PublicIdModel):
    """A downloadable file (slides, checklist) attached to a module."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="materials", verbose_name=_("modul"))
    title = models.CharField(_("judul"), max_length=200)
    file = models.FileField(_("berkas"), upload_to=material_upload_to)

    class Meta:
        ordering = ["id"]
        verbose_name = _("materi unduhan")
        verbose_name_plural = _("materi unduhan")

    def __str__(self) -> str:
        return self.title


class Quiz(TimeStampedModel):
    module = models.OneToOneField(Module, on_delete=models.CASCADE, related_name="quiz", verbose_name=_("modul"))
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("soal per percobaan"), default=10,
        help_text=_("Jumlah soal yang diundi dari bank soal pada setiap percobaan."),
    )
    pass_mark = models.PositiveSmallIntegerField(_("nilai lulus (%)"), default=70)
    max_attempts = models.PositiveSmallIntegerField(
        _("batas percobaan"), default=3, help_text=_("0 berarti tanpa batas.")
    )
    cooldown_minutes = models.PositiveIntegerField(
        _("jeda setelah gagal (menit)"), default=30,
        help_text=_("Waktu tunggu setelah percobaan yang tidak lulus sebelum boleh mencoba lagi."),
    )

    class Meta:
        verbose_name = _("kuis")
        verbose_name_plural = _("kuis")
        constraints = [
            models.CheckConstraint(name="training_quiz_pass_mark_0_100", condition=Q(pass_mark__lte=100)),
            models.CheckConstraint(name="training_quiz_draws_one", condition=Q(questions_per_attempt__gte=1)),
        ]

    def __str__(self) -> str:
        return str(_("Kuis: %(module)s") % {"module": self.module.title})


class Question(TimeStampedModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Pilihan tunggal")
        MULTIPLE = "multiple", _("Pilihan ganda (lebih dari satu jawaban)")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions", verbose_name=_("kuis"))
    key = models.SlugField(_("kunci"), max_length=80, help_text=_("Pengenal tetap untuk pemuat kurikulum."))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    text = models.TextField(_("pertanyaan"))
    explanation = models.TextField(_("penjelasan"), blank=True, help_text=_("Ditampilkan setelah jawaban dikirim."))
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["quiz", "order", "id"]
        verbose_name = _("soal")
        verbose_name_plural = _("bank soal")
        constraints = [models.UniqueConstraint(fields=["quiz", "key"], name="training_question_key_per_quiz")]

    def __str__(self) -> str:
        return self.text[:80]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("pilihan"), max_length=400)
    is_correct = models.BooleanField(_("benar"), default=False)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("pilihan jawaban")
        verbose_name_plural = _("pilihan jawaban")

    def __str__(self) -> str:
        return self.text


class Attempt(PublicIdModel):
    """One try at a quiz. The drawn questions are stored so a reload shows the same ones."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    number = models.PositiveSmallIntegerField(_("percobaan ke"))
    seed = models.BigIntegerField()
    question_ids = models.JSONField(default=list)
    answers = models.JSONField(default=dict, blank=True)  # {question_id: [choice_id, ...]}
    submitted_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    correct = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=0)
    score = models.PositiveSmallIntegerField(_("nilai (%)"), default=0)
    passed = models.BooleanField(_("lulus"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("percobaan kuis")
        verbose_name_plural = _("percobaan kuis")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "user", "number"], name="training_attempt_number"),
            # At most one unfinished attempt per person and quiz, even under concurrent clicks.
            models.UniqueConstraint(fields=["quiz", "user"], condition=Q(submitted_at__isnull=True),
                                    name="training_one_open_attempt"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.quiz} #{self.number}"


class ModuleProgress(TimeStampedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="progress")
    read_at = models.DateTimeField(_("selesai dibaca"), null=True, blank=True)
    quiz_passed_at = models.DateTimeField(_("lulus kuis"), null=True, blank=True)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("kemajuan modul")
        verbose_name_plural = _("kemajuan modul")
        constraints = [models.UniqueConstraint(fields=["user", "module"], name="training_progress_per_module")]

    def __str__(self) -> str:
        return f"{self.user} · {self.module}"


class Curriculum(TimeStampedModel):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)
    is_required = models.BooleanField(
        _("kurikulum wajib"), default=False,
        help_text=_("Kurikulum yang harus dituntaskan ASN sebelum mendapat lencana. Hanya satu."),
    )

    class Meta:
        verbose_name = _("kurikulum")
        verbose_name_plural = _("kurikulum")
        constraints = [
            models.UniqueConstraint(fields=["is_required"], condition=Q(is_required=True),
                                    name="training_one_required_curriculum"),
        ]

    def __str__(self) -> str:
        return self.title


class CurriculumVersion(TimeStampedModel):
    """A numbered list of required courses. Once published it is frozen; changes need a new version."""

    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("versi"))
    courses = models.ManyToManyField(Course, related_name="curriculum_versions", verbose_name=_("kursus wajib"))
    notes = models.TextField(_("catatan perubahan"), blank=True)
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["curriculum", "-number"]
        verbose_name = _("versi kurikulum")
        verbose_name_plural = _("versi kurikulum")
        constraints = [
            models.UniqueConstraint(fields=["curriculum", "number"], name="training_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.curriculum} v{self.number}"


class Enrollment(TimeStampedModel):
    """Pins an ASN to the curriculum version in force when they started, so the goal never moves."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_enrollment")
    version = models.ForeignKey(CurriculumVersion, on_delete=models.PROTECT, related_name="enrollments")
    completed_at = models.DateTimeField(_("tuntas"), null=True, blank=True)

    class Meta:
        verbose_name = _("peserta kurikulum")
        verbose_name_plural = _("peserta kurikulum")

    def __str__(self) -> str:
        return f"{self.user} · {self.version}"


class Certificate(PublicIdModel):
    """Proof that a person completed a curriculum version; its public_id is in the QR code."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_certificates")
    version = models.ForeignKey(CurriculumVersion, on_delete=models.PROTECT, related_name="certificates")
    holder_name = models.CharField(_("nama pemegang"), max_length=200)
    completed_at = models.DateTimeField(_("tanggal tuntas"))
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_reason = models.CharField(_("alasan pencabutan"), max_length=300, blank=True)

    class Meta:
        ordering = ["-completed_at"]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        constraints = [models.UniqueConstraint(fields=["user", "version"], name="training_certificate_per_version")]

    def __str__(self) -> str:
        return f"{self.holder_name} · {self.version}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class OnboardingSession(PublicIdModel):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("Tatap muka")
        ONLINE = "online", _("Daring")

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="training_sessions",
                               verbose_name=_("instansi"))
    cohort = models.ForeignKey("influencers.Cohort", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="training_sessions", verbose_name=_("angkatan"),
                               help_text=_("Kosongkan untuk mengundang semua ASN instansi."))
    title = models.CharField(_("judul"), max_length=200)
    mode = models.CharField(_("bentuk"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    venue = models.CharField(_("tempat"), max_length=300, blank=True)
    online_url = models.URLField(_("tautan rapat daring"), blank=True)
    notes = models.TextField(_("catatan untuk peserta"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    invitations_sent_at = models.DateTimeField(_("undangan terkirim"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("sesi orientasi")
        verbose_name_plural = _("sesi orientasi")
        constraints = [
            models.CheckConstraint(name="training_session_ends_after_start", condition=Q(ends_at__gt=models.F("starts_at"))),
            models.CheckConstraint(
                name="training_session_has_place",
                condition=(Q(mode="in_person") & ~Q(venue="")) | (Q(mode="online") & ~Q(online_url="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"


class Invitation(TimeStampedModel):
    session = models.ForeignKey(OnboardingSession, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_invitations")
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="training_invitation_once")]


class Attendance(TimeStampedModel):
    class Method(models.TextChoices):
        COORDINATOR = "coordinator", _("Dicatat koordinator")
        QR = "qr", _("Pindai kode QR")

    session = models.ForeignKey(OnboardingSession, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_attendances")
    method = models.CharField(_("cara"), max_length=12, choices=Method.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="training_attendance_once")]
