from django.contrib import admin

from zhenggai.tasks.models import DeadlineExtension, Result, SubAction, Task, Transition


class SubActionInline(admin.TabularInline):
    model = SubAction
    extra = 0


class ResultInline(admin.TabularInline):
    model = Result
    extra = 0


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ["action", "from_status", "to_status", "actor", "at", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = [
        "label", "short_title", "status", "timeframe", "lead_unit", "leader", "deadline",
        "revised_deadline",
    ]  # fmt: skip
    list_filter = ["status", "timeframe", "lead_unit", "finding__campaign"]
    search_fields = ["finding__title", "measure", "body", "leader"]
    autocomplete_fields = ["lead_unit", "units"]
    raw_id_fields = ["finding"]
    # Status moves go through the model's transition methods, which log who and why.
    readonly_fields = ["status", "status_text", "version", "created_at", "updated_at"]
    list_select_related = ["finding", "lead_unit"]
    inlines = [SubActionInline, ResultInline, TransitionInline]

    @admin.display(description="编号", ordering="finding__position")
    def label(self, obj):
        return obj.finding.label

    @admin.display(description="问题")
    def short_title(self, obj):
        return obj.finding.title[:50]


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["task", "action", "from_status", "to_status", "actor", "at"]
    list_filter = ["action", "to_status"]
    date_hierarchy = "at"
    list_select_related = ["task__finding", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(admin.ModelAdmin):
    """Decided through DeadlineExtension.approve()/refuse(), which check and audit."""

    list_display = [
        "task",
        "previous_deadline",
        "new_deadline",
        "status",
        "requested_by",
        "decided_by",
    ]
    list_filter = ["status"]
    list_select_related = ["task__finding", "requested_by", "decided_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
