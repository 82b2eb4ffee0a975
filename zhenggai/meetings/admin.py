from django.contrib import admin

from zhenggai.meetings.models import Document, DocumentVersion, Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "title", "campaign")
    list_filter = ("kind", "campaign")
    search_fields = ("title", "decisions")
    filter_horizontal = ("tasks", "participants")


class VersionInline(admin.TabularInline):
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
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "number", "issued_on", "campaign")
    list_filter = ("kind", "campaign")
    search_fields = ("title", "number")
    inlines = [VersionInline]
