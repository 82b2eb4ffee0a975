from django import template

register = template.Library()


@register.inclusion_tag("tasks/_status.html")
def status_badge(task, overdue=False):
    """The item's status as a badge; the published phrase in the tooltip; red when late."""
    return {
        "value": task.status,
        "label": task.get_status_display(),
        "phrase": task.public_phrase,
        "overdue": overdue,
        # Set by the pages that compute traffic lights (zhenggai.rhythm.lights).
        "light": getattr(task, "light", None),
    }
