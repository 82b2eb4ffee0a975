from django import template

from zhenggai.inbox.models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_count(context):
    """The signed-in user's unread messages, for the nav badge: one COUNT query."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.for_user(user).unread().count()
