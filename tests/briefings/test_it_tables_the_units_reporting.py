"""The weekly briefing's table of units' reporting comes from the rhythm's due reports:
on time, late, missing at the week's end."""

import datetime

from tests.briefings.conftest import MONDAY, SUNDAY
from tests.conftest import make_unit
from zhenggai.briefings.models import Briefing
from zhenggai.rhythm.models import DueReport, Kind, Schedule, local_datetime


def test_it_counts_on_time_late_and_missing_reports(week, people):
    schedule = Schedule.objects.create(
        campaign=week.campaign, kind=Kind.WEEKLY, weekday=4, starts_on=MONDAY
    )
    due = schedule.due_at(MONDAY)  # Friday 17:00
    late_unit, silent_unit = make_unit("测试专用单位乙"), make_unit("测试专用单位丙")
    for unit, fulfilled in (
        (people.unit, due - datetime.timedelta(hours=2)),
        (late_unit, due + datetime.timedelta(days=1)),
        (silent_unit, None),
    ):
        DueReport.objects.create(
            schedule=schedule, unit=unit, period_start=MONDAY, due_at=due, fulfilled_at=fulfilled
        )
    # Another week's due report is not this week's business.
    DueReport.objects.create(
        schedule=schedule,
        unit=silent_unit,
        period_start=MONDAY + datetime.timedelta(days=7),
        due_at=local_datetime(SUNDAY + datetime.timedelta(days=5), datetime.time(17)),
    )
    briefing = Briefing.compose(week.campaign, Briefing.Kind.WEEKLY, MONDAY, SUNDAY, number=1)
    rows = {r["unit"]: r for r in briefing.content["reporting"]["rows"]}
    assert rows["测试专用单位甲"] == {
        "unit": "测试专用单位甲", "due": 1, "on_time": 1, "late": 0, "missing": 0
    }  # fmt: skip
    assert (rows["测试专用单位乙"]["late"], rows["测试专用单位丙"]["missing"]) == (1, 1)
    lines = briefing.text.splitlines()
    at = lines.index("表2 本周各单位报送情况")
    assert lines[at + 1].split("\t") == ["责任单位", "应报", "按时报送", "迟报", "未报"]
    assert "测试专用单位丙\t1\t0\t0\t1" in lines


def test_it_leaves_the_table_out_without_a_schedule(week):
    briefing = Briefing.compose(week.campaign, Briefing.Kind.WEEKLY, MONDAY, SUNDAY, number=1)
    assert briefing.content["reporting"] == {"scheduled": False, "rows": []}
    assert "各单位报送情况" not in briefing.text
