"""EXPLAIN ANALYZE of the ledger's filters on a filled PostgreSQL database.

Run after `bench/bench_dashboard.py --database-url URL --no-drop`:
    DATABASE_URL=URL .venv/bin/python bench/explain_ledger.py

For each filter the ledger offers (front/ledger.apply_filters), the plan of its first
page (50 rows in the ledger's order) and of its count, with the time; a filter whose
plan reads the whole task table (Seq Scan on tasks_task) is named at the end.
"""

import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenggai.settings")

import django  # noqa: E402

django.setup()

from zhenggai.inspections.models import Campaign, Finding  # noqa: E402
from zhenggai.tasks.models import Status, Task, Timeframe  # noqa: E402
from zhenggai.units.models import Unit  # noqa: E402


def main():
    today = datetime.date(2019, 3, 1)
    campaign = Campaign.objects.order_by("pk").first()
    unit = Unit.objects.order_by("pk").first()
    category = Finding.objects.filter(campaign=campaign, parent__isnull=True).first()
    problems = Finding.objects.filter(parent=category).values("pk")
    leaves = Finding.objects.filter(parent__in=problems).values("pk")
    base = Task.objects.filter(finding__campaign=campaign)
    shared = Task.units.through.objects.filter(unit_id=unit.pk).values("task_id")
    filters = {
        "none": base,
        "status": base.filter(status=Status.STAGED),
        "lead_unit": base.filter(lead_unit=unit),
        "lead_unit+status": base.filter(lead_unit=unit, status=Status.IN_PROGRESS),
        "unit (shared)": base.filter(pk__in=shared),
        "category": base.filter(finding_id__in=leaves),
        "timeframe": base.filter(timeframe=Timeframe.IMMEDIATE),
        "overdue": base.overdue(today),
        "due this week": base.due_this_week(today),
    }
    whole = []
    for name, qs in filters.items():
        page = qs.order_by("finding__position")[:50]
        for label, query in (("page", page), ("count", qs.order_by().values("pk"))):
            plan = query.explain(analyze=True)
            ms = [line for line in plan.splitlines() if "Execution Time" in line]
            print(f"== {name} ({label}): {ms[0].strip() if ms else ''}")
            print("\n".join("   " + line for line in plan.splitlines()[:14]))
            if "Seq Scan on tasks_task" in plan:
                whole.append(f"{name} ({label})")
    print("reads the whole task table:", ", ".join(whole) or "none")


if __name__ == "__main__":
    main()
