from django.contrib import admin

from zhenggai.audit.admin import ReadOnly, ReadOnlyAdmin
from zhenggai.inspections.models import Campaign, Finding, Inspection, SourceDocument


class InspectionInline(ReadOnly, admin.StackedInline):
    model = Inspection
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "issuer", "created_at"]
    search_fields = ["name", "organisation"]
    inlines = [InspectionInline]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = [
        "inspector", "kind", "inspected", "onsite_start", "onsite_end", "feedback_date",
        "report_due", "campaign",
    ]  # fmt: skip
    list_filter = ["kind", "campaign"]
    search_fields = ["inspector", "inspected"]
    date_hierarchy = "feedback_date"


@admin.register(SourceDocument)
class SourceDocumentAdmin(ReadOnlyAdmin):
    list_display = ["filename", "title", "campaign", "imported_at", "imported_by"]
    list_filter = ["campaign"]
    readonly_fields = ["sha256", "imported_at", "imported_by", "warnings", "structure"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["position", "label", "short_title", "depth", "parent", "campaign"]
    list_display_links = ["label", "short_title"]
    list_filter = ["campaign", "depth"]
    search_fields = ["label", "title", "text"]
    list_select_related = ["parent", "campaign"]

    @admin.display(description="问题")
    def short_title(self, obj):
        return obj.title[:60]
