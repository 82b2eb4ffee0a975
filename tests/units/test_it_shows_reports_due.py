"""A unit's page: this week's report (一周一报) and this month's summary (一月一小结) for
each item the unit leads or shares — filed or missing — with the counts at the top."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from tests.world import login, make_ledger
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.tasks.models import Status

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


def clock(year, month, day, hour=9):
    return time_machine.travel(datetime.datetime(year, month, day, hour, tzinfo=BEIJING))


def url(unit):
    return reverse("unit", args=[unit.pk])


def file(user, task, period, day):
    return ProgressReport.file(user, task, period, day, f"{period} {day}")


def due(client, user, unit):
    response = login(client, user).get(url(unit))
    assert response.status_code == 200
    return response, response.context["due"]


def by_label(d):
    return {
        r["task"].finding.label: (
            r["week"].status if r["week"] else None,
            r["month"].status if r["month"] else None,
        )
        for r in d["rows"]
    }


def test_it_shows_this_weeks_and_this_months_reports_filed_or_missing(client, world):
    # 区城管局 leads (2), long-term, and shares (1); (3) is another unit's.
    with clock(2018, 11, 21):  # a Wednesday: ISO week 47 starts on Monday 19 November
        file(world.shared_liaison, world.t1, Period.WEEK, datetime.date(2018, 11, 19))
        file(world.shared_liaison, world.t2, Period.MONTH, datetime.date(2018, 11, 2))
        file(world.shared_liaison, world.t2, Period.WEEK, datetime.date(2018, 11, 12))  # last week
        file(world.lead_liaison, world.t1, Period.MONTH, datetime.date(2018, 11, 2))  # lead's own
        response, d = due(client, world.shared_liaison, world.shared)
        assert by_label(d) == {"(1)": ("submitted", None), "(2)": (None, "submitted")}
        assert (d["n"], d["n_week"], d["n_month"]) == (2, 1, 1)
        assert d["week_start"] == datetime.date(2018, 11, 19)
        body = response.content.decode()
        assert "本周应报 2 项,已报 1 项" in body
        assert "本月应报小结 2 项,已报 1 项" in body
        assert "未报" in body

    with clock(2018, 11, 26):  # the next week: this week's reports are missing again
        _response, d = due(client, world.shared_liaison, world.shared)
        assert (d["n_week"], d["n_month"]) == (0, 1)

    with clock(2018, 12, 1):  # the next month
        _response, d = due(client, world.shared_liaison, world.shared)
        assert (d["n_week"], d["n_month"]) == (0, 0)


def test_it_shows_the_reports_status(client, world):
    with clock(2018, 11, 21):
        report = file(world.lead_liaison, world.t1, Period.WEEK, datetime.date(2018, 11, 21))
        report.return_for_revision(world.office, "数据不全")
        response, d = due(client, world.office, world.lead)
        assert by_label(d) == {"(1)": ("returned", None)}
        assert "退回修改" in response.content.decode()


def test_it_counts_only_items_the_unit_can_report_on(client, world):
    # (3) is assigned, not claimed: nothing is due before the claim; a closed item
    # reports no more.
    with clock(2018, 11, 21):
        _response, d = due(client, world.other_liaison, world.other)
        assert d["rows"] == [] and d["n"] == 0
        type(world.t3).objects.filter(pk=world.t3.pk).update(status=Status.CLAIMED)
        _response, d = due(client, world.other_liaison, world.other)
        assert by_label(d) == {"(3)": (None, None)}
        type(world.t3).objects.filter(pk=world.t3.pk).update(status=Status.COMPLETED)
        _response, d = due(client, world.other_liaison, world.other)
        assert d["n"] == 0


def test_whole_ledger_roles_see_any_units_reports_due(client, world):
    with clock(2018, 11, 21):
        file(world.lead_liaison, world.t1, Period.WEEK, datetime.date(2018, 11, 21))
        for who in ("office", "leader", "discipline", "observer"):
            _response, d = due(client, getattr(world, who), world.lead)
            assert (d["n"], d["n_week"]) == (1, 1)


@pytest.mark.parametrize("n", [3, 20])
def test_it_takes_a_bounded_number_of_queries(client, world, n, django_assert_max_num_queries):
    with clock(2018, 11, 21):
        tasks = make_ledger(world.campaign, n, world.other, [world.lead])
        for task in tasks[::2]:
            file(world.other_liaison, task, Period.WEEK, datetime.date(2018, 11, 20))
            file(world.other_liaison, task, Period.MONTH, datetime.date(2018, 11, 20))
        login(client, world.other_liaison)
        # session, user, unit; four lists with their responsible units; the reports
        with django_assert_max_num_queries(12):
            response = client.get(url(world.other))
        d = response.context["due"]
        assert d["n"] == n
        assert d["n_week"] == d["n_month"] == len(tasks[::2])
