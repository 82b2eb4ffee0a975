"""What a briefing says, drafted from the records (整改简报、阶段性进展、整改落实情况报告).

`draft_content` reads the ledger for a period in a bounded number of queries and returns
plain JSON: the items' accepted progress reports in ledger order, the status changes of
the period (from the Transition log), the figures reported (totalled per indicator by
zhenggai.indicators, never across), what was overdue at the period's end, the counts by
status then and week by week, the few items worth a paragraph (`notable`) and how the
units reported (`unit_reporting`). The briefing keeps that JSON frozen; `prefill` turns
it into the text the office edits.
"""

import datetime
import re
import zoneinfo
from collections import Counter, defaultdict

from django.conf import settings
from django.utils import translation

from zhenggai.indicators.tally import from_report_figures, tally
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.tasks.models import CLOSED_STATUSES, Action, Status, Task, Timeframe, Transition

WEEK_RE = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")


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


def _end_of(day: datetime.date) -> datetime.datetime:
    """The first instant after `day`, in the office's time zone."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tz)


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

    Seven queries whatever the size of the ledger: the items, their transitions up to the
    end, the accepted reports of the period, the indicators of their figures, the units'
    due reports and the campaign's inspections.
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
                    "action_code": action,
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
    reported = []
    for report in sorted(chosen.values(), key=lambda r: (r.period_start, r.unit.name, r.pk)):
        per_task[report.task_id].append(
            {
                "unit": report.unit.name,
                "period": report.period,
                "date": report.period_start.isoformat(),
                "text": without_demo_mark(report.text),
                "figures": len(report.figures or []),
            }
        )
        reported += from_report_figures(
            report.figures,
            task=report.task_id,
            label=by_id[report.task_id].finding.label,
            date=report.period_start.isoformat(),
        )
    items = [
        {**ref(by_id[task_id]), "status": _status_label(present.get(task_id, "")), "reports": rs}
        for task_id, rs in sorted(per_task.items(), key=lambda kv: by_id[kv[0]].finding.position)
    ]
    # The one rule for adding figures up (zhenggai.indicators): within an indicator only.
    figure_tally = tally(reported).to_dict()

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
        "figures": figure_tally,
        "overdue": overdue,
        "notable": notable(kind, items, changes, overdue),
        "reporting": unit_reporting(campaign, kind, start, end),
        "demo": settings.ENV == "demo",
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


# How many items a document names in its "notable" paragraphs: a briefing is read in
# five minutes; the full lists go to the monthly reports' annex.
NOTABLE_LIMIT = {"weekly": 4, "monthly": 6, "two_month": 8}
CLOSING_STATUSES = (Status.COMPLETED, Status.STAGED, Status.LONG_TERM)


def without_demo_mark(text: str) -> str:
    """Demo records carry a marker in every text; a document says it once, in its head."""
    from zhenggai.demo_story import DEMO_MARK

    return (text or "").replace(DEMO_MARK, "")


def notable(kind, items, changes, overdue) -> dict:
    """The few items a briefing writes about, by rule (the office edits the text):

    progress — items that reached 已完成整改 / 阶段性成效 / 长期推进 in the period, then
    items whose accepted reports state the most figures; problems — items reopened in
    the period, then the longest overdue.
    """
    limit = NOTABLE_LIMIT.get(kind, 4)
    by_task = {item["task"]: item for item in items}
    progress, seen = [], set()
    for change in changes:
        if change["to_status"] in CLOSING_STATUSES and change["task"] not in seen:
            seen.add(change["task"])
            item = by_task.get(change["task"], {})
            progress.append({**_ref_of(change), "to": change["to"], "text": _latest(item)})
    ranked = sorted(
        (i for i in items if i["task"] not in seen),
        key=lambda i: -sum(r.get("figures", 0) for r in i["reports"]),
    )
    for item in ranked:
        progress.append({**_ref_of(item), "to": "", "text": _latest(item)})
    problems, seen = [], set()
    for change in changes:
        if change.get("action_code") == Action.REOPEN and change["task"] not in seen:
            seen.add(change["task"])
            problems.append({**_ref_of(change), "reopened": True, "days": 0, "due": ""})
    for entry in sorted(overdue, key=lambda o: -o["days"]):
        if entry["task"] not in seen:
            seen.add(entry["task"])
            problems.append({**_ref_of(entry), "reopened": False, **_pick(entry)})
    return {"progress": progress[:limit], "problems": problems[:limit]}


def _ref_of(entry) -> dict:
    return {k: entry.get(k, "") for k in ("task", "label", "title", "unit")}


def _pick(entry) -> dict:
    return {k: entry[k] for k in ("days", "due", "status")}


def _latest(item) -> str:
    """The first sentence of the item's last accepted report of the period."""
    reports = item.get("reports") or []
    if not reports:
        return ""
    text = " ".join(reports[-1]["text"].split())
    first = re.split(r"(?<=[。;；!?！？])", text, maxsplit=1)[0]
    return _short(first, 90)


def unit_reporting(campaign, kind, start, end) -> dict:
    """How the units reported in the period, from the due reports the reporting schedule
    (zhenggai.rhythm) created: on time, late, missing at the period's end."""
    from zhenggai.rhythm.models import DueReport, Kind

    wanted = Kind.MONTHLY if kind == "monthly" else Kind.WEEKLY
    due = (
        DueReport.objects.filter(
            schedule__campaign=campaign,
            schedule__kind=wanted,
            unit__isnull=False,
            period_start__range=(start, end),
        )
        .select_related("unit")
        .order_by("unit__position", "unit__name", "period_start")
    )
    until = _end_of(end)
    rows: dict[int, dict] = {}
    for d in due:
        row = rows.setdefault(
            d.unit_id, {"unit": d.unit.name, "due": 0, "on_time": 0, "late": 0, "missing": 0}
        )
        row["due"] += 1
        if d.is_missing(until):
            row["missing"] += 1
        elif d.is_late():
            row["late"] += 1
        elif d.fulfilled_at is not None:
            row["on_time"] += 1
    return {"scheduled": bool(rows), "rows": list(rows.values())}
