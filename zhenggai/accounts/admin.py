from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "unit", "post", "is_active", "is_demo"]
    list_filter = ["role", "unit__kind", "is_active", "is_demo"]
    search_fields = ["username", "display_name", "unit__name"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["is_demo", "last_login", "date_joined"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("整改工作"), {"fields": ["display_name", "role", "unit", "post", "phone", "is_demo"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("整改工作"), {"fields": ["display_name", "role", "unit"]}),
    ]
