import datetime

import pytest

from tests.rhythm.conftest import at
from zhenggai.rhythm.forms import ScheduleForm
from zhenggai.rhythm.models import Kind, Schedule, add_months, day_in_month


def form(world, **data):
    base = {"campaign": world.campaign.pk, "due_time": "17:00", "starts_on": "2018-07-30"}
    base.update(data)
    return ScheduleForm(base)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "weekly"}, "weekday", "周报须选择每周的截止日(星期一至星期日)。"),
        (
            {"kind": "weekly", "weekday": 4, "day_of_month": 5},
            "day_of_month",
            "周报按星期截止,不填每月截止日。",
        ),
        ({"kind": "monthly"}, "day_of_month", "月小结须填写每月截止日(1–31)。"),
        ({"kind": "monthly", "day_of_month": 32}, "day_of_month", "每月截止日须在 1 至 31 之间。"),
        ({"kind": "monthly", "day_of_month": 0}, "day_of_month", "每月截止日须在 1 至 31 之间。"),
        (
            {"kind": "monthly", "day_of_month": 5, "weekday": 1},
            "weekday",
            "月小结按日期截止,不选每周截止日。",
        ),
        ({"kind": "daily", "weekday": 1}, "weekday", "该报送类型不按星期截止。"),
        (
            {"kind": "weekly", "weekday": 4, "ends_on": "2018-07-01"},
            "ends_on",
            "结束日期不能早于起始日期。",
        ),
    ],
)
def test_a_schedule_that_makes_no_sense_is_refused_with_a_clear_message(
    world, data, field, message
):
    f = form(world, **data)
    assert not f.is_valid()
    assert message in f.errors[field]


def test_a_sensible_schedule_is_saved(world):
    f = form(world, kind="monthly", day_of_month=31)
    assert f.is_valid(), f.errors
    assert f.save().day_of_month == 31


def test_day_31_is_the_last_day_of_a_shorter_month():
    assert day_in_month(2018, 9, 31) == datetime.date(2018, 9, 30)
    assert day_in_month(2018, 2, 31) == datetime.date(2018, 2, 28)
    assert day_in_month(2020, 2, 30) == datetime.date(2020, 2, 29)
    assert day_in_month(2018, 8, 31) == datetime.date(2018, 8, 31)
    assert add_months(datetime.date(2018, 12, 31), 2) == datetime.date(2019, 2, 28)


def test_due_times_of_each_kind(world):
    monthly = Schedule(
        campaign=world.campaign,
        kind=Kind.MONTHLY,
        day_of_month=31,
        due_time=datetime.time(17),
        starts_on=datetime.date(2018, 1, 1),
    )
    starts = list(monthly.periods(datetime.date(2018, 12, 31)))
    assert len(starts) == 12
    assert [monthly.due_at(s).day for s in starts] == [
        31,
        28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ]
    weekly = Schedule(
        campaign=world.campaign,
        kind=Kind.WEEKLY,
        weekday=0,
        due_time=datetime.time(9, 30),
        starts_on=datetime.date(2018, 8, 1),  # a Wednesday
    )
    assert weekly.period_of(weekly.starts_on) == datetime.date(2018, 7, 30)
    assert weekly.due_at(datetime.date(2018, 7, 30)) == at(datetime.date(2018, 7, 30), 9, 30)
    two = Schedule(
        campaign=world.campaign,
        kind=Kind.TWO_MONTH,
        due_time=datetime.time(17),
        starts_on=datetime.date(2018, 7, 24),
    )
    assert list(two.periods(datetime.date(2018, 12, 31))) == [datetime.date(2018, 7, 24)]
    assert two.due_at(two.starts_on) == at(datetime.date(2018, 9, 24), 17)


def test_the_schedule_page_is_the_offices(world, client):
    from django.urls import reverse

    client.force_login(world.liaison_a)
    assert client.get(reverse("rhythm:schedule_new")).status_code == 403
    client.force_login(world.office)
    assert client.get(reverse("rhythm:schedule_new")).status_code == 200
    data = {"campaign": world.campaign.pk, "kind": "monthly", "day_of_month": 40}
    data.update(due_time="17:00", starts_on="2018-07-30")
    response = client.post(reverse("rhythm:schedule_new"), data)
    assert "每月截止日须在 1 至 31 之间。" in response.content.decode()
    data["day_of_month"] = 31
    assert client.post(reverse("rhythm:schedule_new"), data).status_code == 302
    assert Schedule.objects.get().day_of_month == 31
