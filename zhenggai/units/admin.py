from django.contrib import admin

from zhenggai.units.models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "liaison", "leader", "phone", "is_active", "position"]
    list_filter = ["kind", "is_active"]
    list_editable = ["position"]
    search_fields = ["name", "short_name", "aliases"]
    autocomplete_fields = ["parent", "liaison"]
