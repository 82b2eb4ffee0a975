"""The weekly counts come from the Transition log, not from today's state."""

import datetime

from tests.dashboard.conftest import history, make_campaign, make_finding, make_task
from zhenggai.dashboard import stats
from zhenggai.tasks.models import Status, Task

D = datetime.date
S = Status


def test_it_counts_each_item_in_its_state_at_each_weeks_end(db):
    campaign = make_campaign()  # feedback 2018-07-24: first week 07-23
    cat = make_finding(campaign, "(一)", "类别")
    items = [
        make_task(make_finding(campaign, f"({i})", f"问题{i}", cat), status=S.COMPLETED)
        for i in range(1, 4)
    ]
    a, b, c = items
    history(
        a,
        (D(2018, 7, 25), "", S.ASSIGNED),
        (D(2018, 8, 1), S.ASSIGNED, S.IN_PROGRESS),
        (D(2018, 8, 9), S.IN_PROGRESS, S.STAGED),
        (D(2018, 8, 10), S.STAGED, S.COMPLETED),  # same week as the staged move
    )
    history(
        b,
        (D(2018, 7, 26), "", S.ASSIGNED),
        (D(2018, 8, 15), S.ASSIGNED, S.LONG_TERM),
    )
    # c enters the ledger only in the third week, and is reopened after completion.
    history(
        c,
        (D(2018, 8, 7), "", S.COMPLETED),
        (D(2018, 8, 14), S.COMPLETED, S.IN_PROGRESS),
    )
    # Today's state says three completed items: the burn-down must not care.
    assert Task.objects.filter(status=S.COMPLETED).count() == 3

    burn = stats.burndown(Task.objects.all(), D(2018, 8, 20))
    assert burn["weeks"] == [
        D(2018, 7, 23),
        D(2018, 7, 30),
        D(2018, 8, 6),
        D(2018, 8, 13),
        D(2018, 8, 20),
    ]
    by = burn["by_status"]
    assert by[S.ASSIGNED] == [2, 1, 1, 0, 0]
    assert by[S.IN_PROGRESS] == [0, 1, 0, 1, 1]
    assert by[S.STAGED] == [0, 0, 0, 0, 0]  # superseded within its own week
    assert by[S.COMPLETED] == [0, 0, 2, 1, 1]
    assert by[S.LONG_TERM] == [0, 0, 0, 1, 1]
    assert burn["total"] == [2, 2, 3, 3, 3]
    assert burn["open"] == [2, 2, 1, 2, 2]


def test_it_reads_the_log_at_the_week_end_in_beijing_time(db):
    """A move at Sunday 23:30 Beijing time (15:30 UTC) counts in that week;
    one at Monday 00:30 (Sunday 16:30 UTC) counts in the next."""
    from django.utils import timezone

    from zhenggai.tasks.models import Action, Transition

    campaign = make_campaign()
    cat = make_finding(campaign, "(一)", "类别")
    t1 = make_task(make_finding(campaign, "(1)", "一", cat))
    t2 = make_task(make_finding(campaign, "(2)", "二", cat))
    sunday_late = timezone.make_aware(datetime.datetime(2018, 7, 29, 23, 30))
    monday_early = timezone.make_aware(datetime.datetime(2018, 7, 30, 0, 30))
    Transition.objects.create(task=t1, action=Action.IMPORT, to_status=S.COMPLETED, at=sunday_late)
    Transition.objects.create(task=t2, action=Action.IMPORT, to_status=S.COMPLETED, at=monday_early)
    burn = stats.burndown(Task.objects.all(), D(2018, 8, 6))
    assert burn["by_status"][S.COMPLETED] == [1, 2, 2]


def test_it_keeps_only_the_latest_weeks(db):
    campaign = make_campaign()
    task = make_task(make_finding(campaign, "(1)", "一"))
    history(task, (D(2018, 8, 1), "", S.IN_PROGRESS))
    burn = stats.burndown(Task.objects.all(), D(2020, 1, 1), max_weeks=10)
    assert len(burn["weeks"]) == 10 and burn["truncated"]
    assert burn["weeks"][-1] == D(2019, 12, 30)
    assert burn["by_status"][S.IN_PROGRESS] == [1] * 10


def test_it_starts_a_long_empty_history_at_the_import(db):
    """A ledger imported years after the feedback: no 52 empty weeks."""
    campaign = make_campaign()
    task = make_task(make_finding(campaign, "(1)", "一"))
    history(task, (D(2019, 12, 25), "", S.COMPLETED))
    burn = stats.burndown(Task.objects.all(), D(2020, 1, 1))
    assert burn["weeks"] == [D(2019, 12, 16), D(2019, 12, 23), D(2019, 12, 30)]
    assert burn["by_status"][S.COMPLETED] == [0, 1, 1]
    assert burn["truncated"]
