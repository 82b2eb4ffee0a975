"""The dashboard's figures from the rollups are the figures computed from the items.

Random histories — moves, reports, returns, extensions, reassignments, at random days —
made through the model methods, each keeping the rollups in its own transaction; then
for several days every figure the page shows is compared with stats' direct
computation, and `drift()` finds nothing. Runs on SQLite and, with DATABASE_URL, on
PostgreSQL.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import make_unit, make_user
from tests.workflow._helpers import pdf
from tests.world import make_campaign, make_finding
from zhenggai.accounts.models import Role
from zhenggai.dashboard import stats
from zhenggai.dashboard.views import _campaign_tiles
from zhenggai.inspections.models import Campaign
from zhenggai.ledger.filters import status_counts
from zhenggai.lib import clock
from zhenggai.reporting.models import Evidence, ProgressReport
from zhenggai.rollups import read
from zhenggai.rollups.maintain import drift
from zhenggai.tasks.models import DeadlineExtension, Status, Task, Timeframe
from zhenggai.tasks.workflow import WorkflowError

START = datetime.date(2018, 7, 30)
# "forward" makes the item's next move (which one, where there is a choice, by the
# operation's argument); the others happen beside the moves.
OPS = (
    "forward",
    "forward",
    "forward",
    "forward",
    "report",
    "report_shared",
    "return_report",
    "revise_report",
    "accept_report",
    "extend",
    "reassign",
    "long_term",
    "reopen",
)
NEXT = {
    Status.DRAFT: ("assign",),
    Status.ASSIGNED: ("claim",),
    Status.CLAIMED: ("report", "extend"),
    Status.IN_PROGRESS: ("staged", "closure", "long_term", "report"),
    Status.STAGED: ("closure", "long_term", "report"),
    Status.CLOSURE_REQUESTED: ("accept", "accept", "return"),
    Status.OFFICE_ACCEPTED: ("approve", "approve", "return"),
    Status.COMPLETED: ("reopen",),
    Status.LONG_TERM: ("report",),
}


def build():
    units = [make_unit(f"区{i}局") for i in range(3)]
    w = SimpleNamespace(
        units=units,
        liaisons={u.pk: make_user(f"ll{i}", Role.LIAISON, u) for i, u in enumerate(units)},
        office=make_user("office", Role.OFFICE),
        leader=make_user("leader", Role.LEADER),
        campaign=make_campaign(),
        other=make_campaign("另一整改工作"),
    )
    leaves = []
    for campaign in (w.campaign, w.other):
        for c in range(2):
            cat = make_finding(campaign, f"({c})", f"类别{c}")
            leaves.append(make_finding(campaign, f"({c}0)", "直接挂在类别下的问题", cat))
            for p in range(2):
                problem = make_finding(campaign, f"{p}.", f"问题{c}{p}", cat)
                leaves += [
                    make_finding(campaign, f"({c}{p}{i})", "具体问题", problem) for i in range(2)
                ]
    w.tasks = [Task.create_for(w.office, leaf, "措施") for leaf in leaves]
    return w


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def apply(w, op, i, day, arg):
    task = Task.objects.get(pk=w.tasks[i % len(w.tasks)].pk)
    lead = w.liaisons.get(task.lead_unit_id)
    unit = w.units[arg % 3]
    if op == "forward":
        choices = NEXT.get(task.status, ("report",))
        op = choices[arg % len(choices)]
    if op == "assign":
        timeframe = (Timeframe.DEADLINE, Timeframe.DEADLINE, Timeframe.LONG_TERM)[arg % 3]
        deadline = day + datetime.timedelta(days=7 * (arg % 5) - 10)
        task.assign(w.office, unit, [w.units[(arg + 1) % 3]], "", deadline, timeframe)
    elif op == "claim":
        task.claim(lead)
    elif op in ("report", "report_shared"):
        who = lead if op == "report" else w.liaisons[w.units[(arg + 1) % 3].pk]
        ProgressReport.file(who, task, "week" if arg % 4 else "month", day, "本周进展")
    elif op in ("return_report", "revise_report", "accept_report"):
        report = task.reports.order_by("-pk").first()
        if report is None:
            return
        if op == "return_report":
            report.return_for_revision(w.office, "请补充")
        elif op == "accept_report":
            report.accept(w.office)
        else:
            report.revise(w.liaisons[report.unit_id], "已补充", report.version)
    elif op == "staged":
        task.report_staged(lead, "阶段性成效")
    elif op == "closure":
        if lead is not None and not task.evidence.exists():
            Evidence.attach(lead, task, pdf())
        task.request_closure(lead, "整改成效")
    elif op == "accept":
        task.office_accept(w.office)
    elif op == "return":
        task.office_return(w.office, "材料不全")
    elif op == "approve":
        task.approve(w.leader)
    elif op == "long_term":
        task.mark_long_term(w.office, "长期推进")
    elif op == "reopen":
        task.reopen(w.office, "问题反弹")
    elif op == "extend":
        if task.effective_deadline is None:
            return
        extension = task.request_extension(
            lead, task.effective_deadline + datetime.timedelta(days=7 * (arg % 4 + 1)), "需要时间"
        )
        if arg % 2:
            DeadlineExtension.objects.get(pk=extension.pk).approve(w.office)
    elif op == "reassign":
        task.set_assignment(w.office, task.version, lead_unit=unit)


def shape(direct: bool, campaign, today):
    """Every figure of the page, in a form that compares (node ids for nodes)."""
    if direct:
        tasks = Task.objects.filter(finding__campaign=campaign)
        numbers = {
            "summary": stats.status_summary(tasks, today),
            "lists": stats.item_lists(tasks, today),
            "categories": stats.by_category(tasks, today),
            "lead_units": stats.by_lead_unit(tasks, today),
            "burn": stats.burndown(tasks, today),
            "ranking": stats.ranking(tasks, today),
        }
        campaigns = list(Campaign.objects.prefetch_related("inspections"))
        _campaign_tiles(campaigns, Task.objects.all(), today)
    else:
        overdue = read.overdue_groups(today)
        campaign = Campaign.objects.prefetch_related("inspections").get(pk=campaign.pk)
        numbers = read.dashboard(campaign, today, overdue)
        campaigns = list(Campaign.objects.prefetch_related("inspections"))
        read.tiles(campaigns, today, overdue)
    if direct:
        ledger = status_counts(Task.objects.filter(finding__campaign=campaign), today)
    else:
        ledger = read.ledger_counts(campaign.pk, today)
    summary = dict(numbers["summary"])
    summary["public"] = [(s["value"], s["count"]) for s in summary["public"]]
    summary["other"] = [(s["value"], s["count"]) for s in summary["other"]]
    burn = numbers["burn"]
    return {
        "ledger": (
            ledger["total"],
            ledger["overdue"],
            ledger["due_week"],
            [(s["value"], s["count"]) for s in ledger["public"] + ledger["other"]],
        ),
        "tiles": [
            (c.pk, c.total, c.overdue, [s["count"] for s in c.public_counts]) for c in campaigns
        ],
        "summary": summary,
        "lists": {k: [t.pk for t in v] for k, v in numbers["lists"].items()},
        "categories": [
            (
                c["node"] and c["node"].pk,
                c["cells"],
                [(p["node"].pk, p["cells"]) for p in c["problems"]],
                c["more_problems"],
            )
            for c in numbers["categories"]
        ],
        "lead_units": {u["lead_unit_id"]: (u["name"], u["cells"]) for u in numbers["lead_units"]},
        "burn": (burn["weeks"], burn["by_status"], burn["total"], burn["open"], burn["truncated"]),
        "ranking": sorted(
            (
                s.unit_id,
                s.name,
                s.items,
                s.expected_reports,
                s.on_time_reports,
                s.completed,
                s.closed_on_time,
                s.overdue,
                s.returned,
                s.score,
                s.rank,
            )
            for s in numbers["ranking"]
        ),
    }


operation = st.tuples(
    st.sampled_from(OPS),
    st.sampled_from((0, 1, 2, 3, 10, 11)),  # which item: few, so that they get far
    st.integers(0, 9),  # days after the previous operation
    st.integers(0, 11),  # a choice the operation makes (unit, deadline, period…)
)


@pytest.mark.heavy
@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(operation, min_size=20, max_size=80))
def test_the_rollups_give_the_figures_the_items_give(ops):
    with transaction.atomic():
        with clock.frozen(at(START - datetime.timedelta(days=7))):
            w = build()
        day = START
        for op, i, gap, arg in ops:
            day += datetime.timedelta(days=gap)
            with clock.frozen(at(day, 9 + arg)):
                try:
                    with transaction.atomic():
                        apply(w, op, i, day, arg)
                except WorkflowError:
                    pass  # not possible in that state, or by that unit: nothing written
        for today in (day, day + datetime.timedelta(days=12), START + datetime.timedelta(days=5)):
            for campaign in (w.campaign, w.other):
                assert shape(False, campaign, today) == shape(True, campaign, today)
        assert drift() == []
        transaction.set_rollback(True)
