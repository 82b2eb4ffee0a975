"""The dashboard and the ledger's first page cost the same number of queries for a
small ledger as for a bigger one: nothing is read per item, per unit or per problem."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_unit, make_user
from tests.world import make_campaign, make_finding, make_task, today  # noqa: F401
from zhenggai.accounts.models import Role
from zhenggai.reporting.models import ProgressReport
from zhenggai.rollups.maintain import touch
from zhenggai.tasks.models import Action, Result, Status, Timeframe, Transition

# The dashboard: 15 for its figures, the session, the user, the view's savepoint, the
# top bar. The ledger: its page of items with their units and the filters' choices.
DASHBOARD_QUERIES = 25
LEDGER_QUERIES = 25
STATUSES = [Status.COMPLETED, Status.STAGED, Status.LONG_TERM, Status.IN_PROGRESS, Status.CLAIMED]


def fill(n_units, n_items):
    units = [make_unit(f"区{n_items}-{i}局") for i in range(n_units)]
    author = make_user(f"author{n_items}", Role.LIAISON, units[0])
    campaign = make_campaign(f"整改工作{n_items}")
    moment = datetime.datetime(2018, 8, 1, 10, tzinfo=datetime.UTC)
    for i in range(n_items):
        if i % 20 == 0:
            category = make_finding(campaign, f"({i})", f"类别{i}")
        if i % 4 == 0:
            problem = make_finding(campaign, f"{i}.", f"问题{i}", category)
        unit = units[i % n_units]
        task = make_task(
            make_finding(campaign, f"({i})", f"具体问题{i}", problem),
            unit,
            [units[(i + 1) % n_units]],
            status=STATUSES[i % 5],
            deadline=datetime.date(2018, 9, 1) + datetime.timedelta(days=i % 120),
            timeframe=Timeframe.DEADLINE,
        )
        Transition.objects.create(
            task=task, action=Action.CLAIM, from_status="assigned", to_status="claimed", at=moment
        )
        Transition.objects.create(
            task=task,
            action=Action.START,
            from_status="claimed",
            to_status=task.status,
            at=moment + datetime.timedelta(days=i % 90),
        )
        ProgressReport.objects.create(
            task=task,
            unit=unit,
            author=author,
            period="week",
            period_start=datetime.date(2018, 8, 6),
            text="进展",
        )
        Result.objects.create(task=task, value=i + 1, unit="宗", what=f"整治{i % 7}")
        touch([task.pk])
    return campaign, units


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response


@pytest.mark.heavy
@pytest.mark.django_db
@pytest.mark.usefixtures("today")
@pytest.mark.parametrize("who", ["office", "liaison"])
def test_the_dashboard_and_the_ledger_cost_the_same_at_any_size(
    client, django_assert_max_num_queries, who
):
    counts = []
    for n_units, n_items in ((5, 10), (60, 300)):
        campaign, units = fill(n_units, n_items)
        user = (
            make_user(f"office{n_items}", Role.OFFICE)
            if who == "office"
            else make_user(f"ll{n_items}", Role.LIAISON, units[0])
        )
        client.force_login(user)
        with django_assert_max_num_queries(DASHBOARD_QUERIES):
            dashboard, response = count(client, f"/?campaign={campaign.pk}")
        if who == "office":
            assert response.context["summary"]["total"] == n_items
        with django_assert_max_num_queries(LEDGER_QUERIES):
            ledger, response = count(client, f"/ledger/?campaign={campaign.pk}")
        counts.append((dashboard, ledger))
    assert counts[0] == counts[1]
