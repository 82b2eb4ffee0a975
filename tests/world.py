"""A small ledger and one account per kind of reader, shared by the page tests (ledger, items, units, audit log, office pages).

Lead unit 区住房建设局 leads item (1); 区城管局 shares it; 区教育局 has nothing to do with
it. The tree is the seed's shape: category (一) → problem 1. → items (1), (2).
"""

import datetime
from types import SimpleNamespace

import pytest

from tests.conftest import make_unit, make_user
from zhenggai.accounts.models import Role
from zhenggai.inspections.models import Campaign, Finding, Inspection
from zhenggai.rollups.maintain import touch
from zhenggai.tasks.models import Action, Status, SubAction, Task, Timeframe, Transition

TODAY = datetime.date(2018, 11, 20)


def make_campaign(name="荔湾区巡视整改"):
    campaign = Campaign.objects.create(name=name, organisation="荔湾区委")
    Inspection.objects.create(
        campaign=campaign,
        inspector="省委第十巡视组",
        inspected="荔湾区",
        feedback_date=datetime.date(2018, 7, 24),
    )
    return campaign


def make_finding(campaign, label, title, parent=None, position=None):
    if position is None:
        last = Finding.objects.filter(campaign=campaign).order_by("-position").first()
        position = last.position + 1 if last else 0
    return Finding.objects.create(
        campaign=campaign,
        parent=parent,
        depth=parent.depth + 1 if parent else 0,
        position=position,
        label=label,
        title=title,
    )


def make_task(finding, lead_unit=None, units=(), **kwargs):
    kwargs.setdefault("status", Status.IN_PROGRESS)
    task = Task.objects.create(finding=finding, lead_unit=lead_unit, **kwargs)
    if units:
        task.units.set(units)
    # Written directly, as an import would: the dashboard's counts follow, as they do
    # for every move (zhenggai/rollups).
    touch([task.pk])
    return task


def make_ledger(campaign, n, lead_unit=None, units=(), per_problem=5):
    """`n` items under categories and problems, as the seed arranges them."""
    tasks = []
    category = problem = None
    for i in range(n):
        if i % (per_problem * 3) == 0:
            category = make_finding(campaign, f"({i})", f"问题类别{i}")
        if i % per_problem == 0:
            problem = make_finding(campaign, f"{i}.", f"针对问题{i}的问题", parent=category)
        finding = make_finding(campaign, f"({i + 1})", f"针对具体问题{i + 1}的问题", problem)
        tasks.append(make_task(finding, lead_unit, units, measure=f"措施{i + 1}"))
    return tasks


@pytest.fixture
def world(db):
    lead = make_unit("区住房建设局")
    shared = make_unit("区城管局")
    other = make_unit("区教育局")
    campaign = make_campaign()
    category = make_finding(campaign, "(一)", "对区委谋划发展能力不足问题的整改")
    problem = make_finding(campaign, "1.", "针对践行新发展理念不到位的问题", parent=category)
    f1 = make_finding(campaign, "(1)", "针对新中国大厦历史遗留问题推进不力的问题", problem)
    f2 = make_finding(campaign, "(2)", "针对科技创新动力不足的问题", problem)
    category2 = make_finding(campaign, "(二)", "对党的建设逐级弱化问题的整改")
    problem2 = make_finding(campaign, "2.", "针对基层党组织建设薄弱的问题", parent=category2)
    f3 = make_finding(campaign, "(3)", "针对党员管理不到位的问题", problem2)

    office = make_user("office", Role.OFFICE, display_name="整改办")
    leader = make_user("leader", Role.LEADER)
    discipline = make_user("discipline", Role.DISCIPLINE)
    observer = make_user("observer", Role.OBSERVER)
    lead_liaison = make_user("ll-lead", Role.LIAISON, lead, display_name="住建联络员")
    shared_liaison = make_user("ll-shared", Role.LIAISON, shared)
    other_liaison = make_user("ll-other", Role.LIAISON, other)

    t1 = make_task(
        f1,
        lead,
        [shared],
        measure="各单位上下联动,推进大厦消防安全、违章建筑等工作",
        leader="张副区长",
        deadline=datetime.date(2018, 10, 31),
        timeframe=Timeframe.DEADLINE,
        status=Status.STAGED,
        effect_note="累计开具消防整改通知书1840份",
    )
    for position, (label, text) in enumerate(
        [
            ("一是", "定期召开工作推进会"),
            ("二是", "协调市级层面推进化解"),
            ("四是", "大厦消防安全不断向好"),
        ]
    ):
        SubAction.objects.create(task=t1, position=position, label=label, text=text)
    Transition.objects.create(
        task=t1, action=Action.IMPORT, to_status=Status.STAGED, actor=office, reason="导入自 seed"
    )
    touch([t1.pk])
    t2 = make_task(
        f2,
        shared,
        measure="加快推进三大平台建设",
        timeframe=Timeframe.LONG_TERM,
        status=Status.LONG_TERM,
    )
    t3 = make_task(
        f3,
        other,
        measure="严格党员教育管理",
        deadline=datetime.date(2018, 11, 22),
        timeframe=Timeframe.DEADLINE,
        status=Status.ASSIGNED,
    )
    return SimpleNamespace(
        campaign=campaign,
        category=category,
        category2=category2,
        problem=problem,
        lead=lead,
        shared=shared,
        other=other,
        office=office,
        leader=leader,
        discipline=discipline,
        observer=observer,
        lead_liaison=lead_liaison,
        shared_liaison=shared_liaison,
        other_liaison=other_liaison,
        t1=t1,
        t2=t2,
        t3=t3,
    )


@pytest.fixture
def today(monkeypatch):
    """Pin the front's idea of today, so that overdue and due-this-week are fixed."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    return TODAY


def login(client, user):
    client.force_login(user)
    return client
