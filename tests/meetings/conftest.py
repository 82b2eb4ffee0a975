"""One campaign with two items (item (6) led by 区水务局, item (38) by 区纪委监委), a
second campaign nobody's unit works in, and one account per role."""

import datetime
from types import SimpleNamespace

import pytest

from tests.conftest import make_unit, make_user
from tests.world import make_campaign, make_finding, make_task
from zhenggai.accounts.models import Role
from zhenggai.meetings.models import Meeting, MeetingKind

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    water = make_unit("区水务局")
    other = make_unit("区教育局")
    campaign = make_campaign()
    category = make_finding(campaign, "(一)", "对区委谋划发展能力不足问题的整改")
    f6 = make_finding(campaign, "(6)", "针对黑臭河涌整治不力的问题", category)
    f38 = make_finding(campaign, "(38)", "针对向下传导压力不充分的问题", category)
    t6 = make_task(f6, water)
    t38 = make_task(f38, other)
    elsewhere = make_campaign("另一次巡察整改")
    f1 = make_finding(elsewhere, "(1)", "针对别处的问题")
    t_else = make_task(f1, None)
    users = {
        "office": make_user("office", Role.OFFICE),
        "leader": make_user("leader", Role.LEADER),
        "discipline": make_user("discipline", Role.DISCIPLINE),
        "observer": make_user("observer", Role.OBSERVER),
        "liaison": make_user("liaison", Role.LIAISON, water),
        "member": make_user("member", Role.MEMBER, water),
        "nounit": make_user("nounit", Role.MEMBER),
    }
    return SimpleNamespace(
        campaign=campaign,
        elsewhere=elsewhere,
        water=water,
        t6=t6,
        t38=t38,
        t_else=t_else,
        users=users,
        **users,
    )


def add_seed_meetings(campaign):
    """The seed's section 一(二): 4 standing-committee meetings; 1 mobilisation, 1 progress
    and 3 topic meetings of the leading group; 6 routine meetings of the office."""
    day = datetime.date(2018, 7, 25)
    plan = [
        (MeetingKind.STANDING, 4),
        (MeetingKind.MOBILISATION, 1),
        (MeetingKind.PROGRESS, 1),
        (MeetingKind.TOPIC, 3),
        (MeetingKind.ROUTINE, 6),
    ]
    meetings = []
    for kind, n in plan:
        for i in range(n):
            meetings.append(
                Meeting.objects.create(
                    campaign=campaign,
                    kind=kind,
                    title=f"{MeetingKind(kind).label}第{i + 1}次",
                    date=day + datetime.timedelta(days=len(meetings)),
                )
            )
    return meetings
