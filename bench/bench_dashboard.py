"""The dashboard's aggregates (and the search) on a big ledger.

Run: .venv/bin/python bench/bench_dashboard.py [--items 100000] [--reports 1000000]
                                              [--search-sample 2000] [--keep]
     .venv/bin/python bench/bench_dashboard.py --database-url \
         postgres://postgres@127.0.0.1:5432/rollups_bench --search-sample 0
     (creates the database, fills it by COPY, drops it at the end unless --keep)

Fills a fresh SQLite file under var/ (or the PostgreSQL database DATABASE_URL points at,
with --postgres: it is emptied first, so its name must contain
"bench") with `--items` items, four transitions
each, one Result each and `--reports` weekly progress reports, by executemany in
batches; then times each of the dashboard's aggregates as the page runs them, each
beside a hand-written GROUP BY over the same table (the floor: one scan, no scoping).
The search index is built for a sample of items (indexing segments every report's text
with jieba, far too slow for a million reports in a benchmark), then searched.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BATCH = 20_000
WORDS = [
    "消防安全",
    "违章建筑",
    "整改",
    "基层党组织",
    "党员教育管理",
    "河涌治理",
    "黑臭水体",
    "专项整治",
    "问责",
    "约谈",
    "台账",
    "立行立改",
    "形式主义",
    "官僚主义",
    "扶贫",
]


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--items", type=int, default=100_000)
    p.add_argument("--reports", type=int, default=1_000_000)
    p.add_argument("--units", type=int, default=60)
    p.add_argument("--search-sample", type=int, default=2_000)
    p.add_argument("--repeat", type=int, default=3, help="best of N timings")
    p.add_argument("--postgres", action="store_true", help="use DATABASE_URL (PostgreSQL)")
    p.add_argument(
        "--database-url",
        help="a PostgreSQL database whose name contains 'bench': created, filled, dropped",
    )
    p.add_argument("--no-drop", action="store_true", help="leave the filled database for --keep")
    p.add_argument("--profile", action="store_true", help="cProfile the page, top 25")
    p.add_argument("--keep", action="store_true", help="reuse an already filled file")
    return p.parse_args()


def _admin_sql(url: str, sql: str) -> None:
    """CREATE/DROP DATABASE, run from the server's maintenance database."""
    import psycopg

    base = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql)


def setup(args) -> Path | None:
    path = None
    if args.database_url:
        name = args.database_url.rsplit("/", 1)[1]
        if "bench" not in name:
            sys.exit(f"refusing to use database {name!r}: its name must contain 'bench'")
        if not args.keep:
            _admin_sql(args.database_url, f'DROP DATABASE IF EXISTS "{name}"')
            _admin_sql(args.database_url, f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = args.database_url
        args.postgres = True
    if not args.postgres:
        path = ROOT / "var" / f"bench-dashboard-{args.items}-{args.reports}.sqlite3"
        if path.exists() and not args.keep:
            path.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")
    import django

    django.setup()
    return path


def say(msg):
    print(msg, flush=True)


def timed(label, fn, repeat=1):
    best, result = None, None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        d = time.perf_counter() - t
        best = d if best is None else min(best, d)
    return best, result


def many(cursor, sql, rows):
    """executemany, or COPY on PostgreSQL (ten times faster for a million rows)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        cursor.executemany(sql, rows)
        return
    m = re.match(r"INSERT INTO (\S+) \(([^)]*)\)", sql)
    table, columns = m.group(1), m.group(2)
    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def fill(args):
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from zhenggai.accounts.models import Role, User
    from zhenggai.inspections.models import Campaign, Finding, Inspection
    from zhenggai.reporting.models import ProgressReport
    from zhenggai.tasks.models import Result, Status, Task, Transition
    from zhenggai.units.models import Unit

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    say(f"migrate: {time.perf_counter() - t0:.1f}s")
    if connection.vendor == "postgresql":
        # Emptied first: only a database whose name says it is for benchmarks.
        name = connection.settings_dict["NAME"]
        if "bench" not in name:
            sys.exit(f"refusing to empty database {name!r}: its name must contain 'bench'")
        call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "sqlite":
        with connection.cursor() as c:
            c.execute("PRAGMA journal_mode=OFF")
            c.execute("PRAGMA synchronous=OFF")
            c.execute("PRAGMA cache_size=-400000")

    rnd = random.Random(2018)
    ops = connection.ops
    dt = ops.adapt_datetimefield_value
    d = ops.adapt_datefield_value
    feedback = datetime.date(2018, 7, 24)
    tz = timezone.get_current_timezone()

    def moment(day, hour=10):
        return dt(datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz))

    t0 = time.perf_counter()
    units = Unit.objects.bulk_create(
        [Unit(name=f"基准单位{i:03d}", position=i) for i in range(args.units)]
    )
    office = User.objects.create_user("bench-office", password="x", role=Role.OFFICE)
    liaisons = User.objects.bulk_create(
        [User(username=f"bench-l{u.pk}", role=Role.LIAISON, unit=u) for u in units]
    )
    campaign = Campaign.objects.create(name="基准测试整改工作", organisation="基准区")
    Inspection.objects.create(campaign=campaign, inspector="省委第一巡视组", feedback_date=feedback)
    n_cat = 6
    n_prob = max(1, args.items // 5)
    cats = Finding.objects.bulk_create(
        [
            Finding(campaign=campaign, depth=0, position=i, label=f"({i})", title=f"类别{i}")
            for i in range(n_cat)
        ]
    )
    probs = Finding.objects.bulk_create(
        [
            Finding(
                campaign=campaign,
                parent=cats[i % n_cat],
                depth=1,
                position=n_cat + i,
                label=f"{i}.",
                title=f"针对{rnd.choice(WORDS)}的问题{i}",
            )
            for i in range(n_prob)
        ],
        batch_size=BATCH,
    )
    say(
        f"units, campaign, {n_cat + n_prob} categories and problems: "
        f"{time.perf_counter() - t0:.1f}s"
    )

    # Items: findings then tasks, in batches.
    t0 = time.perf_counter()
    base = n_cat + n_prob
    outcomes = (
        [Status.COMPLETED] * 2
        + [Status.STAGED] * 5
        + [Status.LONG_TERM] * 3
        + [Status.IN_PROGRESS] * 2
    )
    task_rows = []  # (task_id, lead unit index, status, deadline, claimed day, done day)
    for start in range(0, args.items, BATCH):
        n = min(BATCH, args.items - start)
        with transaction.atomic():
            fs = Finding.objects.bulk_create(
                [
                    Finding(
                        campaign=campaign,
                        parent=probs[(start + i) % n_prob],
                        depth=2,
                        position=base + start + i,
                        label=f"({start + i + 1})",
                        title=f"针对{rnd.choice(WORDS)}{rnd.choice(WORDS)}的具体问题{start + i}",
                    )
                    for i in range(n)
                ]
            )
            tasks = []
            for f in fs:
                status = rnd.choice(outcomes)
                deadline = feedback + datetime.timedelta(days=rnd.randint(20, 200))
                tasks.append(
                    Task(
                        finding=f,
                        lead_unit=units[rnd.randrange(args.units)],
                        status=status,
                        measure=f"{rnd.choice(WORDS)},{rnd.choice(WORDS)},建立长效机制",
                        deadline=deadline,
                        timeframe="long_term" if status == Status.LONG_TERM else "deadline",
                    )
                )
            Task.objects.bulk_create(tasks)
            for t in tasks:
                claimed = feedback + datetime.timedelta(days=rnd.randint(3, 20))
                done = claimed + datetime.timedelta(days=rnd.randint(10, 220))
                task_rows.append((t.pk, t.lead_unit_id, t.status, t.deadline, claimed, done))
        say(f"  items {start + n:>9,}  {time.perf_counter() - t0:6.1f}s")

    # Transitions: assigned, claimed, in progress, then the outcome. executemany.
    t0 = time.perf_counter()
    cols = "task_id, action, from_status, to_status, at, actor_id, reason, prev_hash, hash"
    sql = f"INSERT INTO {Transition._meta.db_table} ({cols}) VALUES ({', '.join(['%s'] * 9)})"
    blank = (None, "", "", "")
    rows = []
    for pk, _u, status, _dl, claimed, done in task_rows:
        start_day = claimed + datetime.timedelta(days=4)
        rows += [
            (pk, "assign", "draft", "assigned", moment(feedback + datetime.timedelta(days=2)))
            + blank,
            (pk, "claim", "assigned", "claimed", moment(claimed)) + blank,
            (pk, "start", "claimed", "in_progress", moment(start_day)) + blank,
        ]
        if status != Status.IN_PROGRESS:
            rows.append((pk, "approve", "in_progress", status, moment(done)) + blank)
    with connection.cursor() as c:
        for i in range(0, len(rows), BATCH):
            with transaction.atomic():
                many(c, sql, rows[i : i + BATCH])
    say(f"transitions {len(rows):,}: {time.perf_counter() - t0:.1f}s")

    # One Result per item.
    t0 = time.perf_counter()
    measures = [("宗", 1, 500), ("人", 1, 20), ("万元", 1, 300), ("户", 1, 2000), ("家", 1, 50)]
    sql = (
        f"INSERT INTO {Result._meta.db_table} (task_id, value, unit, what, approx, source_text)"
        " VALUES (%s, %s, %s, %s, %s, %s)"
    )
    rows = []
    for pk, *_ in task_rows:
        unit, lo, hi = rnd.choice(measures)
        value = ops.adapt_decimalfield_value(rnd.randint(lo, hi), 20, 4)
        rows.append((pk, value, unit, "", False, ""))
    with connection.cursor() as c, transaction.atomic():
        many(c, sql, rows)
    say(f"results {len(rows):,}: {time.perf_counter() - t0:.1f}s")

    # Weekly reports: spread over the items, consecutive weeks from the claim.
    t0 = time.perf_counter()
    fields = [f for f in ProgressReport._meta.concrete_fields if not f.primary_key]
    varying = {
        "task",
        "unit",
        "author",
        "period_start",
        "status",
        "created_at",
        "updated_at",
        "text",
    }
    consts = {}
    for f in fields:
        if f.name in varying:
            continue
        value = f.get_default()
        if f.name == "period":
            value = "week"
        consts[f.column] = f.get_db_prep_save(value, connection)
    columns = [
        "task_id",
        "unit_id",
        "author_id",
        "period_start",
        "status",
        "created_at",
        "updated_at",
        "text",
        *consts,
    ]
    sql = (
        f"INSERT INTO {ProgressReport._meta.db_table} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    const_values = tuple(consts.values())
    liaison_of = {u.pk: liaisons[i].pk for i, u in enumerate(units)}
    per_item = max(1, args.reports // max(1, args.items))
    extra = args.reports - per_item * args.items
    texts = [f"本周{a},{b}工作持续推进,完成{c}项。" for a in WORDS for b in WORDS for c in (3, 7)]
    done_rows = 0
    batch = []
    with connection.cursor() as c:
        for idx, (pk, unit_id, _s, _dl, claimed, _done) in enumerate(task_rows):
            k = per_item + (1 if idx < extra else 0)
            week0 = claimed - datetime.timedelta(days=claimed.weekday())
            for w in range(k):
                week = week0 + datetime.timedelta(days=7 * w)
                filed = week + datetime.timedelta(days=rnd.choice((1, 3, 4, 4, 5, 6)))
                at = moment(filed, 16)
                status = "returned" if rnd.random() < 0.03 else "accepted"
                batch.append(
                    (
                        pk,
                        unit_id,
                        liaison_of[unit_id],
                        d(week),
                        status,
                        at,
                        at,
                        rnd.choice(texts),
                        *const_values,
                    )
                )
            if len(batch) >= BATCH:
                with transaction.atomic():
                    many(c, sql, batch)
                done_rows += len(batch)
                batch = []
                if done_rows % 200_000 < BATCH:
                    say(f"  reports {done_rows:>9,}  {time.perf_counter() - t0:6.1f}s")
        if batch:
            with transaction.atomic():
                many(c, sql, batch)
            done_rows += len(batch)
    say(f"reports {done_rows:,}: {time.perf_counter() - t0:.1f}s")
    if connection.vendor == "sqlite":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    from zhenggai.rollups.maintain import rebuild

    t0 = time.perf_counter()
    counts = rebuild()
    say(f"rollups rebuilt ({counts}): {time.perf_counter() - t0:.1f}s")
    with connection.cursor() as c:
        # VACUUM too on PostgreSQL: index-only scans need the visibility map.
        c.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    return office


def measure(args, office):
    from django.db import connection, reset_queries
    from django.test import RequestFactory

    from zhenggai.dashboard import stats
    from zhenggai.dashboard.views import dashboard
    from zhenggai.reporting.models import ProgressReport
    from zhenggai.tasks.models import Task

    today = datetime.date(2019, 3, 1)
    tasks = Task.objects.visible_to(office)

    def raw(sql):
        def run():
            with connection.cursor() as c:
                c.execute(sql)
                return c.fetchall()

        return run

    t_task, t_tr, t_rep, t_res, t_f = (
        "tasks_task",
        "tasks_transition",
        "reporting_progressreport",
        "tasks_result",
        "inspections_finding",
    )
    cases = [
        (
            "status counts, overdue, due in 7 days",
            lambda: stats.status_summary(tasks, today),
            f"SELECT status, COUNT(*) FROM {t_task} GROUP BY status",
        ),
        (
            "overdue / due-soon lists (30 each)",
            lambda: stats.item_lists(tasks, today),
            f"SELECT id FROM {t_task} WHERE status <> 'completed' AND deadline < '2019-03-01' "
            "ORDER BY deadline LIMIT 30",
        ),
        (
            "by category and problem",
            lambda: stats.by_category(tasks, today),
            f"SELECT f.parent_id, t.status, COUNT(*) FROM {t_task} t JOIN {t_f} f "
            "ON f.id = t.finding_id GROUP BY f.parent_id, t.status",
        ),
        (
            "by lead unit",
            lambda: stats.by_lead_unit(tasks, today),
            f"SELECT lead_unit_id, status, COUNT(*) FROM {t_task} GROUP BY lead_unit_id, status",
        ),
        (
            "weekly burn-down (transitions)",
            lambda: stats.burndown(tasks, today),
            f"SELECT to_status, COUNT(*) FROM {t_tr} GROUP BY to_status",
        ),
        (
            "ranking of units",
            lambda: stats.ranking(tasks, today),
            f"SELECT unit_id, COUNT(*), SUM(CASE WHEN status = 'returned' THEN 1 ELSE 0 END) "
            f"FROM {t_rep} GROUP BY unit_id",
        ),
        (
            "figures by unit of measure",
            lambda: stats.figures(tasks),
            f"SELECT unit, SUM(value), COUNT(*) FROM {t_res} GROUP BY unit",
        ),
    ]
    say("")
    say(
        f"{connection.vendor}: {Task.objects.count():,} items, "
        f"{ProgressReport.objects.count():,} reports; timings best of {args.repeat}"
    )
    say(f"{'aggregate':40} {'dashboard':>10} {'raw SQL':>10}  ratio")
    for label, fn, floor in cases:
        t, _ = timed(label, fn, args.repeat)
        f, _ = timed(label, raw(floor), args.repeat)
        say(f"{label:40} {t * 1000:9.1f}ms {f * 1000:9.1f}ms  {t / f if f else 0:5.1f}x")

    floor_total = 0.0
    for _label, _fn, floor in cases:
        f, _ = timed(floor, raw(floor), args.repeat)
        floor_total += f

    rf = RequestFactory()

    def page():
        request = rf.get("/")
        request.user = office
        request.session = {}
        return dashboard(request)

    from unittest import mock

    from django.conf import settings
    from django.test.utils import CaptureQueriesContext

    from zhenggai import access

    settings.ALLOWED_HOSTS = ["*"]

    class Direct:
        """The page as it was before the rollups: every figure from the items."""

        def __getattr__(self, name):
            if name == "reads_whole_ledger":
                return lambda user: False
            return getattr(access, name)

    sql_ms = []

    def clocked(execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_ms.append((time.perf_counter() - t) * 1000)

    say("")
    say(f"{'dashboard page (view + template)':40} {'server':>10} {'its SQL':>10}  queries")
    for label, patch in (
        (
            "before: every figure from the items",
            mock.patch("zhenggai.dashboard.views.access", Direct()),
        ),
        ("after: from the rollups", mock.patch("zhenggai.dashboard.views.access", access)),
    ):
        with patch:
            page()  # the first request imports the URLconf and the templates
            best = None
            for _ in range(args.repeat):
                sql_ms.clear()
                with CaptureQueriesContext(connection) as q, connection.execute_wrapper(clocked):
                    t, response = timed("page", page, 1)
                if best is None or t < best[0]:
                    best = (t, sum(sql_ms), len(q.captured_queries), len(response.content))
        t, sql, n, size = best
        say(f"{label:40} {t * 1000:9.1f}ms {sql:9.1f}ms  {n} queries, {size:,} bytes")
    say(f"{'raw SQL floor (the aggregates above)':40} {floor_total * 1000:9.1f}ms")
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(page)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    reset_queries()


def search(args, office):
    from django.db import connection

    from zhenggai.search import index
    from zhenggai.search.models import SearchEntry
    from zhenggai.search.query import search as run_search
    from zhenggai.tasks.models import Task

    ids = list(Task.objects.order_by("pk").values_list("pk", flat=True)[: args.search_sample])
    t0 = time.perf_counter()
    SearchEntry.objects.all().delete()
    for i in range(0, len(ids), 500):
        index.index_tasks(ids[i : i + 500])
    n = SearchEntry.objects.count()
    say("")
    say(
        f"search index: {len(ids):,} items sampled (of {Task.objects.count():,}), "
        f"{n:,} entries, {time.perf_counter() - t0:.1f}s"
    )
    say(f"{'query':40} {'search()':>10} {'raw SQL':>10}  hits")
    for q in ("消防安全", "黑臭水体 整改", "基层党组织", "问责"):

        def go(q=q):
            entries, _w = run_search(office, q)
            return entries.count(), list(entries[:20])

        t, (hits, _) = timed(q, go, args.repeat)
        if connection.vendor == "sqlite":
            from zhenggai.search.segment import words

            match = " AND ".join(f'"{w}"' for w in words(q))
            floor_sql, params = "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s", [match]
        else:
            floor_sql, params = (
                "SELECT COUNT(*) FROM search_searchentry WHERE text LIKE %s",
                [f"%{q.split()[0]}%"],
            )

        def floor(sql=floor_sql, params=params):
            with connection.cursor() as c:
                c.execute(sql, params)
                return c.fetchone()

        f, _ = timed(q, floor, args.repeat)
        say(f"{q:40} {t * 1000:9.1f}ms {f * 1000:9.1f}ms  {hits:,}")


def main():
    args = parse()
    path = setup(args)
    from zhenggai.accounts.models import User

    t0 = time.perf_counter()
    if args.keep and (args.database_url or (path and path.exists())):
        office = User.objects.get(username="bench-office")
    else:
        say(
            f"filling {path or os.environ.get('DATABASE_URL', '').split('@')[-1]}: "
            f"{args.items:,} items, {args.reports:,} reports"
        )
        office = fill(args)
        say(
            f"filled in {time.perf_counter() - t0:.1f}s"
            + (f", file {path.stat().st_size / 1e6:,.0f} MB" if path else "")
        )
    try:
        measure(args, office)
        if args.search_sample:
            search(args, office)
    finally:
        if args.database_url and not args.no_drop:
            from django.db import connections

            connections.close_all()
            name = args.database_url.rsplit("/", 1)[1]
            _admin_sql(args.database_url, f'DROP DATABASE IF EXISTS "{name}"')
            say(f"dropped {name}")


if __name__ == "__main__":
    main()
