from django.contrib import admin

from tangkal.badges.models import Badge, BadgeAccount, StatusList


class BadgeAccountInline(admin.TabularInline):
    model = BadgeAccount
    extra = 0
    readonly_fields = ["platform", "handle", "followers", "verified_at"]
    can_delete = False


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    """Read-only: status changes go through the badge pages so they are signed, published and audited."""

    list_display = ["holder", "agency", "status", "tier", "valid_until", "issued_at"]
    list_filter = ["status", "tier", "agency"]
    search_fields = ["holder__email", "holder__full_name", "short_code", "public_id"]
    inlines = [BadgeAccountInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StatusList)
class StatusListAdmin(admin.ModelAdmin):
    list_display = ["purpose", "number", "next_index", "size", "version", "published_version", "published_at"]
    exclude = ["credential", "encoded_list"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
