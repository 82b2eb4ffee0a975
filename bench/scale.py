"""The scale benchmark: a province's ledger, filled fast, then each page timed beside the
raw SQL of the same data.

Run:
  python bench/scale.py --items 100000 --reports 1000000 --organisations 200 \\
      --database-url postgres://postgres@127.0.0.1:5432/scale_bench --json var/scale.json

The database is made afresh: on PostgreSQL it is dropped and created again, so its name
must contain "bench"; a sqlite:///PATH file is deleted first. The rows go in by COPY on
PostgreSQL (executemany on SQLite) with ids given here, the search index by
`zhenggai.search.bulk` (jieba in one process per core). Then every page is requested
through Django's test client (server time: middleware, view, queries, template; no
network) — the median of --repeat runs after one warm-up — and beside it `floor_ms`, the
hand-written SQL that reads the same rows. Search: p95 over 20 queries, the commonest
words included.

Writes --json: a list of {"name", "ms", "floor_ms", "queries"} (and "note" where there is
something to say), and prints a table.

`--organisations K`: K organisations as a province → cities → districts tree, each
district with its campaign, its units and their liaisons, and its office; the measuring
office sits at the province (it reads every campaign, and `oversight` is its
/oversight/). After the fill the rollups are rebuilt (`zhenggai rollups --rebuild`).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fill import RARE, fresh_database, migrate  # noqa: E402  (bench/fill.py)
from fill import fill as fill_ledger  # noqa: E402

UNITS = 60
COMMON = ["整改", "扶贫", "台账", "本周", "工作", "推进", "问题", "消防安全", "专项整治", "问责"]
COMMON += ["长效机制", "黑臭水体", "形式主义", "基层党组织"]


def say(msg=""):
    print(msg, flush=True)


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--items", type=int, default=100_000)
    p.add_argument("--reports", type=int, default=1_000_000)
    p.add_argument("--organisations", type=int, default=200)
    p.add_argument("--database-url", required=True)
    p.add_argument("--json", required=True, help="where to write the measurements")
    p.add_argument("--repeat", type=int, default=5, help="timed runs per page (median)")
    p.add_argument("--processes", type=int, default=None, help="search index processes")
    p.add_argument(
        "--reuse", action="store_true", help="measure a database this script filled before"
    )
    return p.parse_args()


# -- the database --------------------------------------------------------------------------


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def fill(args):
    from zhenggai.api.models import ApiToken

    migrate(say)
    ledger = fill_ledger(
        args.items, args.reports, organisations=args.organisations, units=UNITS, say=say
    )
    _token, key = ApiToken.issue(ledger.office, "bench")
    _ltoken, lkey = ApiToken.issue(ledger.liaisons[0], "bench")
    return (
        ledger.office,
        ledger.liaisons[0],
        ledger.units[0],
        key,
        lkey,
        ledger.campaigns,
        ledger.province,
    )


def build_index(args) -> dict:
    from django.db import connection

    from zhenggai.search import bulk

    def progress(n, seconds):
        if n % 200_000 < bulk.CHUNK:
            say(f"  index {n:>9,}  {seconds:6.1f}s")

    built = bulk.build(args.processes, progress=progress)
    connection.ensure_connection()
    say(f"search index: {built.entries:,} entries in {built.seconds:.1f}s, {built.rate:,.0f}/s")
    return {
        "name": "search_index_build",
        "ms": round(built.seconds * 1000, 1),
        "floor_ms": None,
        "queries": None,
        "note": f"{built.entries} entries, {built.rate:.0f} entries/s, "
        f"{args.processes or bulk.cores()} processes",
    }


# -- measuring -----------------------------------------------------------------------------


def raw(sqls):
    """The time of running these statements (sql, params), once."""
    from django.db import connection

    t = time.perf_counter()
    with connection.cursor() as c:
        for sql, params in sqls:
            c.execute(sql, params)
            c.fetchall()
    return (time.perf_counter() - t) * 1000


def timed_request(client, url, repeat, **extra):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url, **extra)  # warm-up
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code}")
    times, queries = [], None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as q:
            t = time.perf_counter()
            client.get(url, **extra)
            times.append((time.perf_counter() - t) * 1000)
        queries = len(q.captured_queries)
    return statistics.median(times), queries


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def measure(args, office, liaison, unit, key, lkey, campaigns):
    from django.test import Client
    from django.urls import Resolver404, resolve

    from zhenggai.tasks.models import Task

    office_client, liaison_client = Client(), Client()
    office_client.force_login(office)
    liaison_client.force_login(liaison)
    campaign = campaigns[0]
    task = Task.objects.filter(finding__campaign=campaign).order_by("pk").first()
    out = []

    def page(name, client, url, floor, note=None, **extra):
        ms, queries = timed_request(client, url, args.repeat, **extra)
        floor_ms = statistics.median(raw(floor) for _ in range(args.repeat)) if floor else None
        entry = {"name": name, "ms": round(ms, 1), "floor_ms": floor_ms and round(floor_ms, 1)}
        entry["queries"] = queries
        if note:
            entry["note"] = note
        out.append(entry)
        say(f"  {name:22} {ms:9.1f} ms  floor {floor_ms or 0:8.1f} ms  {queries} queries")

    c = campaign.pk
    in_campaign = "FROM tasks_task t JOIN inspections_finding f ON f.id = t.finding_id "
    in_campaign += "WHERE f.campaign_id = %s"
    aggregates = [
        (f"SELECT t.status, COUNT(*) {in_campaign} GROUP BY t.status", [c]),
        (f"SELECT f.parent_id, t.status, COUNT(*) {in_campaign} GROUP BY 1, 2", [c]),
        (f"SELECT t.lead_unit_id, t.status, COUNT(*) {in_campaign} GROUP BY 1, 2", [c]),
        (
            "SELECT r.to_status, COUNT(*) FROM tasks_transition r WHERE r.task_id IN "
            f"(SELECT t.id {in_campaign}) GROUP BY 1",
            [c],
        ),
        (
            "SELECT r.unit_id, COUNT(*) FROM reporting_progressreport r WHERE r.task_id IN "
            f"(SELECT t.id {in_campaign}) GROUP BY 1",
            [c],
        ),
    ]
    page("dashboard", office_client, f"/?campaign={c}", aggregates)
    oversight_floor = [
        (
            "SELECT f.campaign_id, t.status, COUNT(*) FROM tasks_task t "
            "JOIN inspections_finding f ON f.id = t.finding_id GROUP BY 1, 2",
            [],
        )
    ]
    try:
        resolve("/oversight/")
        page("oversight", office_client, "/oversight/", oversight_floor)
    except Resolver404:
        out.append(
            {
                "name": "oversight",
                "ms": None,
                "floor_ms": round(statistics.median(raw(oversight_floor) for _ in range(3)), 1),
                "queries": None,
                "note": "/oversight/ does not resolve on this branch",
            }
        )
        say("  oversight              (no /oversight/ on this branch)")
    first_page = (
        "SELECT t.*, f.* FROM tasks_task t JOIN inspections_finding f ON f.id = t.finding_id "
        "WHERE f.campaign_id = %s{} ORDER BY f.position LIMIT 50"
    )
    tree = ("SELECT * FROM inspections_finding WHERE campaign_id = %s AND depth < 2", [c])
    page(
        "ledger",
        office_client,
        f"/ledger/?campaign={c}",
        [(first_page.format(""), [c]), aggregates[0], tree],
    )
    status = "in_progress"
    page(
        "ledger_filtered",
        office_client,
        f"/ledger/?campaign={c}&status={status}&lead_unit={unit.pk}",
        [
            (first_page.format(" AND t.status = %s AND t.lead_unit_id = %s"), [c, status, unit.pk]),
            aggregates[0],
            tree,
        ],
    )
    page(
        "ledger_liaison",
        liaison_client,
        f"/ledger/?campaign={c}",
        [(first_page.format(" AND t.lead_unit_id = %s"), [c, unit.pk]), tree],
    )
    page(
        "item",
        office_client,
        f"/ledger/{task.pk}/",
        [
            (
                "SELECT t.*, f.* FROM tasks_task t JOIN inspections_finding f "
                "ON f.id = t.finding_id WHERE t.id = %s",
                [task.pk],
            ),
            (
                "SELECT * FROM reporting_progressreport WHERE task_id = %s "
                "ORDER BY period_start DESC",
                [task.pk],
            ),
            ("SELECT * FROM tasks_transition WHERE task_id = %s ORDER BY at", [task.pk]),
        ],
    )
    api_floor = [
        (
            "SELECT t.*, f.* FROM tasks_task t JOIN inspections_finding f "
            "ON f.id = t.finding_id ORDER BY f.campaign_id, f.position LIMIT 50",
            [],
        ),
        ("SELECT COUNT(*) FROM tasks_task", []),
    ]
    page("api_items", office_client, "/api/v1/items", api_floor, HTTP_AUTHORIZATION=f"Bearer {key}")

    # Search: 20 queries, the commonest words first; p95 per role.
    queries = COMMON + RARE
    assert len(queries) == 20
    floor_sql = (
        "SELECT id, ts_rank(vector, q) AS r FROM (SELECT id, vector FROM search_searchentry, "
        "plainto_tsquery('simple', %s) q WHERE vector @@ q LIMIT 1000) s, "
        "plainto_tsquery('simple', %s) q ORDER BY r DESC LIMIT 20"
    )
    from django.db import connection

    from zhenggai.search.segment import essential, words

    for role, client in (("office", office_client), ("liaison", liaison_client)):
        client.get("/search/", {"q": "整改"})
        timing, floors, counts = {}, {}, {}
        for q in queries:
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as cq:
                t = time.perf_counter()
                response = client.get("/search/", {"q": q})
                timing[q] = (time.perf_counter() - t) * 1000
            counts[q] = len(cq.captured_queries)
            assert response.status_code == 200
            if connection.vendor == "postgresql":
                w = " ".join(essential(words(q)))
                floors[q] = raw([(floor_sql, [w, w])])
        suffix = "" if role == "office" else "_liaison"
        for name, subset in (("search_common", COMMON), ("search_rare", RARE)):
            ms = p95([timing[q] for q in subset])
            fl = p95([floors[q] for q in subset]) if floors else None
            entry = {
                "name": name + suffix,
                "ms": round(ms, 1),
                "floor_ms": fl and round(fl, 1),
                "queries": max(counts[q] for q in subset),
                "note": f"p95 over {len(subset)} queries as {role}",
            }
            out.append(entry)
            say(f"  {entry['name']:22} {ms:9.1f} ms  floor {fl or 0:8.1f} ms  p95")
        all20 = p95(list(timing.values()))
        out.append(
            {
                "name": f"search_p95{suffix or '_office'}",
                "ms": round(all20, 1),
                "floor_ms": round(p95(list(floors.values())), 1) if floors else None,
                "queries": max(counts.values()),
                "note": f"p95 over the 20 queries as {role}; slowest: "
                + ", ".join(f"{q} {timing[q]:.0f}ms" for q in sorted(timing, key=timing.get)[-3:]),
            }
        )
        say(f"  search_p95 ({role}): {all20:.1f} ms")
    return out


def reused():
    from zhenggai.accounts.models import Role, User
    from zhenggai.api.models import ApiToken
    from zhenggai.inspections.models import Campaign

    office = User.objects.get(username="bench-office")
    liaison = User.objects.filter(role=Role.LIAISON).order_by("pk").first()
    _t, key = ApiToken.issue(office, "bench")
    _t, lkey = ApiToken.issue(liaison, "bench")
    return office, liaison, liaison.unit, key, lkey, list(Campaign.objects.order_by("pk"))


def table(rows):
    say()
    say(f"{'name':24} {'ms':>10} {'floor_ms':>10} {'queries':>8}  note")
    for r in rows:
        ms = "—" if r["ms"] is None else f"{r['ms']:.1f}"
        fl = "—" if r.get("floor_ms") is None else f"{r['floor_ms']:.1f}"
        qs = "—" if r.get("queries") is None else str(r["queries"])
        say(f"{r['name']:24} {ms:>10} {fl:>10} {qs:>8}  {r.get('note', '')}")


def main():
    args = parse()
    if args.reuse:
        setup(args.database_url)
        rows = measure(args, *reused())
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=2))
        table(rows)
        return
    fresh_database(args.database_url)
    setup(args.database_url)
    from django.db import connection

    started = time.perf_counter()
    say(
        f"filling {connection.vendor}: {args.items:,} items, {args.reports:,} reports, "
        f"{args.organisations} organisations"
    )
    office, liaison, unit, key, lkey, campaigns, _root = fill(args)
    fill_s = time.perf_counter() - started
    say(f"filled in {fill_s:.1f}s")
    rows = [build_index(args)]
    say(f"measuring (median of {args.repeat} runs):")
    rows += measure(args, office, liaison, unit, key, lkey, campaigns)
    rows.insert(0, {"name": "fill", "ms": round(fill_s * 1000), "floor_ms": None, "queries": None})
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=2))
    table(rows)
    say(f"\nwritten: {args.json}")


if __name__ == "__main__":
    main()
