"""The dashboard's overdue and due-soon conditions are the ledger's, spelled as filters."""

import datetime
import itertools

from tests.dashboard.conftest import make_campaign, make_finding, make_task
from zhenggai.dashboard import stats
from zhenggai.tasks.models import Status, Task, Timeframe

D = datetime.date


def test_it_agrees_with_the_ledger(db):
    campaign = make_campaign()
    today = D(2018, 11, 20)
    days = [None, D(2018, 11, 1), D(2018, 11, 20), D(2018, 11, 24), D(2018, 11, 27)]
    n = 0
    for status, timeframe, deadline, revised in itertools.product(
        [Status.IN_PROGRESS, Status.COMPLETED, Status.LONG_TERM],
        [Timeframe.DEADLINE, Timeframe.LONG_TERM, ""],
        days,
        days,
    ):
        n += 1
        make_task(
            make_finding(campaign, f"({n})", f"问题{n}"),
            status=status,
            timeframe=timeframe,
            deadline=deadline,
            revised_deadline=revised,
        )
    tasks = Task.objects.all()

    def ids(qs):
        return set(qs.values_list("pk", flat=True))

    overdue = ids(tasks.filter(stats.overdue_q(today)))
    assert overdue == ids(Task.objects.overdue(today)) and overdue
    soon = ids(tasks.filter(stats.due_soon_q(today)))
    assert soon == ids(Task.objects.due_between(today, D(2018, 11, 26))) and soon
