"""A synthetic ledger, filled fast: the one fill every benchmark uses.

    from fill import fill, fresh_database, migrate, empty
    ledger = fill(items=10_000, reports=50_000, organisations=None, units=60)

`organisations=None`: one campaign in the default organisation (bench_dashboard, load,
two_servers); `organisations=K`: K organisations as a province → cities → districts tree,
each district with its campaign, its units and their liaisons, and its office (scale).

Per campaign: 6 categories, a problem per 5 items, the items (finding + task, a fifth
with a second unit); per item the transitions that lead from draft to its status, one
Result, and its share of `reports` weekly progress reports on consecutive weeks from its
claim. The rows go in with ids given here, by COPY on PostgreSQL and executemany on
SQLite (`Table`), past the model methods; so the rollups are rebuilt at the end
(`zhenggai rollups --rebuild`'s path). The accounts and organisations, a few hundred
rows, go through bulk_create.
"""

from __future__ import annotations

import datetime
import math
import random
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

FILLED_AT = datetime.datetime(2018, 8, 1, 9, tzinfo=datetime.UTC)
FEEDBACK = datetime.date(2018, 7, 24)
BATCH = 50_000
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
RARE = ["电诈窝点", "五类车", "三会一课", "油烟扰民", "占道经营", "城中村"]
MEASURES = [("宗", 500), ("人", 20), ("万元", 300), ("户", 2000), ("家", 50)]
# What the items end in: the default mix (a fifth still in progress or done).
OUTCOMES = ["completed"] * 2 + ["staged"] * 5 + ["long_term"] * 3 + ["in_progress"] * 2
# The moves from draft, in order; an item past in_progress takes one more, its last.
PATH = [
    ("assign", "draft", "assigned"),
    ("claim", "assigned", "claimed"),
    ("start", "claimed", "in_progress"),
]
REACHED = {"draft": 0, "assigned": 1, "claimed": 2, "in_progress": 3}  # moves made
LAST = {"staged": "report_staged", "long_term": "mark_long_term"}


def _say(msg=""):
    print(msg, flush=True)


# -- the database --------------------------------------------------------------------------


def fresh_database(url: str) -> None:
    """Drop and create the PostgreSQL database of `url` (its name must contain "bench"),
    or delete the sqlite:///PATH file."""
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
    admin_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin_sql(url, f'CREATE DATABASE "{name}"')


def admin_sql(url: str, sql: str) -> None:
    """CREATE/DROP DATABASE, run from the server's maintenance database."""
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(sql)


def migrate(say=_say) -> None:
    from django.core.management import call_command

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    say(f"migrate: {time.perf_counter() - t0:.1f}s")


def empty() -> None:
    """Delete every row (the database's name must contain "bench")."""
    from django.core.management import call_command
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "postgresql" and "bench" not in name:
        sys.exit(f"refusing to empty database {name!r}: its name must contain 'bench'")
    call_command("flush", interactive=False, verbosity=0)


class Table:
    """Rows of one model in given columns, every other column at its default; written
    by COPY on PostgreSQL, by executemany on SQLite, `BATCH` rows at a time."""

    def __init__(self, model, columns: list[str]):
        from django.db import connection

        self.model, self.columns = model, columns
        consts = {}
        for f in model._meta.concrete_fields:
            if f.attname in columns:
                continue
            value = f.get_default()
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = FILLED_AT
            consts[f.column] = f.get_db_prep_save(value, connection)
        fields = [model._meta.get_field(c) for c in columns]
        self.names = [f.column for f in fields] + list(consts)
        self.tail = tuple(consts.values())
        self.adapt = None
        if connection.vendor != "postgresql":
            # sqlite3 has no adapter of its own for aware datetimes and decimals.
            ops = connection.ops
            by_type = {
                "DateTimeField": ops.adapt_datetimefield_value,
                "DateField": ops.adapt_datefield_value,
                "DecimalField": lambda v: ops.adapt_decimalfield_value(v, 20, 4),
            }
            adapters = [by_type.get(f.get_internal_type()) for f in fields]
            if any(adapters):
                self.adapt = [(i, a) for i, a in enumerate(adapters) if a]
        self.rows: list[tuple] = []
        self.count = 0

    def add(self, row) -> None:
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        from django.db import connection, transaction

        rows, self.rows = self.rows, []
        if not rows:
            return
        if self.adapt:
            adapted = []
            for row in rows:
                row = list(row)
                for i, adapt in self.adapt:
                    row[i] = adapt(row[i])
                adapted.append(row)
            rows = adapted
        tail = self.tail
        table = self.model._meta.db_table
        cols = ", ".join(f'"{c}"' for c in self.names)
        with transaction.atomic(), connection.cursor() as c:
            if connection.vendor == "postgresql":
                with c.cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row((*row, *tail))
            else:
                marks = ", ".join(["%s"] * len(self.names))
                c.executemany(
                    f'INSERT INTO "{table}" ({cols}) VALUES ({marks})',
                    [(*row, *tail) for row in rows],
                )
        self.count += len(rows)


def reset_sequences(models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as c:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            c.execute(sql)


# -- the ledger ----------------------------------------------------------------------------


@dataclass
class Ledger:
    office: object  # "bench-office", reading every campaign
    province: object  # the organisation at the top
    units: list
    liaisons: list  # one per unit, in the same order
    campaigns: list
    items: int
    reports: int


def organisation_tree(k: int):
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


def _people(owners, province, units: int, office_password: str):
    """Units per owner, a liaison each, the offices; returns (office, units, liaisons)."""
    from zhenggai.accounts.models import Role, User
    from zhenggai.units.models import Unit

    # Every row made in bulk names its organisation (bulk_create skips the save() that
    # gives the default one): a unit or an account with none is in no subtree.
    per_owner = units if len(owners) == 1 else max(3, math.ceil(units / len(owners)))
    made = Unit.objects.bulk_create(
        [
            Unit(name=f"基准单位{o.pk}-{i:03d}", position=i, organisation=o)
            for o in owners
            for i in range(per_owner)
        ]
    )
    office = User.objects.create_user(
        "bench-office", password=office_password, role=Role.OFFICE, organisation=province
    )
    # Each district's office keeps its own ledger; the province's reads them all.
    User.objects.bulk_create(
        [
            User(username=f"bench-o{o.pk}", role=Role.OFFICE, organisation=o, password="!")
            for o in owners
            if o.pk != province.pk
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
            for u in made
        ]
    )
    for unit, liaison in zip(made, liaisons, strict=True):
        unit.liaison = liaison
    Unit.objects.bulk_update(made, ["liaison"])
    return office, made, liaisons


def fill(
    items: int,
    reports: int,
    *,
    organisations: int | None = None,
    units: int = 60,
    outcomes=OUTCOMES,
    shared: float = 0.2,
    office_password: str = "x",
    seed: int = 2018,
    say=_say,
) -> Ledger:
    """Fill the (migrated, empty) database with a synthetic ledger; see the module."""
    from django.core.management import call_command
    from django.db import connection

    from zhenggai.inspections.models import Campaign, Finding, Inspection
    from zhenggai.organisations.models import default_organisation
    from zhenggai.reporting.models import ProgressReport
    from zhenggai.tasks.models import Result, Task, Transition

    if connection.vendor == "sqlite":
        with connection.cursor() as c:
            c.execute("PRAGMA journal_mode=OFF")
            c.execute("PRAGMA synchronous=OFF")
            c.execute("PRAGMA cache_size=-400000")
    rnd = random.Random(seed)
    feedback = FEEDBACK
    day = datetime.timedelta(days=1)

    def moment(d, hour=10):
        return datetime.datetime.combine(d, datetime.time(hour), tzinfo=datetime.UTC)

    t0 = time.perf_counter()
    if organisations is None:
        province = default_organisation()
        owners = [province]
        names = [("基准测试整改工作", "基准区")]
    else:
        province, owners = organisation_tree(organisations)
        names = [(f"{o.name}巡视整改", o.name) for o in owners]
    office, unit_rows, liaisons = _people(owners, province, units, office_password)
    units_of = {o.pk: [u.pk for u in unit_rows if u.organisation_id == o.pk] for o in owners}
    campaigns = Campaign.objects.bulk_create(
        [
            Campaign(name=name, organisation=org, owner=o)
            for o, (name, org) in zip(owners, names, strict=True)
        ]
    )
    Inspection.objects.bulk_create(
        [
            Inspection(campaign=c, inspector="省委第一巡视组", feedback_date=feedback)
            for c in campaigns
        ]
    )

    findings = Table(
        Finding, ["id", "campaign_id", "parent_id", "depth", "position", "label", "title", "text"]
    )
    tasks = Table(
        Task, ["id", "finding_id", "lead_unit_id", "status", "measure", "deadline", "timeframe"]
    )
    co_units = Table(Task.units.through, ["id", "task_id", "unit_id"])
    k = len(campaigns)
    per = [items // k + (1 if i < items % k else 0) for i in range(k)]
    made = []  # (task id, lead unit id, status, claimed day)
    fid = tid = sid = 0
    for campaign, n in zip(campaigns, per, strict=True):
        own = units_of[campaign.owner_id]
        cats = []
        for i in range(6):
            fid += 1
            cats.append(fid)
            findings.add((fid, campaign.pk, None, 0, i, f"({i + 1})", f"类别{i + 1}", ""))
        position = 6
        probs = []
        for i in range(max(1, n // 5)):
            fid += 1
            probs.append(fid)
            title = f"针对{rnd.choice(WORDS)}的问题{i + 1}"
            findings.add((fid, campaign.pk, cats[i % 6], 1, position, f"{i + 1}.", title, ""))
            position += 1
        for i in range(n):
            fid += 1
            tid += 1
            rare = f",涉及{rnd.choice(RARE)}" if rnd.random() < 0.002 else ""
            title = f"针对{rnd.choice(WORDS)}{rnd.choice(WORDS)}的具体问题{tid}{rare}"
            parent = probs[i % len(probs)]
            findings.add((fid, campaign.pk, parent, 2, position, f"({i + 1})", title, ""))
            position += 1
            status = rnd.choice(outcomes)
            unit = rnd.choice(own)
            deadline = feedback + rnd.randint(20, 400) * day
            measure = f"{rnd.choice(WORDS)},{rnd.choice(WORDS)},建立长效机制"
            timeframe = "long_term" if status == "long_term" else "deadline"
            tasks.add((tid, fid, unit, status, measure, deadline, timeframe))
            if rnd.random() < shared:
                sid += 1
                co_units.add((sid, tid, rnd.choice(own)))
            made.append((tid, unit, status, feedback + rnd.randint(3, 20) * day))
    findings.flush()
    tasks.flush()
    co_units.flush()
    org_note = (
        f"{organisations} organisations: 1 province, "
        f"{len({o.parent_id for o in owners} - {None})} cities, {k} with a campaign"
        if organisations is not None
        else "the default organisation"
    )
    say(
        f"{k} campaigns, {findings.count:,} findings, {tasks.count:,} items, "
        f"{co_units.count:,} shared: {time.perf_counter() - t0:.1f}s ({org_note})"
    )

    t0 = time.perf_counter()
    transitions = Table(
        Transition, ["id", "task_id", "action", "from_status", "to_status", "at", "reason"]
    )
    results = Table(Result, ["id", "task_id", "value", "unit", "what", "approx", "source_text"])
    xid = 0
    for pk, _unit, status, claimed in made:
        days = [feedback + 2 * day, claimed, claimed + 4 * day]
        for (action, a, b), d in zip(PATH[: REACHED.get(status, 3)], days, strict=False):
            xid += 1
            transitions.add((xid, pk, action, a, b, moment(d), ""))
        if status not in REACHED:
            xid += 1
            done = claimed + rnd.randint(10, 220) * day
            last = LAST.get(status, "approve")
            transitions.add((xid, pk, last, "in_progress", status, moment(done), ""))
        what, hi = rnd.choice(MEASURES)
        results.add((pk, pk, Decimal(rnd.randint(1, hi)), what, "", False, ""))
    transitions.flush()
    results.flush()
    say(
        f"{transitions.count:,} transitions, {results.count:,} results: "
        f"{time.perf_counter() - t0:.1f}s"
    )

    t0 = time.perf_counter()
    table = Table(
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
    liaison_of = {u.pk: liaisons[i].pk for i, u in enumerate(unit_rows)}
    per_item = reports // max(1, items)
    extra = reports - per_item * items
    rid = 0
    for idx, (pk, unit, _status, claimed) in enumerate(made):
        week0 = claimed - claimed.weekday() * day
        for w in range(per_item + (1 if idx < extra else 0)):
            rid += 1
            week = week0 + 7 * w * day
            at = moment(week + rnd.choice((1, 3, 4, 4, 5, 6)) * day, 16)
            text = (
                f"本周{rnd.choice(WORDS)},{rnd.choice(WORDS)}工作持续推进,"
                f"完成{rnd.randint(1, 999)}项。"
            )
            if rnd.random() < 0.001:
                text += f"查处{rnd.choice(RARE)}{rnd.randint(1, 30)}处。"
            status = "returned" if rnd.random() < 0.03 else "accepted"
            table.add((rid, pk, unit, liaison_of[unit], "week", week, status, at, at, text))
            if table.count and not table.rows and table.count % 200_000 < BATCH:
                say(f"  reports {table.count:>9,}  {time.perf_counter() - t0:6.1f}s")
    table.flush()
    say(f"{table.count:,} reports: {time.perf_counter() - t0:.1f}s")
    reset_sequences([Finding, Task, Task.units.through, Transition, Result, ProgressReport])
    # The rows went in past the model methods that keep the dashboard's counts: the
    # path of `zhenggai rollups --rebuild`.
    t0 = time.perf_counter()
    call_command("rollups", "--rebuild", verbosity=0)
    say(f"rollups rebuilt: {time.perf_counter() - t0:.1f}s")
    with connection.cursor() as c:
        c.execute("ANALYZE")
    return Ledger(office, province, unit_rows, liaisons, campaigns, tasks.count, table.count)
