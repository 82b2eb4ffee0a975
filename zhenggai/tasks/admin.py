from django.contrib import admin

from zhenggai.audit.admin import ReadOnly, ReadOnlyAdmin
from zhenggai.tasks.models import DeadlineExtension, Result, SubAction, Task, Transition


class SubActionInline(ReadOnly, admin.TabularInline):
    model = SubAction
    extra = 0


class ResultInline(ReadOnly, admin.TabularInline):
    model = Result
    extra = 0


class TransitionInline(ReadOnly, admin.TabularInline):
    model = Transition
    extra = 0
    fields = ["action", "from_status", "to_status", "actor", "at", "reason"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    """Items change on their pages, through the model's methods, which check the version,
    log the transition and leave an audit entry."""

    list_display = [
        "label", "short_title", "status", "timeframe", "lead_unit", "leader", "deadline",
        "revised_deadline",
    ]  # fmt: skip
    list_filter = ["status", "timeframe", "lead_unit", "finding__campaign"]
    search_fields = ["finding__title", "measure", "body", "leader"]
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
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ["task", "action", "from_status", "to_status", "actor", "at"]
    list_filter = ["action", "to_status"]
    date_hierarchy = "at"
    list_select_related = ["task__finding", "actor"]
    readonly_fields = ["prev_hash", "hash"]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(ReadOnlyAdmin):
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
