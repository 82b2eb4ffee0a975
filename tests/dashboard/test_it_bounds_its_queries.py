"""The page costs the same number of queries for 4 items as for 40."""

import datetime

import pytest

from tests.conftest import make_unit, make_user
from tests.dashboard.conftest import at, history, make_campaign, make_finding, make_task
from zhenggai.accounts.models import Role
from zhenggai.reporting.models import ProgressReport
from zhenggai.rollups.maintain import touch
from zhenggai.tasks.models import Result, Status, Timeframe

# 18 for the dashboard, 2 for the session and user, 2 for the view's savepoint, 1 for
# PostgreSQL's SET LOCAL jit; the rest for the top bar.
MAX_QUERIES = 25


def fill(n):
    units = [make_unit(f"区{i}局") for i in range(3)]
    author = make_user("author", Role.LIAISON, units[0])
    campaign = make_campaign()
    statuses = [Status.COMPLETED, Status.STAGED, Status.LONG_TERM, Status.IN_PROGRESS]
    for i in range(n):
        if i % 4 == 0:
            cat = make_finding(campaign, f"({i})", f"类别{i}")
            problem = make_finding(campaign, f"{i}.", f"问题{i}", cat)
        unit = units[i % 3]
        task = make_task(
            make_finding(campaign, f"({i})", f"具体问题{i}", problem),
            unit,
            [units[(i + 1) % 3]],
            status=statuses[i % 4],
            deadline=datetime.date(2018, 9, 1) + datetime.timedelta(days=i),
            timeframe=Timeframe.DEADLINE,
        )
        history(
            task,
            (datetime.date(2018, 7, 30), Status.ASSIGNED, Status.CLAIMED),
            (datetime.date(2018, 8, 20), Status.CLAIMED, statuses[i % 4]),
        )
        ProgressReport.objects.create(
            task=task,
            unit=unit,
            author=author,
            period="week",
            period_start=datetime.date(2018, 8, 6),
            text="进展",
        )
        Result.objects.create(task=task, value=i + 1, unit="万元" if i % 2 else "宗")
        touch([task.pk])
    assert at  # the helper module is shared


@pytest.mark.parametrize("n", [4, 40])
def test_it_needs_a_fixed_number_of_queries(client, db, django_assert_max_num_queries, n):
    fill(n)
    client.force_login(make_user("office", Role.OFFICE))
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/")
    assert response.context["summary"]["total"] == n
    assert sum(s.items for s in response.context["ranking"]) == n
