from django.contrib import admin

from zhenggai.audit.admin import ReadOnlyAdmin
from zhenggai.units.models import Unit


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "parent", "liaison", "leader", "phone", "is_active", "position"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "aliases"]
