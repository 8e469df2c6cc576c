from django.contrib import admin

from tangkal.influencers.models import AgencyTransfer, ASNProfile, Cohort, EligibilityPolicy, SocialAccount


@admin.register(ASNProfile)
class ASNProfileAdmin(admin.ModelAdmin):
    list_display = ("full_name", "agency", "stage", "eligible", "is_active")
    list_filter = ("stage", "eligible", "is_active")
    search_fields = ("full_name", "email", "nip")
    raw_id_fields = ("user", "cohort", "region")
    readonly_fields = ("eligible", "eligibility_reason", "counted_followers", "below_since")

    def get_readonly_fields(self, request, obj=None):
        # A move between agencies is a transfer (mutasi, on the ASN page): it also moves the user,
        # the badge and the invitations, and is audited. Editing the field here would skip all that.
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "agency") if obj is not None else fields


@admin.register(SocialAccount)
class SocialAccountAdmin(admin.ModelAdmin):
    list_display = ("platform", "handle", "profile", "verification", "followers", "status")
    list_filter = ("platform", "verification", "status")
    search_fields = ("handle", "platform_id")
    raw_id_fields = ("profile", "reviewed_by")


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ("name", "agency", "intake_year")
    search_fields = ("name",)


@admin.register(EligibilityPolicy)
class EligibilityPolicyAdmin(admin.ModelAdmin):
    """Read-only here: a policy changes only through a new version on the policy page (audited)."""

    list_display = ("version", "threshold", "counting", "max_snapshot_age_days", "grace_days", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AgencyTransfer)
class AgencyTransferAdmin(admin.ModelAdmin):
    """Read-only here: a transfer is made on the ASN page, which moves everything together and audits it."""

    list_display = ("profile", "from_agency", "to_agency", "effective_date", "by", "created_at")
    search_fields = ("profile__full_name", "profile__nip")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
