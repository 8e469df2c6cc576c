from django.contrib import admin

from tangkal.complaints.models import Complaint


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ["created_at", "badge", "category", "status", "decided_by"]
    list_filter = ["status", "category"]
    readonly_fields = ["badge", "category", "description", "evidence_url", "reporter_contact_hash",
                       "reporter_ip_hash", "status", "decision_note", "decided_by", "decided_at"]

    def has_add_permission(self, request):
        return False
