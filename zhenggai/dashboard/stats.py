"""The dashboard's numbers, each from a fixed number of aggregate queries.

Every function takes the items the reader may see (a Task queryset, already scoped by
`Task.objects.visible_to`) and returns plain dicts and lists, so the Word/PDF briefings
can use them as well as the page. No query here is repeated per item.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Lead
from django.utils.translation import gettext_lazy as _

from zhenggai.dashboard.dbfuncs import AddDays, local_date, week_start
from zhenggai.inspections.models import Finding, Inspection
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.tasks.models import (
    CLOSED_STATUSES,
    PUBLIC_PHRASES,
    Status,
    Timeframe,
    Transition,
)
from zhenggai.units.models import Unit

WEEK = datetime.timedelta(days=7)
# The three outcomes of the published report, shown first.
PUBLIC_STATUSES = (Status.COMPLETED, Status.STAGED, Status.LONG_TERM)
# At most this many weeks in the burn-down: the most recent ones.
MAX_WEEKS = 52
# Items listed (not counted) as overdue or turning red; the counts are always complete.
LIST_LIMIT = 30


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _as_date(value):
    """A date from what a raw cursor returns: a date, a datetime or an ISO string."""
    if (
        value is None
        or isinstance(value, datetime.date)
        and not isinstance(value, datetime.datetime)
    ):
        return value
    if isinstance(value, datetime.datetime):
        return value.date()
    return datetime.date.fromisoformat(str(value)[:10])


def _counts(prefix=""):
    """Count(…) per public state, total, and the rest, for .annotate/.aggregate."""
    pk = f"{prefix}pk"
    return {
        "total": Count(pk),
        **{s.value: Count(pk, filter=Q(**{f"{prefix}status": s})) for s in PUBLIC_STATUSES},
    }


def _due_q(op: str, *bounds):
    """The effective deadline (revised, else original) compared with `bounds`."""
    value = bounds[0] if len(bounds) == 1 else bounds
    return Q(**{f"revised_deadline__{op}": value}) | Q(
        revised_deadline__isnull=True, **{f"deadline__{op}": value}
    )


def overdue_q(today):
    """Task.objects.overdue(today) as a condition, so a COUNT(… FILTER) needs no
    subquery; test_it_agrees_with_the_ledger checks that the two agree."""
    return ~Q(status__in=CLOSED_STATUSES) & ~Q(timeframe=Timeframe.LONG_TERM) & _due_q("lt", today)


def due_soon_q(today, days=7):
    """Task.objects.due_between(today, today + days - 1) as a condition."""
    last = today + datetime.timedelta(days=days - 1)
    return ~Q(status__in=CLOSED_STATUSES) & _due_q("range", today, last)


# 1. Counts ------------------------------------------------------------------------------


def status_summary(tasks, today) -> dict:
    """Counts per state (public phrases first), overdue, due within 7 days, and the
    share completed. One query."""
    row = tasks.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=overdue_q(today)),
        due_soon=Count("pk", filter=due_soon_q(today)),
        **{f"s_{s.value}": Count("pk", filter=Q(status=s)) for s in Status},
    )
    total = row["total"]

    def entry(s):
        return {
            "value": s.value,
            "label": s.label,
            "phrase": PUBLIC_PHRASES.get(s, s.label),
            "count": row[f"s_{s.value}"],
        }

    completed = row[f"s_{Status.COMPLETED.value}"]
    return {
        "total": total,
        "overdue": row["overdue"],
        "due_soon": row["due_soon"],
        "public": [entry(s) for s in PUBLIC_STATUSES],
        "other": [entry(s) for s in Status if s not in PUBLIC_STATUSES and row[f"s_{s.value}"]],
        "completed": completed,
        "completed_pct": completion_pct(completed, total),
    }


def completion_pct(completed: int, total: int) -> Decimal:
    """The share completed, one decimal, as the office writes it: 13 of 63 → 20.6%."""
    return round(Decimal(completed * 100) / total, 1) if total else Decimal(0)


def item_lists(tasks, today, limit=LIST_LIMIT) -> dict:
    """The overdue items and those whose deadline falls within 7 days, nearest first."""
    rows = tasks.select_related("finding", "lead_unit").annotate(
        due=Coalesce("revised_deadline", "deadline")
    )
    return {
        "overdue": list(rows.filter(overdue_q(today)).order_by("due", "pk")[:limit]),
        "due_soon": list(rows.filter(due_soon_q(today)).order_by("due", "pk")[:limit]),
    }


# Problems listed under each category on the page; the category's counts are complete.
PROBLEMS_PER_CATEGORY = 20
COUNT_KEYS = ("total", *(s.value for s in PUBLIC_STATUSES), "other", "overdue")


def _cells(row):
    row["other"] = row["total"] - sum(row[s.value] for s in PUBLIC_STATUSES)
    row["cells"] = [row[k] for k in COUNT_KEYS]
    return row


def by_category(tasks, today, per_category=PROBLEMS_PER_CATEGORY) -> list[dict]:
    """Counts per category (the top of the findings tree), each with its problems.

    One GROUP BY on the item's parent (the problem), one read of the tree's inner nodes
    to find each problem's category, whatever the depth.
    """
    rows = list(
        tasks.values("finding__parent_id", "finding__campaign_id")
        .annotate(**_counts(), overdue=Count("pk", filter=overdue_q(today)))
        .order_by()
    )
    parents = {r["finding__parent_id"] for r in rows} - {None}
    nodes = {
        f.pk: f
        for f in Finding.objects.filter(
            campaign_id__in={r["finding__campaign_id"] for r in rows}, task__isnull=True
        ).only("pk", "parent_id", "label", "title", "position", "depth")
    }
    keys = ("total", *(s.value for s in PUBLIC_STATUSES), "overdue")

    def root(pk):
        seen = 0
        while nodes.get(pk) is not None and nodes[pk].parent_id is not None and seen < 50:
            pk, seen = nodes[pk].parent_id, seen + 1
        return pk

    categories: dict = {}
    for r in rows:
        parent = r["finding__parent_id"]
        cat_id = root(parent) if parent in nodes else None
        cat = categories.setdefault(
            cat_id,
            {"node": nodes.get(cat_id), "problems": {}, **dict.fromkeys(keys, 0)},
        )
        for k in keys:
            cat[k] += r[k]
        if parent is not None and parent != cat_id and parent in parents:
            prob = cat["problems"].setdefault(
                parent, {"node": nodes.get(parent), **dict.fromkeys(keys, 0)}
            )
            for k in keys:
                prob[k] += r[k]
    out = []
    for cat in sorted(
        categories.values(), key=lambda c: c["node"].position if c["node"] else 10**9
    ):
        problems = sorted(
            cat["problems"].values(), key=lambda p: p["node"].position if p["node"] else 0
        )
        cat["problems"] = [_cells(p) for p in problems[:per_category]]
        cat["more_problems"] = max(0, len(problems) - per_category)
        out.append(_cells(cat))
    return out


def by_lead_unit(tasks, today) -> list[dict]:
    """Counts per lead unit (牵头单位), biggest first. One query."""
    rows = (
        tasks.values("lead_unit_id", "lead_unit__name")
        .annotate(**_counts(), overdue=Count("pk", filter=overdue_q(today)))
        .order_by("-total", "lead_unit__name")
    )
    out = []
    for r in rows:
        r["name"] = r.pop("lead_unit__name") or str(_("未指定牵头单位"))
        out.append(_cells(r))
    return out


# 2. The weekly burn-down ------------------------------------------------------------------


def first_week(tasks, today) -> datetime.date:
    """The week of the earliest feedback of the items' inspections, else of their
    earliest transition, else this week."""
    feedback = (
        Inspection.objects.filter(campaign_id__in=tasks.values("finding__campaign_id"))
        .exclude(feedback_date__isnull=True)
        .order_by("feedback_date")
        .values_list("feedback_date", flat=True)
        .first()
    )
    if feedback:
        return monday(feedback)
    first = (
        Transition.objects.filter(task__in=tasks.values("pk"))
        .annotate(d=local_date("at"))
        .order_by("at")
        .values_list("d", flat=True)
        .first()
    )
    return monday(first) if first else monday(today)


def burndown(tasks, today, start=None, max_weeks=MAX_WEEKS) -> dict:
    """The state of every item at the end of each ISO week since `start` (the feedback's
    week), from the Transition log: at the end of week W an item is in the `to_status` of
    its last transition at or before that moment; an item with no transition yet does
    not count.

    One query: each transition, with the week of the next transition of the same item
    (a window function), grouped by (state, its week, next week). A transition holds
    from the end of its week until the week before the next one; the Python that spreads
    those groups over the weeks works on at most states × weeks² rows, never on items.
    """
    start = start or first_week(tasks, today)
    weeks = weeks_between(start, today)

    week = week_start("at")
    inner = (
        Transition.objects.filter(task__in=tasks.values("pk"))
        .annotate(
            wk=week,
            next_wk=Window(
                Lead(week), partition_by=[F("task_id")], order_by=[F("at").asc(), F("id").asc()]
            ),
        )
        .values("to_status", "wk", "next_wk")
        .order_by()
    )
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # the reader may see nothing
        groups = []
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.to_status, t.wk, t.next_wk, COUNT(*) FROM (" + sql + ") t "
                "GROUP BY t.to_status, t.wk, t.next_wk",
                params,
            )
            groups = cursor.fetchall()

    counts = {s.value: [0] * len(weeks) for s in Status}
    for status, wk, next_wk, n in groups:
        wk, next_wk = _as_date(wk), _as_date(next_wk)
        if next_wk is not None and next_wk <= wk:
            continue  # superseded within its own week
        if status not in counts:
            continue
        row = counts[status]
        for i, w in enumerate(weeks):
            if wk <= w and (next_wk is None or w < next_wk):
                row[i] += n
    return burn_series(weeks, counts, max_weeks)


def weeks_between(start, today) -> list[datetime.date]:
    """The Mondays from `start` to this week."""
    end = monday(today)
    weeks = []
    w = start
    while w <= end:
        weeks.append(w)
        w += WEEK
    return weeks


def burn_series(weeks, counts, max_weeks=MAX_WEEKS) -> dict:
    """The burn-down's weeks, series and totals from {status: [count per week]}; shared
    with the rollups (zhenggai.rollups.read)."""
    # Keep the latest `max_weeks`; past that, also drop the empty weeks before the
    # first item entered the ledger (an imported ledger starts on its import day).
    keep = len(weeks)
    if keep > max_weeks:
        first = next(
            (i for i in range(len(weeks)) if any(row[i] for row in counts.values())),
            len(weeks) - 1,
        )
        keep = min(max_weeks, len(weeks) - max(0, first - 1))
    truncated = keep < len(weeks)
    weeks = weeks[-keep:]
    counts = {s: row[-keep:] for s, row in counts.items()}
    public = {s.value for s in PUBLIC_STATUSES}
    other = [sum(counts[s][i] for s in counts if s not in public) for i in range(len(weeks))]
    total = [sum(counts[s][i] for s in counts) for i in range(len(weeks))]
    return {
        "weeks": weeks,
        "labels": [f"{w:%m-%d}" for w in weeks],
        "by_status": counts,
        "series": [
            # The status's name in the reader's language (a legend, not the published phrase).
            (str(s.label), counts[s.value])
            for s in PUBLIC_STATUSES
        ]
        + [(str(_("其他状态")), other)],
        "total": total,
        "open": [t - c for t, c in zip(total, counts[Status.COMPLETED.value], strict=True)],
        "truncated": truncated,
    }


# 3. The ranking of units --------------------------------------------------------------

FORMULA = _("得分 = 50 × 按时填报率 + 50 × 按时销号率 − 5 × 逾期事项数 − 2 × 退回填报数")
FORMULA_TERMS = (
    _(
        "按时填报率 = 按时提交的周报数 ÷ 应报周数。应报周数:本单位牵头的每个事项,"
        "自认领当周起,至已过星期五的最近一周止(事项销号的,至销号前一周止)的周数合计;"
        "按时:周报在所属周星期五24:00前提交。无应报周数时按100%计;超过100%按100%计。"
    ),
    _(
        "按时销号率 = 按时销号事项数 ÷ (已销号事项数 + 逾期未销号事项数)。按时销号:"
        "“已完成整改”的流转时间不晚于完成时限(有调整后时限的按调整后时限)当日24:00;"
        "未定时限或无办结流转记录的视为按时。分母为0时按100%计。"
    ),
    _("逾期事项数:已过完成时限仍未完成整改的牵头事项(长期推进事项除外)。"),
    _("退回填报数:本单位提交、当前处于“退回修改”状态的进展填报。"),
)


@dataclass
class UnitScore:
    unit_id: int | None
    name: str
    items: int = 0
    expected_reports: int = 0
    on_time_reports: int = 0
    completed: int = 0
    closed_on_time: int = 0
    overdue: int = 0
    returned: int = 0
    rank: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def reporting_rate(self) -> float:
        if self.expected_reports <= 0:
            return 1.0
        return min(1.0, self.on_time_reports / self.expected_reports)

    @property
    def closure_rate(self) -> float:
        due = self.completed + self.overdue
        return 1.0 if due <= 0 else self.closed_on_time / due

    @property
    def reporting_pct(self) -> float:
        return round(self.reporting_rate * 100, 1)

    @property
    def closure_pct(self) -> float:
        return round(self.closure_rate * 100, 1)

    @property
    def score(self) -> float:
        return round(
            50 * self.reporting_rate
            + 50 * self.closure_rate
            - 5 * self.overdue
            - 2 * self.returned,
            1,
        )


def rank(scores: list[UnitScore]) -> list[UnitScore]:
    """Best score first; equal scores share a rank (1, 2, 2, 4)."""
    ordered = sorted(scores, key=lambda s: (-s.score, s.name))
    for i, s in enumerate(ordered):
        s.rank = ordered[i - 1].rank if i and ordered[i - 1].score == s.score else i + 1
    return ordered


def last_due_week(today: datetime.date) -> datetime.date:
    """The Monday of the latest week whose Friday 24:00 has passed."""
    this = monday(today)
    return this if today.weekday() >= 5 else this - WEEK


def ranking(tasks, today) -> list[UnitScore]:
    """Every lead unit of `tasks`, scored. Three queries: items, reports, unit names."""
    led = tasks.exclude(lead_unit__isnull=True)

    def first_at(status, last=False):
        # MIN/MAX rather than ORDER BY at LIMIT 1: PostgreSQL would walk the index on
        # `at` for the latter, across every item's transitions.
        return Subquery(
            Transition.objects.filter(task=OuterRef("pk"), to_status=status)
            .order_by()  # the default ordering would join the task, finding and campaign
            .values("task_id")
            .annotate(m=Max("at") if last else Min("at"))
            .values("m")[:1]
        )

    # Per (unit, week claimed, week completed): the items, from which the expected
    # weekly reports follow, and the closure counts. Rows: units × weeks², not items.
    # The inner query reads each item's claim and completion once; the outer one groups
    # (an ORM GROUP BY would repeat the correlated subqueries in every expression).
    completed = Q(status=Status.COMPLETED)
    per_item = (
        led.annotate(
            claimed=week_start(first_at(Status.CLAIMED)),
            done=week_start(first_at(Status.COMPLETED, last=True)),
            done_day=local_date(first_at(Status.COMPLETED, last=True)),
            due=Coalesce("revised_deadline", "deadline"),
            is_completed=Case(When(completed, then=1), default=0),
            is_overdue=Case(When(overdue_q(today), then=1), default=0),
        )
        .values("lead_unit_id", "claimed", "done", "done_day", "due", "is_completed", "is_overdue")
        .order_by()
    )
    try:
        sql, params = per_item.query.sql_with_params()
    except EmptyResultSet:
        groups = []
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.lead_unit_id, t.claimed, t.done, COUNT(*), SUM(t.is_completed), "
                "SUM(CASE WHEN t.is_completed = 1 AND (t.due IS NULL OR t.done_day IS NULL "
                "OR t.done_day <= t.due) THEN 1 ELSE 0 END), SUM(t.is_overdue) "
                "FROM (" + sql + ") t GROUP BY t.lead_unit_id, t.claimed, t.done",
                params,
            )
            groups = [
                dict(
                    zip(
                        (
                            "lead_unit",
                            "claimed",
                            "done",
                            "items",
                            "completed",
                            "on_time",
                            "overdue",
                        ),
                        row,
                        strict=True,
                    )
                )
                for row in cursor.fetchall()
            ]
    names = dict(
        Unit.objects.filter(pk__in={g["lead_unit"] for g in groups}).values_list("pk", "name")
    )
    # Weekly reports by the lead unit on its own items, and returned reports.
    reports = (
        ProgressReport.objects.filter(task__in=led.values("pk"), unit_id=F("task__lead_unit_id"))
        .annotate(filed=local_date("created_at"), saturday=AddDays("period_start", 5))
        .values("unit_id")
        .annotate(
            on_time=Count(
                "pk",
                filter=Q(period=Period.WEEK, filed__lt=F("saturday")),
            ),
            returned=Count("pk", filter=Q(status=ProgressReport.Status.RETURNED)),
        )
        .order_by()
    )
    return score(groups, reports, names, today)


def score(groups, reports, names, today) -> list[UnitScore]:
    """The ranking from per-(unit, week claimed, week done) groups — items, completed,
    closed on time, overdue — and per-unit report counts (on time, returned). Shared by
    ranking() and the rollups (zhenggai.rollups.read)."""
    scores: dict = {}
    last = last_due_week(today)
    for r in groups:
        s = scores.get(r["lead_unit"])
        if s is None:
            s = scores[r["lead_unit"]] = UnitScore(
                unit_id=r["lead_unit"], name=names.get(r["lead_unit"], "")
            )
        s.items += r["items"]
        s.completed += r["completed"] or 0
        s.closed_on_time += r["on_time"] or 0
        s.overdue += r["overdue"] or 0
        claimed, done = _as_date(r["claimed"]), _as_date(r["done"])
        if claimed is not None:
            end = min(last, done - WEEK) if done else last
            if end >= claimed:
                s.expected_reports += r["items"] * ((end - claimed).days // 7 + 1)
    for r in reports:
        s = scores.get(r["unit_id"])
        if s is not None:
            s.on_time_reports += r["on_time"]
            s.returned += r["returned"]
    return rank(list(scores.values()))


# 4. Figures -----------------------------------------------------------------------------


def figures(tasks) -> dict:
    """The items' quantitative results (Result) totalled per indicator, by the one rule
    (zhenggai.indicators.tally): figures add up only within an indicator that may be
    summed; those not yet classified are counted, not summed.

    Units' free-form report figures are not included: weekly figures are often
    cumulative, and the ledger keeps the ones that count as Results.
    """
    from zhenggai.indicators.tally import result_figures, tally

    result = tally(result_figures(tasks))
    return {"totals": result.totals, "unclassified": len(result.unclassified)}
