"""What a briefing says, drafted from the records (整改简报、阶段性进展、整改落实情况报告).

`draft_content` reads the ledger for a period in a bounded number of queries and returns
plain JSON: the items' accepted progress reports in ledger order, the status changes of
the period (from the Transition log), the figures reported (summed by unit of measure),
what was overdue at the period's end, the counts by status then and week by week. The
briefing keeps that JSON frozen; `prefill` turns it into the text the office edits.
"""

import datetime
import re
import zoneinfo
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import translation

from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.tasks.models import CLOSED_STATUSES, Action, Status, Task, Timeframe, Transition

WEEK_RE = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
NUMERALS = "零一二三四五六七八九十"


class BadPeriod(ValueError):
    """A week or month string that names no week or month."""


def parse_week(value: str) -> tuple[datetime.date, datetime.date]:
    """ "2018-W35" → (Monday, Sunday) of that ISO week."""
    match = WEEK_RE.match((value or "").strip())
    if not match:
        raise BadPeriod(value)
    try:
        monday = datetime.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise BadPeriod(value) from None
    return monday, monday + datetime.timedelta(days=6)


def parse_month(value: str) -> tuple[datetime.date, datetime.date]:
    """ "2018-09" → (1 September, 30 September)."""
    match = MONTH_RE.match((value or "").strip())
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
        raise BadPeriod(value)
    first = datetime.date(int(match[1]), int(match[2]), 1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def week_name(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五: section numbers and 第N期 stay Arabic elsewhere."""
    if n <= 10:
        return NUMERALS[n]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens] if tens > 1 else "") + "十" + (NUMERALS[ones] if ones else "")


def _end_of(day: datetime.date) -> datetime.datetime:
    """The first instant after `day`, in the office's time zone."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tz)


def _number(value) -> Decimal | None:
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _plain(number: Decimal) -> str:
    """435 → "435", 50000000 → "5000万", 2.5e8 → "2.5亿": as a briefing writes amounts."""
    for size, word in ((Decimal(100000000), "亿"), (Decimal(10000), "万")):
        if abs(number) >= size and (number / size) == (number / size).quantize(Decimal("0.01")):
            return f"{(number / size).normalize():f}{word}"
    return f"{number.normalize():f}"


def _status_label(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value or ""


def _short(text: str, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def draft_content(campaign, kind: str, start: datetime.date, end: datetime.date) -> dict:
    """The records of `campaign` between `start` and `end` (inclusive) as JSON.

    Five queries whatever the size of the ledger: the items, their transitions up to the
    end, the accepted reports of the period, and the campaign's inspections.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _draft(campaign, kind, start, end)


def _draft(campaign, kind, start, end):
    from zhenggai.briefings.models import Briefing

    since, until = _end_of(start - datetime.timedelta(days=1)), _end_of(end)
    tasks = list(
        Task.objects.filter(finding__campaign=campaign)
        .select_related("finding", "lead_unit")
        .order_by("finding__position")
    )
    by_id = {task.pk: task for task in tasks}

    def ref(task):
        return {
            "task": task.pk,
            "label": task.finding.label,
            "title": _short(task.finding.title),
            "unit": task.lead_unit.name if task.lead_unit else "",
        }

    # The transition log up to the end of the period: the status each item had then,
    # the moves made during the period, and the counts week by week.
    moves = list(
        Transition.objects.filter(task__finding__campaign=campaign, at__lt=until)
        .order_by("at", "id")
        .values_list("task_id", "action", "from_status", "to_status", "at")
    )
    status_then: dict[int, str] = {}
    changes = []
    first_move = None
    for task_id, action, before, after, at in moves:
        first_move = first_move or at
        status_then[task_id] = after
        if at >= since and before and before != after and task_id in by_id:
            changes.append(
                {
                    **ref(by_id[task_id]),
                    "action": str(Action(action).label) if action in Action.values else action,
                    "from": _status_label(before),
                    "to": _status_label(after),
                    "to_status": after,
                    "date": at.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).date().isoformat(),
                }
            )
    changes.sort(key=lambda c: (by_id[c["task"]].finding.position, c["date"]))
    # An item that existed then but has no transition (made before the log was kept)
    # counts as it is now; one made after the period does not count.
    for task in tasks:
        if task.created_at < until:
            status_then.setdefault(task.pk, task.status)
    present = {task_id: s for task_id, s in status_then.items() if s and task_id in by_id}

    counter = Counter(present.values())
    counts = [
        {"status": value, "label": str(label), "count": counter[value]}
        for value, label in Status.choices
        if counter[value]
    ]
    overdue = []
    for task in tasks:
        due, status = task.effective_deadline, present.get(task.pk)
        if (
            status
            and due is not None
            and due < end
            and status not in CLOSED_STATUSES
            and task.timeframe != Timeframe.LONG_TERM
        ):
            overdue.append(
                {
                    **ref(task),
                    "due": due.isoformat(),
                    "days": (end - due).days,
                    "status": _status_label(status),
                }
            )

    # Accepted reports only: what the office has not accepted is not yet the record.
    reports = ProgressReport.objects.filter(
        task__finding__campaign=campaign,
        status=ProgressReport.Status.ACCEPTED,
        period_start__range=(start, end),
    ).select_related("unit")
    if kind == Briefing.Kind.WEEKLY:
        reports = reports.filter(period__in=(Period.DAY, Period.WEEK))
    chosen: dict[tuple[int, int], ProgressReport] = {}
    for report in reports.order_by("period_start", "id"):
        key = (report.task_id, report.unit_id)
        if kind == Briefing.Kind.WEEKLY:
            key = (report.task_id, report.unit_id, report.period, report.period_start)
        elif key in chosen and chosen[key].period == Period.MONTH:
            continue  # a month's summary outranks that month's weekly reports
        chosen[key] = report
    per_task = defaultdict(list)
    figures: dict[str, dict] = {}
    for report in sorted(chosen.values(), key=lambda r: (r.period_start, r.unit.name, r.pk)):
        per_task[report.task_id].append(
            {
                "unit": report.unit.name,
                "period": report.period,
                "date": report.period_start.isoformat(),
                "text": report.text,
            }
        )
        for figure in report.figures or []:
            if not isinstance(figure, dict):
                continue
            value, measure = _number(figure.get("value")), str(figure.get("unit") or "").strip()
            if value is None or not measure:
                continue
            entry = figures.setdefault(
                measure, {"unit": measure, "value": Decimal(0), "approx": False, "what": []}
            )
            entry["value"] += value
            entry["approx"] = entry["approx"] or bool(figure.get("approx"))
            what = str(figure.get("what") or "").strip()
            if what and what not in entry["what"]:
                entry["what"].append(what)
    items = [
        {**ref(by_id[task_id]), "status": _status_label(present.get(task_id, "")), "reports": rs}
        for task_id, rs in sorted(per_task.items(), key=lambda kv: by_id[kv[0]].finding.position)
    ]
    figure_list = [
        {**entry, "value": _plain(entry["value"]), "what": entry["what"][:6]}
        for entry in sorted(figures.values(), key=lambda e: (-e["value"], e["unit"]))
    ]

    series = _weekly_series(moves, by_id, first_move, end)
    inspection = campaign.inspections.order_by("feedback_date", "id").first()
    return {
        "kind": kind,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "campaign": campaign.name,
        "organisation": campaign.organisation,
        "total": len(present),
        "counts": counts,
        "items": items,
        "changes": changes,
        "figures": figure_list,
        "overdue": overdue,
        "series": series,
        "feedback_date": (
            inspection.feedback_date.isoformat() if inspection and inspection.feedback_date else ""
        ),
        "report_due": (
            inspection.report_due.isoformat() if inspection and inspection.report_due else ""
        ),
        "inspector": inspection.inspector if inspection else "",
    }


def _weekly_series(moves, by_id, first_move, end, limit=16):
    """Items closed and still open at the end of each week, up to the period's end."""
    if first_move is None:
        return []
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    first_day = first_move.astimezone(tz).date()
    sunday = first_day + datetime.timedelta(days=6 - first_day.weekday())
    ends = []
    while sunday <= end + datetime.timedelta(days=6):
        ends.append(min(sunday, end))
        sunday += datetime.timedelta(days=7)
    ends = ends[-limit:]
    series, state, index = [], {}, 0
    for week_end in ends:
        until = _end_of(week_end)
        while index < len(moves) and moves[index][4] < until:
            task_id, _action, _before, after, _at = moves[index]
            if task_id in by_id:
                state[task_id] = after
            index += 1
        done = sum(1 for s in state.values() if s in CLOSED_STATUSES)
        series.append(
            {
                "week": week_name(week_end),
                "end": week_end.isoformat(),
                "closed": done,
                "open": len(state) - done,
                "counts": dict(Counter(state.values())),
            }
        )
    return series
