from django.contrib import admin

from zhenggai.audit.admin import ReadOnly, ReadOnlyAdmin
from zhenggai.meetings.models import Document, DocumentVersion, Meeting


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("date", "kind", "title", "campaign")
    list_filter = ("kind", "campaign")
    search_fields = ("title", "decisions")


class VersionInline(ReadOnly, admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = (
        "number",
        "original_name",
        "content_type",
        "size",
        "note",
        "uploaded_by",
        "uploaded_at",
    )
    readonly_fields = fields


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "number", "issued_on", "campaign")
    list_filter = ("kind", "campaign")
    search_fields = ("title", "number")
    inlines = [VersionInline]
