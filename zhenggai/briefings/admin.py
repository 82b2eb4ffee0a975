from django.contrib import admin

from zhenggai.briefings.models import Briefing


@admin.register(Briefing)
class BriefingAdmin(admin.ModelAdmin):
    """Read-only: briefings are drafted and issued from the office pages."""

    list_display = ("campaign", "kind", "number", "period_start", "period_end", "status")
    list_filter = ("kind", "status")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
