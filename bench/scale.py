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
import datetime
import json
import math
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

UNITS = 60
FILLED_AT = datetime.datetime(2018, 8, 1, 9, tzinfo=datetime.UTC)
BATCH = 50_000
COMMON = ["整改", "扶贫", "台账", "本周", "工作", "推进", "问题", "消防安全", "专项整治", "问责"]
COMMON += ["长效机制", "黑臭水体", "形式主义", "基层党组织"]
RARE = ["电诈窝点", "五类车", "三会一课", "油烟扰民", "占道经营", "城中村"]
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


def fresh_database(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        path = Path(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if path.exists():
            path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to drop database {name!r}: its name must contain 'bench'")
    import psycopg

    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


class Table:
    """Rows of one model, in given columns; every other column takes its default."""

    def __init__(self, model, columns: list[str]):
        from django.db import connection

        self.model, self.columns = model, columns
        self.consts = {}
        for f in model._meta.concrete_fields:
            if f.attname in columns:
                continue
            value = f.get_default()
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = FILLED_AT
            self.consts[f.column] = f.get_db_prep_save(value, connection)
        self.names = [model._meta.get_field(c).column for c in columns] + list(self.consts)
        self.tail = tuple(self.consts.values())
        self.count = 0

    def write(self, rows) -> None:
        from django.db import connection, transaction

        rows = [tuple(r) + self.tail for r in rows]
        if not rows:
            return
        table = self.model._meta.db_table
        cols = ", ".join(f'"{c}"' for c in self.names)
        with transaction.atomic(), connection.cursor() as c:
            if connection.vendor == "postgresql":
                with c.cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.names))
                c.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', rows)
        self.count += len(rows)


def reset_sequences(models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as c:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            c.execute(sql)


def organisations(k: int):
    """K organisations as a province → cities → districts tree, inserted in bulk with
    their paths. Returns (the province, the organisations that own a campaign: the
    districts, or the province alone when K is 1)."""
    from django.db.models import Max

    from zhenggai.organisations.models import Organisation, segment

    k = max(1, k)
    n_cities = 0 if k < 3 else max(1, round(math.sqrt(k - 1) / 1.5))
    n_districts = k - 1 - n_cities
    pk = Organisation.objects.aggregate(m=Max("pk"))["m"] or 0
    made = []

    def make(name, kind, parent):
        nonlocal pk
        pk += 1
        org = Organisation(
            id=pk,
            name=name,
            kind=kind,
            parent=parent,
            path=(parent.path if parent else "") + segment(pk),
        )
        made.append(org)
        return org

    Kind = Organisation.Kind
    province = make("基准省", Kind.PROVINCE, None)
    cities = [make(f"基准市{i:02d}", Kind.CITY, province) for i in range(n_cities)]
    parents = cities or [province]
    districts = [
        make(f"基准组织{i:03d}", Kind.DISTRICT, parents[i % len(parents)])
        for i in range(n_districts)
    ]
    Organisation.objects.bulk_create(made)
    reset_sequences([Organisation])
    return province, districts or [province]


def fill(args):
    from django.core.management import call_command
    from django.db import connection

    from zhenggai.accounts.models import Role, User
    from zhenggai.api.models import ApiToken
    from zhenggai.inspections.models import Campaign, Finding, Inspection
    from zhenggai.reporting.models import ProgressReport
    from zhenggai.tasks.models import Result, Status, Task, Transition
    from zhenggai.units.models import Unit

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    say(f"migrate: {time.perf_counter() - t0:.1f}s")
    rnd = random.Random(2018)
    tz = datetime.UTC
    feedback = datetime.date(2018, 7, 24)

    def moment(day, hour=10):
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)

    t0 = time.perf_counter()
    province, owners = organisations(args.organisations)
    # Every row made in bulk names its organisation (bulk_create skips the save() that
    # gives the default one): a unit or an account with none is in no subtree.
    per_owner = max(3, math.ceil(UNITS / len(owners)))
    units = Unit.objects.bulk_create(
        [
            Unit(name=f"基准单位{o.pk}-{i}", position=i, organisation=o)
            for o in owners
            for i in range(per_owner)
        ]
    )
    units_of = {o.pk: [u for u in units if u.organisation_id == o.pk] for o in owners}
    # The province's office reads every campaign below it (read-only) and sees
    # /oversight/; each district's office keeps its own ledger.
    office = User.objects.create_user(
        "bench-office", password="x", role=Role.OFFICE, organisation=province
    )
    User.objects.bulk_create(
        [
            User(username=f"bench-o{o.pk}", role=Role.OFFICE, organisation=o, password="!")
            for o in owners
        ]
    )
    liaisons = User.objects.bulk_create(
        [
            User(
                username=f"bench-l{u.pk}",
                role=Role.LIAISON,
                unit=u,
                organisation_id=u.organisation_id,
                password="!",
            )
            for u in units
        ]
    )
    k = len(owners)
    campaigns = Campaign.objects.bulk_create(
        [Campaign(name=f"{o.name}巡视整改", organisation=o.name, owner=o) for o in owners]
    )
    Inspection.objects.bulk_create(
        [
            Inspection(campaign=c, inspector="省委第一巡视组", feedback_date=feedback)
            for c in campaigns
        ]
    )
    org_note = (
        f"{args.organisations} organisations: 1 province, "
        f"{len({o.parent_id for o in owners} - {None})} cities, {k} with a campaign"
    )
    _token, key = ApiToken.issue(office, "bench")
    _ltoken, lkey = ApiToken.issue(liaisons[0], "bench")

    # Findings: per campaign 6 categories, a problem per 5 items, the items.
    findings = Table(
        Finding, ["id", "campaign_id", "parent_id", "depth", "position", "label", "title", "text"]
    )
    tasks = Table(
        Task,
        ["id", "finding_id", "lead_unit_id", "status", "measure", "deadline", "timeframe"],
    )
    shared = Table(Task.units.through, ["id", "task_id", "unit_id"])
    fid = tid = sid = 0
    per = [args.items // k + (1 if i < args.items % k else 0) for i in range(k)]
    outcomes = [Status.COMPLETED] * 2 + [Status.STAGED] * 5 + [Status.LONG_TERM] * 3
    outcomes += [Status.IN_PROGRESS] * 2
    items = []  # (task id, lead unit id, status, claimed day)
    frows, trows, srows = [], [], []
    for campaign, n in zip(campaigns, per, strict=True):
        own = units_of[campaign.owner_id]
        position = 0
        cats = []
        for i in range(6):
            fid += 1
            cats.append(fid)
            frows.append((fid, campaign.pk, None, 0, position, f"({i + 1})", f"类别{i + 1}", ""))
            position += 1
        probs = []
        for i in range(max(1, n // 5)):
            fid += 1
            probs.append(fid)
            title = f"针对{rnd.choice(WORDS)}的问题{i + 1}"
            frows.append((fid, campaign.pk, cats[i % 6], 1, position, f"{i + 1}.", title, ""))
            position += 1
        for i in range(n):
            fid += 1
            tid += 1
            rare = f",涉及{rnd.choice(RARE)}" if rnd.random() < 0.002 else ""
            title = f"针对{rnd.choice(WORDS)}{rnd.choice(WORDS)}的具体问题{tid}{rare}"
            frows.append(
                (fid, campaign.pk, probs[i % len(probs)], 2, position, f"({i + 1})", title, "")
            )
            position += 1
            status = rnd.choice(outcomes)
            unit = rnd.choice(own).pk
            deadline = feedback + datetime.timedelta(days=rnd.randint(20, 400))
            measure = f"{rnd.choice(WORDS)},{rnd.choice(WORDS)},建立长效机制"
            timeframe = "long_term" if status == Status.LONG_TERM else "deadline"
            trows.append((tid, fid, unit, status, measure, deadline, timeframe))
            if rnd.random() < 0.2:
                sid += 1
                srows.append((sid, tid, rnd.choice(own).pk))
            items.append(
                (tid, unit, status, feedback + datetime.timedelta(days=rnd.randint(3, 20)))
            )
        if len(frows) >= BATCH:
            findings.write(frows)
            tasks.write(trows)
            frows, trows = [], []
    findings.write(frows)
    tasks.write(trows)
    shared.write(srows)
    say(
        f"{k} campaigns, {findings.count:,} findings, {tasks.count:,} items, "
        f"{shared.count:,} shared: {time.perf_counter() - t0:.1f}s ({org_note})"
    )

    t0 = time.perf_counter()
    transitions = Table(
        Transition, ["id", "task_id", "action", "from_status", "to_status", "at", "reason"]
    )
    results = Table(Result, ["id", "task_id", "value", "unit", "what", "approx", "source_text"])
    rows, rrows, xid = [], [], 0
    measures = [("宗", 500), ("人", 20), ("万元", 300), ("户", 2000), ("家", 50)]
    for pk, _unit, status, claimed in items:
        steps = [
            ("assign", "draft", "assigned", feedback + datetime.timedelta(days=2)),
            ("claim", "assigned", "claimed", claimed),
            ("start", "claimed", "in_progress", claimed + datetime.timedelta(days=4)),
        ]
        if status != Status.IN_PROGRESS:
            done = claimed + datetime.timedelta(days=rnd.randint(10, 220))
            steps.append(("approve", "in_progress", status, done))
        for action, a, b, day in steps:
            xid += 1
            rows.append((xid, pk, action, a, b, moment(day), ""))
        what, hi = rnd.choice(measures)
        rrows.append((pk, pk, Decimal(rnd.randint(1, hi)), what, "", False, ""))
        if len(rows) >= BATCH:
            transitions.write(rows)
            rows = []
    transitions.write(rows)
    results.write(rrows)
    say(
        f"{transitions.count:,} transitions, {results.count:,} results: {time.perf_counter() - t0:.1f}s"
    )

    t0 = time.perf_counter()
    reports = Table(
        ProgressReport,
        [
            "id",
            "task_id",
            "unit_id",
            "author_id",
            "period",
            "period_start",
            "status",
            "created_at",
            "updated_at",
            "text",
        ],
    )
    liaison_of = {u.pk: liaisons[i].pk for i, u in enumerate(units)}
    per_item = args.reports // max(1, args.items)
    extra = args.reports - per_item * args.items
    rows, rid = [], 0
    for idx, (pk, unit, _status, claimed) in enumerate(items):
        week0 = claimed - datetime.timedelta(days=claimed.weekday())
        for w in range(per_item + (1 if idx < extra else 0)):
            rid += 1
            week = week0 + datetime.timedelta(days=7 * w)
            at = moment(week + datetime.timedelta(days=rnd.choice((1, 3, 4, 4, 5, 6))), 16)
            text = (
                f"本周{rnd.choice(WORDS)},{rnd.choice(WORDS)}工作持续推进,"
                f"完成{rnd.randint(1, 999)}项。"
            )
            if rnd.random() < 0.001:
                text += f"查处{rnd.choice(RARE)}{rnd.randint(1, 30)}处。"
            status = "returned" if rnd.random() < 0.03 else "accepted"
            rows.append((rid, pk, unit, liaison_of[unit], "week", week, status, at, at, text))
        if len(rows) >= BATCH:
            reports.write(rows)
            rows = []
            if reports.count % 200_000 < BATCH:
                say(f"  reports {reports.count:>9,}  {time.perf_counter() - t0:6.1f}s")
    reports.write(rows)
    say(f"{reports.count:,} reports: {time.perf_counter() - t0:.1f}s")
    reset_sequences([Finding, Task, Task.units.through, Transition, Result, ProgressReport])
    # The rows went in past the model methods that keep the dashboard's counts: the
    # path of `zhenggai rollups --rebuild`.
    t0 = time.perf_counter()
    call_command("rollups", "--rebuild", verbosity=0)
    say(f"rollups rebuilt: {time.perf_counter() - t0:.1f}s")
    with connection.cursor() as c:
        c.execute("ANALYZE")
    return office, liaisons[0], units[0], key, lkey, campaigns, province


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
        f"{args.processes or os.cpu_count()} processes",
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
