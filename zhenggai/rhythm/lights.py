"""红黄绿灯: computed from deadlines and due reports whenever asked, never stored.

red    — overdue: an item past its (revised) deadline, a due report past due and not
         filed, a notice past its reply date and unanswered;
yellow — a deadline within settings.RHYTHM_YELLOW_DAYS days, or (items) the lead
         unit's report for the current period is missing (past due, not filed);
green  — on track.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from zhenggai.inbox.models import Level
from zhenggai.lib import clock
from zhenggai.rhythm.models import DueReport
from zhenggai.rhythm.planner import deadline_level, due_level
from zhenggai.tasks.models import CLOSED_STATUSES, Timeframe

__all__ = ["due_level", "deadline_level", "item_lights", "yellow_days"]


def yellow_days() -> int:
    return settings.RHYTHM_YELLOW_DAYS


def item_lights(tasks, now=None) -> dict:
    """{task pk: "red" | "yellow" | "green"} for open items (closed ones are left out).
    One query, for the lead units' missing due reports, whatever the number of items."""
    now = now or clock.now()
    today = timezone.localdate(now)
    tasks = [t for t in tasks if t.status not in CLOSED_STATUSES]
    units = {t.lead_unit_id for t in tasks if t.lead_unit_id}
    missing = set(
        DueReport.objects.missing(now)
        .filter(unit_id__in=units, due_at__gte=now - _current_window())
        .values_list("unit_id", flat=True)
    )
    lights = {}
    for task in tasks:
        level = None
        if task.timeframe != Timeframe.LONG_TERM:
            level = deadline_level(task.effective_deadline, today)
        if level != Level.RED and task.lead_unit_id in missing:
            level = Level.YELLOW
        lights[task.pk] = str(level or Level.GREEN)
    return lights


def _current_window():
    # "This period's report": a miss within the last month still colours the item.
    return datetime.timedelta(days=31)
