from django.contrib import admin

from zhenggai.accountability.models import Record
from zhenggai.audit.admin import ReadOnlyAdmin


@admin.register(Record)
class RecordAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "person_name", "rank", "form", "persons", "decided_by", "date")
    list_filter = ("form", "rank", "campaign")
    search_fields = ("person_name", "post", "unit_name", "decided_by")
