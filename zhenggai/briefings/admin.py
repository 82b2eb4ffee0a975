from django.contrib import admin

from zhenggai.audit.admin import ReadOnlyAdmin
from zhenggai.briefings.models import Briefing


@admin.register(Briefing)
class BriefingAdmin(ReadOnlyAdmin):
    """Briefings are drafted and issued from the office pages."""

    list_display = ("campaign", "kind", "number", "period_start", "period_end", "status")
    list_filter = ("kind", "status")
