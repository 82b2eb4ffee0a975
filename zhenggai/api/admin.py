from django.contrib import admin

from zhenggai.api.models import ApiToken
from zhenggai.audit.admin import ReadOnlyAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """To see who holds tokens; keys are never shown. Tokens are made and revoked by
    their owners on /api/tokens/."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
