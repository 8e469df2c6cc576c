from django.contrib import admin

from tangkal.hoaxes.models import AgencyRoute, Claim, Clarification, DeskSettings, FeedSource, Report


@admin.register(DeskSettings)
class DeskSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "triage_target_minutes", "publish_target_minutes"]


@admin.register(FeedSource)
class FeedSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "is_active", "last_fetched_at", "last_status", "items_imported"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    readonly_fields = ["etag", "last_modified", "last_fetched_at", "last_status", "last_error_at", "items_imported"]


@admin.register(AgencyRoute)
class AgencyRouteAdmin(admin.ModelAdmin):
    list_display = ["topic", "region", "agency"]
    list_filter = ["topic"]
    autocomplete_fields = ["region", "agency"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "topic", "report_count", "priority", "first_reported_at"]
    list_filter = ["status", "topic"]
    search_fields = ["title"]
    raw_id_fields = ["merged_into", "assignee", "agency", "region"]
    exclude = ["related_clarifications"]


@admin.register(Clarification)
class ClarificationAdmin(admin.ModelAdmin):
    """Read-only here: publishing goes through the desk so the two-person rule and the audit apply."""

    list_display = ["headline", "verdict", "status", "is_external", "published_at"]
    list_filter = ["status", "verdict", "is_external"]
    search_fields = ["headline", "slug"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: contacts stay encrypted and are never shown."""

    list_display = ["tracking_code", "channel", "platform", "created_at", "claim"]
    list_filter = ["channel", "platform"]
    search_fields = ["tracking_code"]
    exclude = ["contact_encrypted", "contact_hash"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
