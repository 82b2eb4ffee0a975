"""Eight weeks of a campaign, the planner run three times a day (and again at once, as a
second worker would): the right people are told the right thing on the right day, and
nobody is told anything twice."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.rhythm.conftest import at
from zhenggai.inbox.models import Notification, Outbox
from zhenggai.reporting.models import ProgressReport
from zhenggai.rhythm.models import DueReport, Kind, Schedule
from zhenggai.rhythm.planner import run_once

START = datetime.date(2018, 7, 30)  # a Monday, the week after the feedback
WEEKS = 8


def file(user, task, period, when, text="本周推进情况"):
    with time_machine.travel(when, tick=False):
        return ProgressReport.file(user, task, period, timezone.localdate(), text)


@pytest.mark.heavy
def test_eight_weeks(world):
    Schedule.objects.create(
        campaign=world.campaign,
        kind=Kind.WEEKLY,
        weekday=4,  # Friday
        due_time=datetime.time(17, 0),
        starts_on=START,
    )
    Schedule.objects.create(
        campaign=world.campaign,
        kind=Kind.MONTHLY,
        day_of_month=31,  # the month's last day
        due_time=datetime.time(17, 0),
        starts_on=datetime.date(2018, 7, 24),
    )
    for day_n in range(WEEKS * 7):
        day = START + datetime.timedelta(days=day_n)
        week, weekday = divmod(day_n, 7)
        for hour in (9, 12, 18):
            with time_machine.travel(at(day, hour), tick=False):
                run_once(deliver=False)
                # A second round at the same moment (a restart, a second worker): nothing new.
                assert run_once(deliver=False)["notifications"] == 0
            if hour == 9:
                # After the morning round: the day's filings.
                if weekday == 0:
                    file(world.liaison_b, world.task_b, "week", at(day, 10))
                if weekday == 3 and week not in (2, 4):
                    file(world.liaison_a, world.task_a, "week", at(day, 10))
                if week == 4 and weekday == 5:  # week 4: filed on Saturday, late
                    file(world.liaison_a, world.task_a, "week", at(day, 10))
                if day == datetime.date(2018, 8, 30):
                    file(world.liaison_a, world.task_a, "month", at(day, 10), "八月小结")

    told = {}
    for n in Notification.objects.select_related("user"):
        key = (n.user.username, n.subject_kind, n.object_id, n.period, n.level)
        assert key not in told  # (also a database constraint)
        told[key] = timezone.localtime(n.created_at)

    def when(username, kind, obj, period, level):
        moment = told.get((username, kind, obj, period, level))
        return moment and (moment.date(), moment.hour)

    def due(kind, unit, period):
        return DueReport.objects.get(schedule__kind=kind, unit=unit, period_start=period).pk

    d = datetime.date
    # Week 2 (13–17 Aug): A never files. Green to the liaison on Monday; yellow, with the
    # leader, once Friday 17:00 is two days off; red, with the head and the office, after.
    w2 = due(Kind.WEEKLY, world.a, d(2018, 8, 13))
    assert when("liaison_a", "due_report", w2, d(2018, 8, 13), "green") == (d(2018, 8, 13), 9)
    assert when("liaison_a", "due_report", w2, d(2018, 8, 13), "yellow") == (d(2018, 8, 15), 18)
    assert when("leader_a", "due_report", w2, d(2018, 8, 13), "yellow") == (d(2018, 8, 15), 18)
    for who in ("liaison_a", "leader_a", "head_a", "office"):
        assert when(who, "due_report", w2, d(2018, 8, 13), "red") == (d(2018, 8, 17), 18)
    assert when("leader_a", "due_report", w2, d(2018, 8, 13), "green") is None
    assert when("head_a", "due_report", w2, d(2018, 8, 13), "yellow") is None

    # Week 1: filed on Thursday — green and yellow, never red.
    w1 = due(Kind.WEEKLY, world.a, d(2018, 8, 6))
    assert when("liaison_a", "due_report", w1, d(2018, 8, 6), "green") == (d(2018, 8, 6), 9)
    assert when("liaison_a", "due_report", w1, d(2018, 8, 6), "yellow") == (d(2018, 8, 8), 18)
    assert not [k for k in told if k[2] == w1 and k[4] == "red"]

    # B files every Monday morning: one green a week to its liaison, nothing more.
    b_weekly = set(
        DueReport.objects.filter(schedule__kind=Kind.WEEKLY, unit=world.b).values_list(
            "pk", flat=True
        )
    )
    assert len(b_weekly) == WEEKS
    b_told = sorted((k[0], k[4]) for k in told if k[1] == "due_report" and k[2] in b_weekly)
    assert b_told == [("liaison_b", "green")] * WEEKS

    # Monthly, day 31: July and August end on the 31st, September on the 30th.
    dues = {
        r.period_start: timezone.localtime(r.due_at)
        for r in DueReport.objects.filter(schedule__kind=Kind.MONTHLY, unit=world.a)
    }
    assert dues[d(2018, 7, 1)] == at(d(2018, 7, 31), 17)
    assert dues[d(2018, 8, 1)] == at(d(2018, 8, 31), 17)
    assert dues[d(2018, 9, 1)] == at(d(2018, 9, 30), 17)
    # July's summary: nobody filed; August's: A filed on the 30th, B did not.
    july_a, aug_a = (
        due(Kind.MONTHLY, world.a, d(2018, 7, 1)),
        due(Kind.MONTHLY, world.a, d(2018, 8, 1)),
    )
    aug_b = due(Kind.MONTHLY, world.b, d(2018, 8, 1))
    for who in ("liaison_a", "leader_a", "head_a", "office"):
        assert when(who, "due_report", july_a, d(2018, 7, 1), "red") == (d(2018, 7, 31), 18)
    assert when("liaison_a", "due_report", aug_a, d(2018, 8, 1), "green") == (d(2018, 8, 1), 9)
    assert when("liaison_a", "due_report", aug_a, d(2018, 8, 1), "yellow") == (d(2018, 8, 29), 18)
    assert not [k for k in told if k[2] == aug_a and k[4] == "red"]
    assert when("liaison_b", "due_report", aug_b, d(2018, 8, 1), "red") == (d(2018, 8, 31), 18)
    assert when("office", "due_report", aug_b, d(2018, 8, 1), "red") == (d(2018, 8, 31), 18)

    # The item's deadline (22 Aug): yellow two days before, red the day after.
    t = world.task_a.pk
    for who in ("liaison_a", "leader_a"):
        assert when(who, "task", t, d(2018, 8, 22), "yellow") == (d(2018, 8, 20), 9)
    for who in ("liaison_a", "leader_a", "head_a", "office"):
        assert when(who, "task", t, d(2018, 8, 22), "red") == (d(2018, 8, 23), 9)

    # Who heard what, in all: the head and the office only ever hear red.
    by_user = {}
    for k in told:
        by_user.setdefault(k[0], set()).add(k[4])
    assert by_user["head_a"] == {"red"} and by_user["office"] == {"red"}
    assert "member_a" not in by_user and "liaison_o" not in by_user
    assert sum(1 for k in told if k[0] == "office") == 6  # Jul A, Jul B, wk2, wk4, Aug B, item
    # One mail per notification to a user with an address, and no more.
    assert Outbox.objects.count() == Notification.objects.exclude(user__email="").count()

    # Missing and late, counted.
    now = at(START + datetime.timedelta(days=WEEKS * 7), 0)
    a_rows = DueReport.objects.filter(unit=world.a)
    assert a_rows.missing(now).count() == 2  # July's summary, week 2
    late = list(a_rows.late())
    assert [(r.schedule.kind, r.period_start) for r in late] == [(Kind.WEEKLY, d(2018, 8, 27))]
    assert late[0].fulfilled_by.unit_id == world.a.pk
