"""The audit tests stand in the workflow tests' small district (tests/workflow/conftest.py)
and add a way in that bypasses the application, as a database administrator would."""

import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from reportparser import parse_text
from tests.workflow._helpers import DEADLINE, add_evidence
from tests.workflow.conftest import _media_in_tmp, world  # noqa: F401 — fixtures
from zhenggai.inspections.importer import import_report
from zhenggai.inspections.management.commands.demo import SEED, seed_text
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.tasks.models import Task, Timeframe


def raw(sql, params=()):
    """Run `sql` straight on the database. On PostgreSQL, as the superuser who can also
    switch the append-only triggers off for the session: the chain must catch what the
    triggers cannot stop."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")


def verify(capsys):
    """`zhenggai audit verify`: (exit code, stdout, stderr)."""
    capsys.readouterr()
    try:
        call_command("audit", "verify")
        code = 0
    except CommandError as error:
        code = error.returncode
        print(error, file=sys.stderr)
    out, err = capsys.readouterr()
    return code, out, err


def busy_history(w, items=8):
    """A trail made the way the application makes it: the seed report imported (its
    transitions written in bulk), then items taken through their whole life."""
    campaign = import_report(
        parse_text(seed_text()).to_dict(), filename=SEED, text=seed_text(), as_draft=True
    ).campaign
    tasks = Task.objects.filter(finding__campaign=campaign).order_by("finding__position")
    for task in tasks[:items]:
        task.assign(w.office, w.lead, [w.shared], "张区长", DEADLINE, Timeframe.DEADLINE, "")
        task.claim(w.lead_liaison)
        ProgressReport.file(w.shared_liaison, task, Period.WEEK, DEADLINE, "完成排查。")
        task.refresh_from_db()
        task.report_staged(w.lead_liaison, "完成治理435宗")
        add_evidence(w, task)
        task.request_closure(w.lead_liaison, "水质明显改善")
        task.office_accept(w.office, "材料齐全")
        task.approve(w.leader)
    return campaign


only_on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the database-level refusal is a PostgreSQL trigger; on SQLite raw SQL gets "
    "through and `audit verify` (tested on both) is what notices",
)
