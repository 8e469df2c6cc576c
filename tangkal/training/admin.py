"""Programme admins edit the curriculum here: courses with their modules, question banks with their
choices, and curriculum versions (published through an audited action, frozen afterwards)."""

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _

from tangkal.training import services
from tangkal.training.models import (
    Attempt,
    Certificate,
    Choice,
    Course,
    Curriculum,
    CurriculumVersion,
    Enrollment,
    Material,
    Module,
    OnboardingSession,
    Question,
    Quiz,
)


class ModuleInline(admin.StackedInline):
    model = Module
    extra = 0
    fields = ["order", "slug", "title", "summary", "is_published"]
    show_change_link = True


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "order", "is_published"]
    list_editable = ["order", "is_published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ModuleInline]


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = ["title", "file"]


class QuizInline(admin.StackedInline):
    model = Quiz
    extra = 0
    max_num = 1
    show_change_link = True
    fields = ["questions_per_attempt", "pass_mark", "max_attempts", "cooldown_minutes"]


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "course", "order", "is_published"]
    list_filter = ["course", "is_published"]
    search_fields = ["title", "slug", "body"]
    fields = ["course", "order", "slug", "title", "summary", "body", "video_url", "video_title", "minutes",
              "is_published"]
    inlines = [MaterialInline, QuizInline]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "key", "kind", "text", "is_active"]
    show_change_link = True


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["__str__", "questions_per_attempt", "pass_mark", "max_attempts", "cooldown_minutes"]
    inlines = [QuestionInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 1
    fields = ["order", "text", "is_correct"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "quiz", "kind", "is_active"]
    list_filter = ["quiz__module", "kind", "is_active"]
    search_fields = ["text", "key"]
    inlines = [ChoiceInline]


class VersionInline(admin.TabularInline):
    model = CurriculumVersion
    extra = 0
    fields = ["number", "published_at"]
    readonly_fields = ["published_at"]
    show_change_link = True


@admin.register(Curriculum)
class CurriculumAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "is_required"]
    inlines = [VersionInline]


@admin.register(CurriculumVersion)
class CurriculumVersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "published_at", "published_by"]
    filter_horizontal = ["courses"]
    readonly_fields = ["published_at", "published_by"]
    actions = ["publish"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.published_at is not None:
            return ["curriculum", "number", "courses", "published_at", "published_by"]
        return self.readonly_fields

    @admin.action(description=_("Terbitkan versi terpilih"))
    def publish(self, request, queryset):
        for version in queryset:
            try:
                services.curriculum_version_publish(version=version, by=request.user)
            except services.TrainingError as error:
                self.message_user(request, f"{version}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, _("%(version)s diterbitkan.") % {"version": version}, messages.SUCCESS)


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["holder_name", "version", "completed_at", "revoked_at"]
    search_fields = ["holder_name", "user__email", "public_id"]
    readonly_fields = ["user", "version", "holder_name", "completed_at", "public_id", "revoked_at", "revoked_reason"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Cabut sertifikat terpilih"))
    def revoke(self, request, queryset):
        for certificate in queryset.select_related("user"):
            services.certificate_revoke(certificate=certificate, by=request.user, reason=str(_("Dicabut oleh admin program.")))
        self.message_user(request, _("Sertifikat dicabut."), messages.SUCCESS)


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    """Read-only record of quiz attempts; deleting one gives the person that attempt back."""

    list_display = ["user", "quiz", "number", "score", "passed", "submitted_at"]
    list_filter = ["passed", "quiz__module"]
    search_fields = ["user__email"]
    readonly_fields = [f.name for f in Attempt._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["user", "version", "created_at", "completed_at"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(OnboardingSession)
class OnboardingSessionAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "agency", "cohort", "mode", "starts_at"]
    list_filter = ["mode", "agency"]
    raw_id_fields = ["cohort"]
    search_fields = ["title"]
    autocomplete_fields = ["agency"]
    readonly_fields = ["created_by", "invitations_sent_at"]
