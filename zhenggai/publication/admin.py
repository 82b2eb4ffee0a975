from django.contrib import admin

from zhenggai.audit.admin import ReadOnlyAdmin
from zhenggai.publication.models import PublicReport


@admin.register(PublicReport)
class PublicReportAdmin(ReadOnlyAdmin):
    """Drafts are edited on /publication/, published versions never."""

    list_display = ("campaign", "number", "title", "status", "issue_date", "published_at")
    list_filter = ("status", "campaign")
