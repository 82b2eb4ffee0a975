from django.contrib import admin

from zhenggai.audit.admin import ReadOnlyAdmin
from zhenggai.feedback.models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["reference", "received_at", "channel", "status", "unit", "item", "reply_public"]
    list_filter = ["status", "channel", "reply_public", "campaign"]
    search_fields = ["message", "reply"]
    # Shown even where the model keeps them out of forms.
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
