from django.contrib import admin

from zhenggai.audit.admin import ReadOnlyAdmin
from zhenggai.inbox.models import Notification, Outbox, WebhookDelivery


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "level", "title", "read_at"]
    list_filter = ["level", "subject_kind"]
    list_select_related = ["user"]


@admin.register(Outbox)
class OutboxAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts", "next_try_at"]
    list_filter = ["status"]


# Channels are kept on /inbox/channels/ only: the admin would show their credentials.
@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "title", "status", "attempts", "next_try_at"]
    list_filter = ["status"]
    list_select_related = ["channel"]
