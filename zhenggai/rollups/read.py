"""The dashboard's figures from the rollups, for a reader of the whole ledger.

The same dicts and lists as zhenggai.dashboard.stats computes from the items (a test
compares the two over random histories), in a fixed number of queries that read count
rows, never items. What changes with the day alone — overdue, due within 7 days, the
weeks a unit owes reports — is counted from ItemFacts by indexed queries, or follows
from the stored weeks, so it is right on the day it is read without a refresh.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, Subquery, Sum, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext as _

from zhenggai.dashboard import stats
from zhenggai.indicators import tally
from zhenggai.inspections.models import Finding
from zhenggai.rollups.models import (
    NO_DATE,
    ItemFacts,
    ProblemCount,
    ResultSum,
    StatusCount,
    UnitReports,
    UnitWeeks,
    WeekCount,
)
from zhenggai.tasks.models import PUBLIC_PHRASES, Status, Task
from zhenggai.units.models import Unit

PUBLIC = tuple(s.value for s in stats.PUBLIC_STATUSES)


def overdue(today):
    """The items overdue on `today` (stats.overdue_q), as facts: a partial index."""
    return ItemFacts.objects.filter(open=True, long_term=False, due__lt=today)


_overdue = overdue


def overdue_groups(today) -> dict:
    """{(campaign, category, lead unit): overdue items} for every campaign. One query."""
    return {
        (r["campaign_id"], r["category_id"], r["lead_unit_id"]): r["n"]
        for r in _overdue(today)
        .values("campaign_id", "category_id", "lead_unit_id")
        .annotate(n=Count("*"))
        .order_by()
    }


def tiles(campaigns, today, overdue) -> None:
    """Totals per campaign, for the switcher (stats' view._campaign_tiles). One query."""
    counts: dict = defaultdict(dict)
    for row in (
        StatusCount.objects.filter(n__gt=0)
        .values("campaign_id", "status")
        .annotate(n=Sum("n"))
        .order_by()
    ):
        counts[row["campaign_id"]][row["status"]] = row["n"]
    late: dict = defaultdict(int)
    for (campaign, _cat, _unit), n in overdue.items():
        late[campaign] += n
    for c in campaigns:
        by_status = counts.get(c.pk, {})
        c.total = sum(by_status.values())
        c.public_counts = [
            {
                "value": s.value,
                "label": s.label,
                "phrase": PUBLIC_PHRASES[s],
                "count": by_status.get(s, 0),
            }
            for s in stats.PUBLIC_STATUSES
        ]
        c.overdue = late.get(c.pk, 0)


def _summary(rows, overdue, due_soon) -> dict:
    by_status: dict = defaultdict(int)
    for _cat, _unit, status, n in rows:
        by_status[status] += n
    total = sum(by_status.values())

    def entry(s):
        return {
            "value": s.value,
            "label": s.label,
            "phrase": PUBLIC_PHRASES.get(s, s.label),
            "count": by_status.get(s.value, 0),
        }

    completed = by_status.get(Status.COMPLETED.value, 0)
    return {
        "total": total,
        "overdue": sum(overdue.values()),
        "due_soon": due_soon,
        "public": [entry(s) for s in stats.PUBLIC_STATUSES],
        "other": [
            entry(s) for s in Status if s not in stats.PUBLIC_STATUSES and by_status.get(s.value)
        ],
        "completed": completed,
        "completed_pct": round(Decimal(completed * 100) / total, 1) if total else Decimal(0),
    }


def _item_lists(campaign_id, today, limit=stats.LIST_LIMIT) -> dict:
    """The overdue items and those due within 7 days, nearest first: two queries, each
    reading `limit` ids off the deadline index and then those items."""
    open_items = ItemFacts.objects.filter(campaign_id=campaign_id, open=True).order_by(
        "due", "task_id"
    )
    last = today + datetime.timedelta(days=6)

    def items(ids):
        return list(
            Task.objects.filter(pk__in=Subquery(ids.values("task_id")[:limit]))
            .select_related("finding", "lead_unit")
            .annotate(due=Coalesce("revised_deadline", "deadline"))
            .order_by("due", "pk")
        )

    return {
        "overdue": items(open_items.filter(long_term=False, due__lt=today)),
        "due_soon": items(open_items.filter(due__gte=today, due__lte=last)),
    }


def _counts(keys=(*PUBLIC, "total", "overdue")):
    return dict.fromkeys(keys, 0)


def _categories(campaign_id, today, rows, overdue, per_category) -> list[dict]:
    """stats.by_category from the counts: three queries (the first problems of each
    category, their overdue items, the nodes' labels)."""
    cats: dict = {}
    for cat, _unit, status, n in rows:
        c = cats.setdefault(cat, _counts())
        c["total"] += n
        if status in PUBLIC:
            c[status] += n
    for (cat, _unit), n in overdue.items():
        if cat in cats:
            cats[cat]["overdue"] += n
    problems = list(
        ProblemCount.objects.filter(campaign_id=campaign_id, total__gt=0)
        .annotate(
            nth=Window(RowNumber(), partition_by=[F("category_id")], order_by=[F("position")]),
            of=Window(Count("*"), partition_by=[F("category_id")]),
        )
        .filter(nth__lte=per_category)
        .values("category_id", "problem_id", "total", *PUBLIC, "of")
        .order_by("category_id", "position")
    )
    late = dict(
        _overdue(today)
        .filter(problem_id__in=[p["problem_id"] for p in problems])
        .values("problem_id")
        .annotate(n=Count("*"))
        .order_by()
        .values_list("problem_id", "n")
    )
    nodes = Finding.objects.only("pk", "parent_id", "label", "title", "position", "depth").in_bulk(
        {*cats, *(p["problem_id"] for p in problems)} - {0}
    )
    shown: dict = defaultdict(list)
    more: dict = {}
    for p in problems:
        p["node"] = nodes.get(p["problem_id"])
        p["overdue"] = late.get(p["problem_id"], 0)
        shown[p["category_id"]].append(stats._cells(p))
        more[p["category_id"]] = max(0, p["of"] - per_category)
    out = []
    for cat, c in cats.items():
        c["node"] = nodes.get(cat)
        c["problems"] = shown.get(cat, [])
        c["more_problems"] = more.get(cat, 0)
        out.append(stats._cells(c))
    out.sort(key=lambda c: c["node"].position if c["node"] else 10**9)
    return out


def _lead_units(rows, overdue, names) -> list[dict]:
    units: dict = {}
    for _cat, unit, status, n in rows:
        u = units.setdefault(unit, _counts())
        u["total"] += n
        if status in PUBLIC:
            u[status] += n
    for (_cat, unit), n in overdue.items():
        if unit in units:
            units[unit]["overdue"] += n
    out = []
    for unit, u in units.items():
        u["lead_unit_id"] = unit or None
        u["name"] = names.get(unit) or str(_("未指定牵头单位"))
        out.append(stats._cells(u))
    out.sort(key=lambda u: (-u["total"], u["name"]))
    return out


def _burndown(campaign, today, max_weeks=stats.MAX_WEEKS) -> dict:
    """stats.burndown from the weekly entries and exits: one query."""
    deltas = list(
        WeekCount.objects.filter(campaign_id=campaign.pk)
        .exclude(delta=0)
        .order_by("week")
        .values_list("week", "status", "delta")
    )
    feedback = [i.feedback_date for i in campaign.inspections.all() if i.feedback_date]
    if feedback:
        start = stats.monday(min(feedback))
    elif deltas:
        start = deltas[0][0]
    else:
        start = stats.monday(today)
    weeks = stats.weeks_between(start, today)
    counts = {s.value: [0] * len(weeks) for s in Status}
    running: dict = defaultdict(int)
    i = 0
    for n, week in enumerate(weeks):
        while i < len(deltas) and deltas[i][0] <= week:
            running[deltas[i][1]] += deltas[i][2]
            i += 1
        for status, value in running.items():
            if status in counts:
                counts[status][n] = value
    return stats.burn_series(weeks, counts, max_weeks)


def _ranking(campaign_id, today, overdue, names) -> list:
    """stats.ranking from the units' weeks and report counts: two queries."""
    groups = [
        {
            "lead_unit": unit,
            "claimed": None if claimed == NO_DATE else claimed,
            "done": None if done == NO_DATE else done,
            "items": items,
            "completed": completed,
            "on_time": on_time,
            "overdue": 0,
        }
        for unit, claimed, done, items, completed, on_time in UnitWeeks.objects.filter(
            campaign_id=campaign_id, items__gt=0
        ).values_list(
            "lead_unit_id", "claimed_week", "done_week", "items", "completed", "closed_on_time"
        )
    ]
    late: dict = defaultdict(int)
    for (_cat, unit), n in overdue.items():
        if unit:
            late[unit] += n
    groups += [
        {
            "lead_unit": unit,
            "claimed": None,
            "done": None,
            "items": 0,
            "completed": 0,
            "on_time": 0,
            "overdue": n,
        }
        for unit, n in late.items()
    ]
    reports = UnitReports.objects.filter(campaign_id=campaign_id).values(
        "on_time", "returned", unit_id=F("lead_unit_id")
    )
    return stats.score(groups, reports, names, today)


def figures(campaign_id) -> dict:
    """stats.figures from the sums per wording (ResultSum) rather than every Result,
    through the same one rule (indicators.tally). One query for the sums, one for
    their wordings."""
    rows = ResultSum.objects.filter(campaign_id=campaign_id, rows__gt=0).values(
        "what", "unit", "approx", "value", "rows"
    )
    result = tally.tally(
        tally.fig(r["value"], r["unit"], r["what"], r["approx"], rows=r["rows"]) for r in rows
    )
    return {
        "totals": result.totals,
        "unclassified": sum(f.source["rows"] for f in result.unclassified),
    }


def dashboard(campaign, today, overdue_all, per_category=stats.PROBLEMS_PER_CATEGORY) -> dict:
    """Everything the page shows for one campaign but the figures (Results)."""
    rows = list(
        StatusCount.objects.filter(campaign_id=campaign.pk, n__gt=0).values_list(
            "category_id", "lead_unit_id", "status", "n"
        )
    )
    overdue = {(cat, unit): n for (c, cat, unit), n in overdue_all.items() if c == campaign.pk}
    due_soon = ItemFacts.objects.filter(
        campaign_id=campaign.pk,
        open=True,
        due__gte=today,
        due__lte=today + datetime.timedelta(days=6),
    ).count()
    unit_ids = {unit for _cat, unit, _s, _n in rows} - {0}
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    return {
        "summary": _summary(rows, overdue, due_soon),
        "lists": _item_lists(campaign.pk, today),
        "categories": _categories(campaign.pk, today, rows, overdue, per_category),
        "lead_units": _lead_units(rows, overdue, names),
        "burn": _burndown(campaign, today),
        "ranking": _ranking(campaign.pk, today, overdue, names),
        "figures": figures(campaign.pk),
    }


def item_total(campaigns) -> int:
    """How many items the campaigns hold (`campaigns`: a queryset of their ids), from
    the counts: the size of an unfiltered whole-ledger list without a COUNT over items."""
    return StatusCount.objects.filter(campaign_id__in=campaigns).aggregate(n=Sum("n"))["n"] or 0


def ledger_counts(campaign_id, today) -> dict:
    """The ledger's counts above its table (front.ledger.status_counts) for a whole
    campaign: per state from the counts, overdue and due this week from the items'
    facts. One query, none over the items."""
    monday = today - datetime.timedelta(days=today.weekday())

    def count(facts):
        return Subquery(
            facts.filter(campaign_id=campaign_id)
            .order_by()
            .values("campaign_id")
            .annotate(n=Count("*"))
            .values("n")
        )

    rows = list(
        StatusCount.objects.filter(campaign_id=campaign_id, n__gt=0)
        .values("status")
        .annotate(
            n=Sum("n"),
            overdue=count(_overdue(today)),
            due_week=count(
                ItemFacts.objects.filter(
                    open=True, due__gte=monday, due__lte=monday + datetime.timedelta(days=6)
                )
            ),
        )
        .order_by()
    )
    by_status = {r["status"]: r["n"] for r in rows}
    overdue = rows[0]["overdue"] or 0 if rows else 0
    due_week = rows[0]["due_week"] or 0 if rows else 0
    statuses = [
        {
            "value": s.value,
            "label": s.label,
            "phrase": PUBLIC_PHRASES.get(s, s.label),
            "count": by_status.get(s.value, 0),
            "public": s in stats.PUBLIC_STATUSES,
        }
        for s in Status
    ]
    return {
        "total": sum(by_status.values()),
        "overdue": overdue,
        "due_week": due_week,
        "public": sorted(
            (s for s in statuses if s["public"]),
            key=lambda s: stats.PUBLIC_STATUSES.index(s["value"]),
        ),
        "other": [s for s in statuses if not s["public"] and s["count"]],
    }
