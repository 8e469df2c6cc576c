from django.contrib import admin

from tangkal.core.models import AuditEntry, ScheduledJob


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Search-only: the audit trail cannot be edited or deleted from here."""

    list_display = ["created_at", "actor_label", "action", "object_type", "object_label", "ip_address"]
    list_filter = ["action", "object_type", "agency"]
    search_fields = ["actor_label", "action", "object_label", "object_id", "note"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    list_display = ["name", "next_run_at", "last_run_at", "runs"]
