"""The district's own reports (daily, two-month) have no unit: the office is told."""

import datetime

import pytest
import time_machine

from tests.rhythm.conftest import at
from zhenggai.inbox.models import Notification
from zhenggai.rhythm.models import DueReport, Kind, Schedule
from zhenggai.rhythm.planner import run_once

D = datetime.date


def test_daily_and_two_month_reports(world):
    Schedule.objects.create(
        campaign=world.campaign,
        kind=Kind.DAILY,
        due_time=datetime.time(17),
        starts_on=D(2018, 9, 20),
    )
    Schedule.objects.create(
        campaign=world.campaign,
        kind=Kind.TWO_MONTH,
        due_time=datetime.time(17),
        starts_on=D(2018, 7, 24),
    )
    with time_machine.travel(at(D(2018, 9, 20), 9), tick=False):
        run_once(deliver=False)
    daily = DueReport.objects.get(schedule__kind=Kind.DAILY, period_start=D(2018, 9, 20))
    assert daily.unit is None
    # The office records the day's report at noon; the next day's goes unreported.
    daily.mark_fulfilled(world.office, at(D(2018, 9, 20), 12))
    for day in (D(2018, 9, 20), D(2018, 9, 21), D(2018, 9, 22), D(2018, 9, 24), D(2018, 9, 25)):
        for hour in (9, 18):
            with time_machine.travel(at(day, hour), tick=False):
                run_once(deliver=False)
    office = {
        (n.object_id, n.period, n.level)
        for n in Notification.objects.filter(user=world.office, subject_kind="due_report")
    }
    d21 = DueReport.objects.get(schedule__kind=Kind.DAILY, period_start=D(2018, 9, 21)).pk
    assert (d21, D(2018, 9, 21), "red") in office
    assert not any(n[0] == daily.pk and n[2] == "red" for n in office)
    two = DueReport.objects.get(schedule__kind=Kind.TWO_MONTH)
    # Green since July, yellow two days before 24 Sep 17:00, red after.
    assert {lvl for pk, _, lvl in office if pk == two.pk} == {"green", "yellow", "red"}
    # Only the office hears of the district's reports.
    assert (
        not Notification.objects.exclude(user=world.office)
        .filter(subject_kind="due_report")
        .exists()
    )


def test_only_the_office_records_a_district_report(world):
    s = Schedule.objects.create(
        campaign=world.campaign,
        kind=Kind.DAILY,
        due_time=datetime.time(17),
        starts_on=D(2018, 9, 20),
    )
    due = DueReport.objects.create(
        schedule=s, period_start=D(2018, 9, 20), due_at=s.due_at(D(2018, 9, 20))
    )
    with pytest.raises(PermissionError):
        due.mark_fulfilled(world.liaison_a)
    assert due.mark_fulfilled(world.office) is True
    assert due.mark_fulfilled(world.office) is False
