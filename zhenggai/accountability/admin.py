from django.contrib import admin

from zhenggai.accountability.models import Record


@admin.register(Record)
class RecordAdmin(admin.ModelAdmin):
    list_display = ("campaign", "person_name", "rank", "form", "persons", "decided_by", "date")
    list_filter = ("form", "rank", "campaign")
    search_fields = ("person_name", "post", "unit_name", "decided_by")
    raw_id_fields = ("item", "finding", "unit")
