"""Accounts in /admin/: read-only, like every model there. Accounts are created and
changed on the account pages (/manage/users/), through accounts.actions, which audit
each change; /admin/ signs in through the same lockout as the site."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.forms import AdminLoginForm
from zhenggai.accounts.models import LoginAttempt, User

admin.site.login_form = AdminLoginForm
# Roles are accounts.Role, decided by zhenggai.access; Django's groups and permissions are
# not used, and an editable group page would be a way around both.
admin.site.unregister(Group)


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(ReadOnly, BaseUserAdmin):
    list_display = [
        "username",
        "display_name",
        "role",
        "unit",
        "is_active",
        "is_demo",
        "must_change_password",
        "locked_until",
    ]
    list_filter = ["role", "unit__kind", "is_active", "is_demo"]
    search_fields = ["username", "display_name", "unit__name"]
    fieldsets = [
        (None, {"fields": ["username"]}),
        (_("整改工作"), {"fields": ["display_name", "role", "unit", "post", "phone", "email"]}),
        (
            _("状态"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "is_demo",
                    "must_change_password",
                    "failed_logins",
                    "locked_until",
                    "last_login",
                    "date_joined",
                ]
            },
        ),
    ]

    def get_urls(self):
        # No password-change view: passwords change on the account pages only.
        return [u for u in super().get_urls() if "password" not in str(u.pattern)]


@admin.register(LoginAttempt)
class LoginAttemptAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["at", "username", "address", "succeeded", "reason"]
    list_filter = ["succeeded", "reason"]
    search_fields = ["username", "address"]
