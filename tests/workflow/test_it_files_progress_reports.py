"""进展填报: one report per unit, item and period; reviewed by the office; revised by the
unit that filed it."""

import datetime

import pytest

from tests.workflow._helpers import make_task
from zhenggai.audit.models import AuditEntry
from zhenggai.reporting.models import Period, ProgressReport, period_start
from zhenggai.tasks.models import Status
from zhenggai.tasks.workflow import Conflict, MissingRequirement, MoveNotAllowed, WrongState

WEDNESDAY = datetime.date(2018, 8, 15)


@pytest.mark.parametrize(
    ("period", "start"),
    [
        (Period.DAY, WEDNESDAY),
        (Period.WEEK, datetime.date(2018, 8, 13)),
        (Period.MONTH, datetime.date(2018, 8, 1)),
    ],
)
def test_it_normalises_the_period_start(period, start):
    assert period_start(period, WEDNESDAY) == start


def test_it_starts_the_iso_week_on_monday_across_a_year_end():
    assert period_start(Period.WEEK, datetime.date(2019, 1, 1)) == datetime.date(2018, 12, 31)


@pytest.mark.django_db
def test_it_files_one_report_per_unit_and_period(world):
    task = make_task(world, Status.IN_PROGRESS)
    report = ProgressReport.file(
        world.lead_member,
        task,
        Period.WEEK,
        WEDNESDAY,
        "完成治理435宗",
        figures=[{"what": "治理", "value": 435, "unit": "宗"}],
    )
    assert (report.unit, report.author, report.period_start) == (
        world.lead,
        world.lead_member,
        datetime.date(2018, 8, 13),
    )
    assert report.status == ProgressReport.Status.SUBMITTED
    assert report.figures == [{"what": "治理", "value": 435, "unit": "宗"}]

    with pytest.raises(WrongState):
        ProgressReport.file(
            world.lead_liaison, task, Period.WEEK, WEDNESDAY + datetime.timedelta(1), "again"
        )
    # Another unit, or another period, is another report.
    ProgressReport.file(world.shared_liaison, task, Period.WEEK, WEDNESDAY, "沙面街道")
    ProgressReport.file(world.lead_liaison, task, Period.MONTH, WEDNESDAY, "月小结")
    assert ProgressReport.objects.count() == 3
    assert AuditEntry.objects.filter(action="report_file", task=task).count() == 3


@pytest.mark.django_db
def test_it_refuses_reports_on_completed_items_and_without_text(world):
    with pytest.raises(WrongState):
        ProgressReport.file(
            world.lead_liaison, make_task(world, Status.COMPLETED), Period.DAY, WEDNESDAY, "x"
        )
    with pytest.raises(MissingRequirement):
        ProgressReport.file(world.lead_liaison, make_task(world), Period.DAY, WEDNESDAY, "  ")


@pytest.mark.django_db
def test_it_is_reviewed_by_the_office_and_revised_by_its_unit(world):
    task = make_task(world, Status.IN_PROGRESS)
    report = ProgressReport.file(world.lead_member, task, Period.WEEK, WEDNESDAY, "进展")

    with pytest.raises(MoveNotAllowed):
        report.accept(world.leader)
    with pytest.raises(MissingRequirement):
        report.return_for_revision(world.office, "")
    report.return_for_revision(world.office, "请补充量化数据")
    assert report.status == ProgressReport.Status.RETURNED
    assert (report.reviewed_by, report.review_comment) == (world.office, "请补充量化数据")

    with pytest.raises(MoveNotAllowed):
        report.revise(world.shared_liaison, "别的单位改", report.version)
    with pytest.raises(Conflict):
        report.revise(world.lead_liaison, "过期页面", report.version - 1)
    report.revise(world.lead_liaison, "完成治理435宗", report.version, figures=[{"value": 435}])
    assert report.status == ProgressReport.Status.SUBMITTED

    report.accept(world.office)
    fresh = ProgressReport.objects.get(pk=report.pk)
    assert (fresh.status, fresh.text, fresh.figures) == (
        ProgressReport.Status.ACCEPTED,
        "完成治理435宗",
        [{"value": 435}],
    )
    with pytest.raises(WrongState):
        fresh.revise(world.lead_liaison, "采纳后再改", fresh.version)
    actions = list(
        AuditEntry.objects.filter(object_type="progress_report")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["report_file", "report_return", "report_revise", "report_accept"]
    revise = AuditEntry.objects.get(action="report_revise")
    assert (revise.before["text"], revise.after["text"]) == ("进展", "完成治理435宗")
    assert (revise.before["status"], revise.after["status"]) == ("returned", "submitted")
