from django.contrib import admin

from zhenggai.audit.admin import ReadOnlyAdmin
from zhenggai.reporting.models import Evidence, ProgressReport


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["task", "unit", "period", "period_start", "status", "author", "created_at"]
    list_filter = ["period", "status", "unit"]
    date_hierarchy = "period_start"
    search_fields = ["text", "review_comment"]
    list_select_related = ["task__finding", "unit", "author"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "task", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["original_name", "sha256"]
    list_select_related = ["task__finding", "uploaded_by"]
    # The stored name is not a link: nothing serves the evidence folder directly.
    exclude = ["file"]
