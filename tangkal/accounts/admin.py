from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from tangkal.accounts.models import Agency, APIToken, Region, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "agency", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "full_name"]
    autocomplete_fields = ["agency"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profil", {"fields": ["full_name", "role", "agency"]}),
        ("Akses", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "role", "agency", "password1", "password2"]})]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "region", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "short_name"]
    autocomplete_fields = ["region"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(APIToken)
class APITokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "scope", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "token_hash", "last_used_at"]
    search_fields = ["name", "user__email", "prefix"]
