from django.contrib import admin

from zhenggai.feedback.models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["reference", "received_at", "channel", "status", "unit", "item", "reply_public"]
    list_filter = ["status", "channel", "reply_public", "campaign"]
    search_fields = ["message", "reply"]
    raw_id_fields = ["item", "unit", "campaign"]
    # State changes go through the model's methods (with their audit entries), not here.
    readonly_fields = [
        "status",
        "unit",
        "reply",
        "reply_public",
        "replied_by",
        "replied_at",
        "closed_by",
        "closed_at",
        "close_note",
        "logged_by",
        "version",
    ]
    exclude = ["client_hash"]

    def has_delete_permission(self, request, obj=None):
        return False
