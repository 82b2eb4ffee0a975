"""The dashboard's aggregates (and the search) on a big ledger.

Run: .venv/bin/python bench/bench_dashboard.py [--items 100000] [--reports 1000000]
                                              [--search-sample 2000] [--keep]
     .venv/bin/python bench/bench_dashboard.py --database-url \
         postgres://postgres@127.0.0.1:5432/rollups_bench --search-sample 0
     (creates the database, fills it by COPY, drops it at the end unless --keep)

Fills a fresh SQLite file under var/ (or the PostgreSQL database DATABASE_URL points at,
with --postgres: it is emptied first, so its name must contain "bench") with `--items`
items, their transitions, one Result each and `--reports` weekly progress reports
(bench/fill.py: COPY on PostgreSQL, executemany on SQLite); then times each of the
dashboard's aggregates as the page runs them, each beside a hand-written GROUP BY over
the same table (the floor: one scan, no scoping).
The search index is built for a sample of items (indexing segments every report's text
with jieba, far too slow for a million reports in a benchmark), then searched.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fill import admin_sql, empty, fresh_database, migrate  # noqa: E402  (bench/fill.py)
from fill import fill as fill_ledger  # noqa: E402


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


def setup(args) -> Path | None:
    path = None
    if args.database_url:
        name = args.database_url.rsplit("/", 1)[1]
        if "bench" not in name:
            sys.exit(f"refusing to use database {name!r}: its name must contain 'bench'")
        if not args.keep:
            fresh_database(args.database_url)
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


def fill(args):
    from django.db import connection

    migrate(say)
    if connection.vendor == "postgresql":
        empty()  # only a database whose name says it is for benchmarks
    ledger = fill_ledger(args.items, args.reports, units=args.units, say=say)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            # Index-only scans need the visibility map.
            c.execute("VACUUM ANALYZE")
    return ledger.office


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
            admin_sql(args.database_url, f'DROP DATABASE IF EXISTS "{name}"')
            say(f"dropped {name}")


if __name__ == "__main__":
    main()
