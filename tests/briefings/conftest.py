"""The seed imported on 1 August 2018, and one week (2018-W36, 3–9 September) of work
on three of its items: two reports accepted, one returned, one item reopened."""

import datetime
from types import SimpleNamespace

import pytest

from reportparser import parse_text
from tests.conftest import make_unit, make_user
from tests.publication.conftest import SEED, flat, pdf_text, seed_text  # noqa: F401
from zhenggai.accounts.models import Role
from zhenggai.demo_story import on
from zhenggai.inspections.importer import import_report
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.tasks.models import REPORTABLE_STATUSES, Status, Task, Timeframe

WEEK = "2018-W36"
MONDAY = datetime.date(2018, 9, 3)
SUNDAY = datetime.date(2018, 9, 9)
SCRIPT = "<script>alert('x')</script>{{ secret }}"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people(db):
    unit = make_unit("测试专用单位甲")
    return SimpleNamespace(
        office=make_user("office-zhang", Role.OFFICE, display_name="张办事员"),
        leader=make_user("leader", Role.LEADER),
        discipline=make_user("discipline", Role.DISCIPLINE),
        observer=make_user("observer", Role.OBSERVER),
        liaison=make_user("liaison-wang", Role.LIAISON, unit, display_name="王联络员"),
        member=make_user("member-li", Role.MEMBER, unit),
        unit=unit,
    )


@pytest.fixture
def seeded(db):
    text = seed_text()
    with on(datetime.date(2018, 8, 1)):
        summary = import_report(parse_text(text).to_dict(), filename=SEED, text=text)
    return summary.campaign


def _give(task, people, **assignment):
    task.set_assignment(people.office, task.version, lead_unit=people.unit, **assignment)
    task.refresh_from_db()
    return task


@pytest.fixture
def week(seeded, people):
    """Items a, b, c (reportable, in ledger order) and d (completed, reopened on Tuesday)."""
    tasks = Task.objects.filter(finding__campaign=seeded).select_related("finding")
    reportable = [t for t in tasks if t.status in REPORTABLE_STATUSES][:3]
    a, b, c = reportable
    d = next(t for t in tasks if t.status == Status.COMPLETED)
    with on(datetime.date(2018, 8, 20)):
        a = _give(a, people, deadline=datetime.date(2018, 9, 1), timeframe=Timeframe.DEADLINE)
        b, c = _give(b, people), _give(c, people)
    with on(MONDAY + datetime.timedelta(days=4), 15):  # Friday
        ra = ProgressReport.file(
            people.liaison,
            a,
            Period.WEEK,
            MONDAY,
            "甲事项本周完成治理435宗",
            figures=[{"value": "435", "unit": "宗", "what": "完成治理"}],
        )
        rb = ProgressReport.file(
            people.liaison,
            b,
            Period.WEEK,
            MONDAY,
            f"乙事项进展{SCRIPT}",
            figures=[
                {"value": "65", "unit": "宗", "what": "查处"},
                {"value": "3.5", "unit": "万元"},
            ],
        )
        rc = ProgressReport.file(people.liaison, c, Period.WEEK, MONDAY, "丙事项退回的填报")
    with on(MONDAY + datetime.timedelta(days=5), 9):
        ra.accept(people.office)
        rb.accept(people.office)
        rc.return_for_revision(people.office, "请补充数据")
    with on(MONDAY + datetime.timedelta(days=1), 11):
        d.reopen(people.office, "问题反弹")
    return SimpleNamespace(a=a, b=b, c=c, d=d, reports=(ra, rb, rc), campaign=seeded)
