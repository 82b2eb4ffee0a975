from django.contrib import admin

from zhenggai.audit.admin import ReadOnlyAdmin
from zhenggai.rhythm.models import DueReport, Schedule, SupervisionNotice, UnitOfficial


@admin.register(Schedule)
class ScheduleAdmin(ReadOnlyAdmin):
    list_display = [
        "campaign",
        "kind",
        "weekday",
        "day_of_month",
        "due_time",
        "starts_on",
        "is_active",
    ]


@admin.register(DueReport)
class DueReportAdmin(ReadOnlyAdmin):
    list_display = ["schedule", "unit", "period_start", "due_at", "fulfilled_at"]
    list_select_related = ["schedule__campaign", "unit"]
    list_filter = ["schedule__kind"]


@admin.register(UnitOfficial)
class UnitOfficialAdmin(ReadOnlyAdmin):
    list_display = ["unit", "post", "user"]
    list_select_related = ["unit", "user"]


@admin.register(SupervisionNotice)
class SupervisionNoticeAdmin(ReadOnlyAdmin):
    list_display = ["issued_at", "unit", "reply_due", "replied_at"]
    list_select_related = ["unit"]
