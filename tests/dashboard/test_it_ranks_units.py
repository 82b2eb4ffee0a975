"""The ranking: each term counted from the log and the reports, and the score's formula."""

import datetime

import pytest
from django.utils import timezone

from tests.conftest import make_unit, make_user
from tests.dashboard.conftest import at, history, make_campaign, make_finding, make_task
from zhenggai.accounts.models import Role
from zhenggai.dashboard import stats
from zhenggai.dashboard.stats import UnitScore, rank
from zhenggai.reporting.models import ProgressReport
from zhenggai.rollups.maintain import touch
from zhenggai.tasks.models import Status, Task, Timeframe

D = datetime.date
S = Status


def test_the_score_follows_the_formula_on_the_page():
    s = UnitScore(
        unit_id=1,
        name="区甲局",
        expected_reports=5,
        on_time_reports=2,
        completed=1,
        closed_on_time=1,
        overdue=1,
        returned=1,
    )
    # 50 × 2/5 + 50 × 1/(1+1) − 5 × 1 − 2 × 1
    assert s.reporting_rate == 0.4 and s.closure_rate == 0.5
    assert s.score == 38.0
    # Nothing expected, nothing due: full marks, not a division by zero.
    assert UnitScore(unit_id=2, name="区乙局").score == 100.0
    # More on-time reports than expected weeks cannot pass 100%.
    assert (
        UnitScore(unit_id=3, name="丙", expected_reports=1, on_time_reports=3).reporting_rate == 1
    )
    assert "50 × 按时填报率" in str(stats.FORMULA)


def test_equal_scores_share_a_rank():
    ordered = rank(
        [
            UnitScore(unit_id=1, name="乙", overdue=1),
            UnitScore(unit_id=2, name="甲"),
            UnitScore(unit_id=3, name="丙"),
        ]
    )
    assert [(s.name, s.rank) for s in ordered] == [("丙", 1), ("甲", 1), ("乙", 3)]


def report(task, unit, author, week, filed, status=ProgressReport.Status.SUBMITTED):
    r = ProgressReport.objects.create(
        task=task,
        unit=unit,
        author=author,
        period="week",
        period_start=week,
        text="进展",
        status=status,
    )
    ProgressReport.objects.filter(pk=r.pk).update(created_at=filed)
    touch([task.pk])
    return r


@pytest.fixture
def ranked(db):
    a, b = make_unit("区甲局"), make_unit("区乙局")
    ua = make_user("ua", Role.LIAISON, a)
    ub = make_user("ub", Role.LIAISON, b)
    campaign = make_campaign()
    cat = make_finding(campaign, "(一)", "类别")

    def item(n, unit, deadline, status, units=()):
        return make_task(
            make_finding(campaign, f"({n})", f"问题{n}", cat),
            unit,
            units,
            deadline=deadline,
            timeframe=Timeframe.DEADLINE,
            status=status,
        )

    x = item(1, a, D(2018, 9, 30), S.COMPLETED, units=[b])
    history(
        x,
        (D(2018, 8, 6), S.ASSIGNED, S.CLAIMED),
        (D(2018, 8, 10), S.CLAIMED, S.IN_PROGRESS),
        (D(2018, 8, 29), S.OFFICE_ACCEPTED, S.COMPLETED),
    )
    report(x, a, ua, D(2018, 8, 6), at(D(2018, 8, 10), 23))  # Friday: on time
    report(x, a, ua, D(2018, 8, 13), at(D(2018, 8, 18)))  # Saturday: late
    report(x, a, ua, D(2018, 8, 20), at(D(2018, 8, 20)), ProgressReport.Status.RETURNED)
    report(x, b, ub, D(2018, 8, 27), at(D(2018, 8, 27)))  # the sharing unit's: not A's
    y = item(2, a, D(2018, 9, 1), S.IN_PROGRESS)
    history(y, (D(2018, 8, 20), S.ASSIGNED, S.CLAIMED), (D(2018, 8, 21), S.CLAIMED, S.IN_PROGRESS))
    z = item(3, b, D(2018, 8, 20), S.COMPLETED)
    history(z, (D(2018, 8, 13), S.ASSIGNED, S.CLAIMED), (D(2018, 8, 22), S.CLAIMED, S.COMPLETED))
    report(z, b, ub, D(2018, 8, 13), timezone.make_aware(datetime.datetime(2018, 8, 17, 23, 59)))
    return a, b


def test_it_counts_each_term_from_the_log_and_the_reports(ranked):
    scores = {s.name: s for s in stats.ranking(Task.objects.all(), D(2018, 9, 5))}
    a, b = scores["区甲局"], scores["区乙局"]
    # A: x expected 08-06, 08-13, 08-20 (stops the week before it closed); y 08-20, 08-27.
    assert (a.items, a.expected_reports, a.on_time_reports) == (2, 5, 2)
    assert (a.completed, a.closed_on_time, a.overdue, a.returned) == (1, 1, 1, 1)
    assert a.score == 38.0
    # B: z expected 08-13 only, filed Friday 23:59; closed two days late.
    assert (b.items, b.expected_reports, b.on_time_reports) == (1, 1, 1)
    assert (b.completed, b.closed_on_time, b.overdue, b.returned) == (1, 0, 0, 0)
    assert b.score == 50.0
    assert [(s.rank, s.name) for s in stats.ranking(Task.objects.all(), D(2018, 9, 5))] == [
        (1, "区乙局"),
        (2, "区甲局"),
    ]


def test_the_page_shows_each_units_terms(client, ranked, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2018, 9, 5))
    client.force_login(make_user("office", Role.OFFICE))
    body = client.get("/").content.decode()
    assert "2/5" in body and "40.0%" in body and "38.0" in body
