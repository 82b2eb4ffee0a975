from django.contrib import admin

from zhenggai.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is written by the application, never by hand."""

    list_display = ["at", "actor", "action", "object_type", "object_id", "task_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["note", "actor__username", "actor__display_name"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
    readonly_fields = [
        "at", "actor", "action", "object_type", "object_id", "task", "before", "after", "note",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
