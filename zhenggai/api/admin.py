from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from zhenggai.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """To see who holds tokens and revoke one (set 撤销时间); keys are never shown."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        # A key is made by its owner on /api/tokens/, where it is shown once.
        return False

    @admin.action(description=_("撤销所选令牌"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoke()
