"""A campaign with two units and the people reminders go to.

区住房建设局 (A): liaison, a responsible leader (分管领导) and a head (主要负责人), all with
e-mail; one item with a deadline. 区城管局 (B): a liaison only, one item without a
deadline. The office has one account. The campaign's feedback was 2018-07-24.
"""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import make_unit, make_user
from tests.world import make_campaign, make_finding, make_task
from zhenggai.accounts.models import Role
from zhenggai.rhythm.models import UnitOfficial

TZ = ZoneInfo("Asia/Shanghai")


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


@pytest.fixture
def world(db):
    campaign = make_campaign()
    a = make_unit("区住房建设局")
    b = make_unit("区城管局")
    other = make_unit("区教育局")
    w = SimpleNamespace(campaign=campaign, a=a, b=b, other=other)
    w.liaison_a = make_user("liaison_a", Role.LIAISON, a, email="liaison_a@example.org")
    w.member_a = make_user("member_a", Role.MEMBER, a, email="member_a@example.org")
    w.leader_a = make_user("leader_a", Role.MEMBER, a, email="leader_a@example.org")
    w.head_a = make_user("head_a", Role.MEMBER, a, email="head_a@example.org")
    UnitOfficial.objects.create(unit=a, user=w.leader_a, post=UnitOfficial.Post.LEADER)
    UnitOfficial.objects.create(unit=a, user=w.head_a, post=UnitOfficial.Post.HEAD)
    w.liaison_b = make_user("liaison_b", Role.LIAISON, b, email="liaison_b@example.org")
    w.liaison_other = make_user("liaison_o", Role.LIAISON, other)
    w.office = make_user("office", Role.OFFICE, email="office@example.org")
    w.observer = make_user("observer", Role.OBSERVER)
    category = make_finding(campaign, "(一)", "问题类别")
    problem = make_finding(campaign, "1.", "问题", parent=category)
    w.task_a = make_task(
        make_finding(campaign, "(1)", "违建治理不到位", problem),
        lead_unit=a,
        deadline=datetime.date(2018, 8, 22),
        timeframe="deadline",
    )
    w.task_b = make_task(
        make_finding(campaign, "(2)", "市容整治不彻底", problem), lead_unit=b, timeframe="long_term"
    )
    return w
