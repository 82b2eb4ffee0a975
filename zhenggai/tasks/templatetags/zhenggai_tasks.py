"""An item's status badge and its deadline, as they appear in every list of items.

Built in Python rather than by included templates: the ledger shows them for each of
its 50 rows, and an include per row was a large part of the page's time."""

from django import template
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zhenggai.tasks.models import Status

register = template.Library()
# {language: {status: its label}}: get_status_display() hashes every (lazy) choice on
# each call, which was a tenth of the ledger's time.
_LABELS: dict = {}


def status_label(value) -> str:
    language = get_language()
    labels = _LABELS.get(language)
    if labels is None:
        labels = _LABELS[language] = {s.value: str(s.label) for s in Status}
    return labels.get(value, value)


def _light_title(light) -> str:
    if light == "red":
        return _("红灯:已逾期")
    if light == "yellow":
        return _("黄灯:临近时限或本期未报")
    return _("绿灯:正常推进")


@register.simple_tag
def status_badge(task, overdue=False):
    """The item's status as a badge; the published phrase in the tooltip; red when late;
    the traffic light first where the page computed one (zhenggai.rhythm.lights)."""
    parts = []
    light = getattr(task, "light", None)
    if light:
        title = _light_title(light)
        parts.append(
            format_html(
                '<span class="light light-{}" role="img" aria-label="{}" title="{}"></span>',
                light,
                title,
                title,
            )
        )
    phrase = task.public_phrase
    label = status_label(task.status)
    if phrase:
        parts.append(
            format_html('<span class="badge s-{}" title="{}">{}</span>', task.status, phrase, label)
        )
    else:
        parts.append(format_html('<span class="badge s-{}">{}</span>', task.status, label))
    if overdue:
        parts.append(format_html(' <span class="badge overdue">{}</span>', _("逾期")))
    return mark_safe("".join(parts))


def _day(value) -> str:
    return date_format(value, "Y-m-d") if value else ""


@register.simple_tag
def deadline(task):
    """The (revised) deadline, the original beside a revised one; the kind of timeframe
    when there is no date."""
    if task.revised_deadline:
        return format_html(
            '{} <small class="meta">({} {})</small>',
            _day(task.revised_deadline),
            _("原"),
            _day(task.deadline) or "—",
        )
    if task.deadline:
        return _day(task.deadline)
    if task.timeframe:
        return task.get_timeframe_display()
    return "—"
