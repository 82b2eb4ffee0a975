from django.contrib import admin

from zhenggai.publication.models import PublicReport


@admin.register(PublicReport)
class PublicReportAdmin(admin.ModelAdmin):
    """Read-only: drafts are edited on /publication/, published versions never."""

    list_display = ("campaign", "number", "title", "status", "issue_date", "published_at")
    list_filter = ("status", "campaign")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
