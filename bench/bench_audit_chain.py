"""What the hash chains cost: one append, a bulk import's transitions, and a full check.

Run: .venv/bin/python bench/bench_audit_chain.py [--appends 2000] [--rows 200000]

On a fresh SQLite file under var/ (or, with --postgres, the database DATABASE_URL points
at, whose name must contain "bench": its audit and transition rows are added to, never
removed): times `--appends` audit entries written one transaction each through
`record()`, beside the same rows inserted without the chain; then fills both tables to
`--rows` through the chained bulk insert (what an import does), and times
`zhenggai audit verify`'s walk over them.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BATCH = 5_000


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--appends", type=int, default=2000)
    p.add_argument("--rows", type=int, default=200_000)
    p.add_argument("--postgres", action="store_true", help="use DATABASE_URL (PostgreSQL)")
    args = p.parse_args()
    if args.postgres:
        if "bench" not in os.environ.get("DATABASE_URL", ""):
            sys.exit('--postgres: DATABASE_URL must name a database whose name contains "bench"')
    else:
        path = ROOT / "var" / "bench-audit-chain.sqlite3"
        path.parent.mkdir(exist_ok=True)
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")
    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection, models, transaction

    from zhenggai.accounts.models import User
    from zhenggai.audit.models import AuditEntry, record
    from zhenggai.inspections.models import Campaign, Finding
    from zhenggai.lib.appendonly import verify_chain
    from zhenggai.tasks.models import Task, Transition

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}", flush=True)
    user = User.objects.create_user(f"bench{time.time_ns()}", password="x")
    campaign = Campaign.objects.create(name="bench")
    finding = Finding.objects.create(campaign=campaign, position=0, label="(1)", title="t")
    task = Task.objects.create(finding=finding)

    def chained(n):
        with transaction.atomic():
            # About the campaign, not an item: an entry about an item also rebuilds its
            # search entry, which is not what is measured here.
            record(user, "edit", campaign, {"name": ""}, {"name": f"整改{n}"})

    def plain(n):
        # The same row, inserted the way it was before the chain.
        with transaction.atomic():
            models.QuerySet(AuditEntry).bulk_create(
                [
                    AuditEntry(
                        actor=user,
                        action="edit",
                        object_type="campaign",
                        object_id=campaign.pk,
                        before={"name": ""},
                        after={"name": f"整改{n}"},
                    )
                ]
            )

    results = {}
    for label, write in (("plain insert", plain), ("chained append", chained)):
        t0 = time.perf_counter()
        for n in range(args.appends):
            write(n)
        results[label] = (time.perf_counter() - t0) / args.appends * 1000
        print(f"{label}: {results[label]:.3f} ms per entry ({args.appends} entries)", flush=True)
    # The plain rows broke the chain on purpose; the bulk fill and the check below use
    # the transition log, which only the chain has written to.

    t0 = time.perf_counter()
    have = Transition.objects.count()
    while have < args.rows:
        n = min(BATCH, args.rows - have)
        Transition.objects.bulk_create(
            Transition(task=task, action="import", to_status="draft", actor=user, reason="导入")
            for _ in range(n)
        )
        have += n
    took = time.perf_counter() - t0
    print(f"chained bulk insert: {args.rows / took:,.0f} transitions/s", flush=True)

    t0 = time.perf_counter()
    verdict = verify_chain(Transition)
    took = time.perf_counter() - t0
    assert verdict.broken is None, verdict.broken
    print(f"verify: {verdict.checked:,} transitions in {took:.2f}s "
          f"({verdict.checked / took:,.0f}/s)", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
