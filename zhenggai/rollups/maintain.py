"""Keeping the rollups: `touch(task_ids)` in the transaction of every change to an item
or its reports, `rebuild()` and `drift()` for the `zhenggai rollups` command.

`touch` recomputes the facts of the given items from their rows (a handful of queries
whatever the ledger's size), and adds the difference between their new and their old
contributions to the count tables — with `INSERT … ON CONFLICT DO UPDATE SET n = n + …`,
so two moves committed at once both count: each adds to the row the other committed,
never writes back a total it read before.
"""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from zhenggai.dashboard.dbfuncs import AddDays, local_date
from zhenggai.inspections.models import Finding
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.rollups.models import (
    NO_DATE,
    TABLES,
    ItemFacts,
    ProblemCount,
    ResultSum,
    StatusCount,
    UnitReports,
    UnitWeeks,
    WeekCount,
)
from zhenggai.tasks.models import CLOSED_STATUSES, Result, Status, Task, Timeframe, Transition

STATUSES = frozenset(Status.values)
BATCH = 5_000


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _local_day(at) -> datetime.date:
    # The zone's offset, as dashboard.dbfuncs computes it in the database.
    return timezone.localtime(at).date()


def _roots(parent_ids) -> dict[int, tuple[int, int]]:
    """{inner node: (its category — the root of the tree above it —, its position)},
    one query per level of the tree. Only inner nodes (no item of their own) count, as
    in stats.by_category."""
    nodes: dict[int, tuple[int | None, int]] = {}
    frontier = set(parent_ids) - {None}
    while frontier:
        rows = Finding.objects.filter(pk__in=frontier, task__isnull=True).values_list(
            "pk", "parent_id", "position"
        )
        for pk, parent, position in rows:
            nodes[pk] = (parent, position)
        frontier = {p for p, _ in nodes.values() if p is not None} - set(nodes)
        frontier = {p for p in frontier if p not in nodes}

    out = {}
    for pk in set(parent_ids) - {None}:
        if pk not in nodes:
            continue
        root, seen = pk, 0
        while nodes.get(root) is not None and nodes[root][0] is not None and seen < 50:
            root, seen = nodes[root][0], seen + 1
        out[pk] = (root, nodes[pk][1])
    return out


def compute(task_filter: Q) -> list[ItemFacts]:
    """The facts of the items matching `task_filter` (on Task), from their rows."""
    rows = list(
        Task.objects.filter(task_filter)
        .order_by()
        .annotate(due=Coalesce("revised_deadline", "deadline"))
        .values(
            "pk",
            "finding__campaign_id",
            "finding__parent_id",
            "lead_unit_id",
            "status",
            "timeframe",
            "due",
        )
    )
    if not rows:
        return []
    ids = [r["pk"] for r in rows]
    lo, hi = min(ids), max(ids)
    in_range = Q(task_id__gte=lo, task_id__lte=hi)
    roots = _roots({r["finding__parent_id"] for r in rows})

    moves = defaultdict(list)
    for task_id, to_status, at in (
        Transition.objects.filter(in_range, task_id__in=ids)
        .order_by("task_id", "at", "id")
        .values_list("task_id", "to_status", "at")
    ):
        moves[task_id].append((to_status, at))

    # The same expressions as stats.ranking: the report's local day against the
    # Saturday after its week.
    reports = {
        r["task_id"]: (r["on_time"], r["returned"])
        for r in ProgressReport.objects.filter(
            in_range, task_id__in=ids, unit_id=F("task__lead_unit_id")
        )
        .annotate(filed=local_date("created_at"), saturday=AddDays("period_start", 5))
        .values("task_id")
        .annotate(
            on_time=Count("pk", filter=Q(period=Period.WEEK, filed__lt=F("saturday"))),
            returned=Count("pk", filter=Q(status=ProgressReport.Status.RETURNED)),
        )
        .order_by()
    }

    results = defaultdict(list)
    for r in (
        Result.objects.filter(in_range, task_id__in=ids)
        .values("task_id", "what", "unit", "approx")
        .annotate(value=Sum("value"), rows=Count("pk"))
        .order_by("task_id", "what", "unit", "approx")
    ):
        value = Decimal(r["value"]).quantize(Decimal("0.0001"))
        results[r["task_id"]].append([r["what"], r["unit"], r["approx"], str(value), r["rows"]])

    out = []
    for r in rows:
        pk, parent = r["pk"], r["finding__parent_id"]
        category, position = roots.get(parent, (None, 0))
        problem = parent if parent is not None and parent in roots and parent != category else 0
        history = moves.get(pk, [])
        claimed = min((at for s, at in history if s == Status.CLAIMED), default=None)
        done = max((at for s, at in history if s == Status.COMPLETED), default=None)
        done_day = _local_day(done) if done else None
        due = r["due"]
        is_completed = r["status"] == Status.COMPLETED
        burn = Counter()
        for i, (status, at) in enumerate(history):
            if status not in STATUSES:
                continue
            burn[(_monday(_local_day(at)).isoformat(), status)] += 1
            if i + 1 < len(history):
                burn[(_monday(_local_day(history[i + 1][1])).isoformat(), status)] -= 1
        on_time, returned = reports.get(pk, (0, 0))
        out.append(
            ItemFacts(
                task_id=pk,
                campaign_id=r["finding__campaign_id"],
                category_id=category or 0,
                problem_id=problem,
                problem_position=position if problem else 0,
                lead_unit_id=r["lead_unit_id"] or 0,
                status=r["status"],
                open=r["status"] not in CLOSED_STATUSES,
                long_term=r["timeframe"] == Timeframe.LONG_TERM,
                due=due,
                claimed_week=_monday(_local_day(claimed)) if claimed else NO_DATE,
                done_week=_monday(done_day) if done_day else NO_DATE,
                closed_on_time=is_completed
                and (due is None or done_day is None or done_day <= due),
                lead_on_time_reports=on_time,
                lead_returned_reports=returned,
                burn=sorted([w, s, n] for (w, s), n in burn.items() if n),
                results=results.get(pk, []),
            )
        )
    return out


def contributions(facts: ItemFacts) -> dict:
    """{table: {key: values}}: what one item adds to each count table."""
    c = facts.campaign_id
    out = {StatusCount: {(c, facts.category_id, facts.lead_unit_id, facts.status): (1,)}}
    if facts.problem_id:
        out[ProblemCount] = {
            (c, facts.category_id, facts.problem_id, facts.problem_position): (
                1,
                int(facts.status == Status.COMPLETED),
                int(facts.status == Status.STAGED),
                int(facts.status == Status.LONG_TERM),
            )
        }
    out[WeekCount] = {
        (c, datetime.date.fromisoformat(w) if isinstance(w, str) else w, s): (n,)
        for w, s, n in facts.burn
    }
    if facts.lead_unit_id:
        out[UnitWeeks] = {
            (c, facts.lead_unit_id, facts.claimed_week, facts.done_week): (
                1,
                int(facts.status == Status.COMPLETED),
                int(facts.closed_on_time),
            )
        }
        if facts.lead_on_time_reports or facts.lead_returned_reports:
            out[UnitReports] = {
                (c, facts.lead_unit_id): (facts.lead_on_time_reports, facts.lead_returned_reports)
            }
    if facts.results:
        out[ResultSum] = {}
        for what, unit, approx, value, n in facts.results:
            key = (c, what, unit, approx)
            old = out[ResultSum].get(key, (Decimal(0), 0))
            out[ResultSum][key] = (old[0] + Decimal(value), old[1] + n)
    return out


def _add(total: dict, facts_list, sign=1) -> None:
    for facts in facts_list:
        for table, rows in contributions(facts).items():
            mine = total.setdefault(table, {})
            for key, values in rows.items():
                old = mine.get(key)
                mine[key] = tuple((old[i] if old else 0) + sign * v for i, v in enumerate(values))


def _upsert(table, deltas: dict) -> None:
    """Add `deltas` ({key: values}) to `table`, in key order."""
    rows = sorted((k, v) for k, v in deltas.items() if any(v))
    if not rows:
        return
    name = connection.ops.quote_name(table._meta.db_table)
    cols = [*table.KEY, *table.VALUES]
    fields = [table._meta.get_field(c) for c in cols]
    quoted = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    keys = ", ".join(connection.ops.quote_name(table._meta.get_field(k).column) for k in table.KEY)
    sets = ", ".join(
        f"{connection.ops.quote_name(v)} = {name}.{connection.ops.quote_name(v)} "
        f"+ excluded.{connection.ops.quote_name(v)}"
        for v in table.VALUES
    )
    one = "(" + ", ".join(["%s"] * len(cols)) + ")"
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 500):
            chunk = rows[i : i + 500]
            params = []
            for key, values in chunk:
                for f, value in zip(fields, (*key, *values), strict=True):
                    params.append(f.get_db_prep_save(value, connection))
            cursor.execute(
                f"INSERT INTO {name} ({quoted}) VALUES {', '.join([one] * len(chunk))} "
                f"ON CONFLICT ({keys}) DO UPDATE SET {sets}",
                params,
            )


def _facts_fields():
    return [f.name for f in ItemFacts._meta.concrete_fields if not f.primary_key]


def touch(task_ids) -> None:
    """Bring the rollups up to date for these items, inside the caller's transaction.

    Call it after the change, in the same transaction: every move (TaskWorkflow._move),
    every report filed or reviewed, assignments, deadline decisions, imports.
    """
    ids = sorted({int(i) for i in task_ids if i is not None})
    if not ids:
        return
    with transaction.atomic():
        # Locks the items' facts: two changes of one item apply their differences one
        # after the other (the item's own row is locked by its UPDATE already).
        old = list(ItemFacts.objects.select_for_update().filter(task_id__in=ids))
        new = compute(Q(pk__in=ids))
        deltas: dict = {}
        _add(deltas, new)
        _add(deltas, old, -1)
        for table in TABLES:
            _upsert(table, deltas.get(table, {}))
        gone = set(ids) - {f.task_id for f in new}
        if gone:
            ItemFacts.objects.filter(task_id__in=gone).delete()
        if new:
            ItemFacts.objects.bulk_create(
                new,
                update_conflicts=True,
                unique_fields=["task_id"],
                update_fields=_facts_fields(),
            )


def _all_facts():
    """Every item's facts, computed in batches of ids."""
    ids = list(Task.objects.order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(ids), BATCH):
        chunk = ids[i : i + BATCH]
        yield from compute(Q(pk__gte=chunk[0], pk__lte=chunk[-1]))


def expected() -> tuple[dict, dict]:
    """({task_id: facts}, {table: {key: values}}) as they should be now."""
    facts = {f.task_id: f for f in _all_facts()}
    totals: dict = {}
    _add(totals, facts.values())
    return facts, {t: {k: v for k, v in totals.get(t, {}).items() if any(v)} for t in TABLES}


def stored() -> tuple[dict, dict]:
    facts = {f.task_id: f for f in ItemFacts.objects.all()}
    tables = {}
    for table in TABLES:
        tables[table] = {
            row[: len(table.KEY)]: row[len(table.KEY) :]
            for row in table.objects.values_list(*table.KEY, *table.VALUES)
            if any(row[len(table.KEY) :])
        }
    return facts, tables


def rebuild() -> dict:
    """Recompute everything from the items, their moves and their reports."""
    with transaction.atomic():
        for table in (*TABLES, ItemFacts):
            table.objects.all().delete()
        facts, tables = expected()
        ItemFacts.objects.bulk_create(facts.values(), batch_size=2000)
        for table, rows in tables.items():
            _upsert(table, rows)
    return {"items": len(facts), **{t.__name__: len(tables[t]) for t in TABLES}}


def _facts_row(f: ItemFacts) -> tuple:
    values = []
    for name in _facts_fields():
        v = getattr(f, name)
        if name in ("burn", "results"):
            v = sorted(tuple(x) for x in v)
        values.append(v)
    return tuple(values)


def drift(limit: int = 20) -> list[str]:
    """What differs between the stored rollups and a recomputation; empty when none."""
    want_facts, want = expected()
    have_facts, have = stored()
    out = []
    for pk in sorted(set(want_facts) | set(have_facts)):
        a, b = want_facts.get(pk), have_facts.get(pk)
        if a is None or b is None or _facts_row(a) != _facts_row(b):
            out.append(f"item {pk}: stored {b and _facts_row(b)} ≠ computed {a and _facts_row(a)}")
    for table in TABLES:
        for key in sorted(set(want[table]) | set(have[table]), key=str):
            a, b = want[table].get(key), have[table].get(key)
            if a != b:
                out.append(f"{table.__name__} {key}: stored {b} ≠ computed {a}")
    return out[:limit] if limit else out
