from django.contrib import admin

from zhenggai.audit.models import AuditEntry, ChainHead


class ReadOnly:
    """The admin shows; the pages change. Every write goes through a model method that
    checks who may make it and leaves an audit entry (履职留痕), so here even a
    superuser only reads: no add, change or delete, and no bulk actions.

    Mix it into every ModelAdmin and inline of the application's models (the accounts
    admin, for account administration, is the exception).
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id", "task_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["note", "actor__username", "actor__display_name"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
    # Not editable, so not shown unless named.
    readonly_fields = ["prev_hash", "hash"]


@admin.register(ChainHead)
class ChainHeadAdmin(ReadOnlyAdmin):
    list_display = ["name", "last_id", "length", "last_hash"]
