import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.briefings.conftest import MONDAY, SUNDAY
from zhenggai.briefings.drafting import draft_content
from zhenggai.briefings.models import Briefing
from zhenggai.indicators.models import FigureWording
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.tasks.models import Task


def _weekly(campaign):
    return Briefing.compose(campaign, Briefing.Kind.WEEKLY, MONDAY, SUNDAY, number=1)


def test_it_drafts_the_week_from_accepted_reports_only(week):
    briefing = _weekly(week.campaign)
    items = briefing.content["items"]
    assert [item["task"] for item in items] == [week.a.pk, week.b.pk]  # ledger order
    assert items[0]["reports"][0]["text"] == "甲事项本周完成治理435宗"
    assert "丙事项" not in briefing.progress and "丙事项" not in briefing.text
    assert "甲事项本周完成治理435宗" in briefing.progress
    # The items worth a paragraph, by rule: the one whose reports state more figures first.
    lines = briefing.progress.splitlines()
    assert [line[: len(week.b.finding.label)] for line in lines] == [
        week.b.finding.label,
        week.a.finding.label,
    ]
    assert briefing.title == "荔湾区巡视整改工作简报" and briefing.number == 1
    assert briefing.issue_date == SUNDAY


def test_it_lists_the_status_changes_of_the_week(week):
    briefing = _weekly(week.campaign)
    changes = briefing.content["changes"]
    assert [(c["task"], c["from"], c["to"]) for c in changes] == [
        (week.d.pk, "已完成整改", "正在整改")
    ]
    assert f"{week.d.finding.label}" in briefing.changes
    assert "1项转为“正在整改”" in briefing.changes
    # A reopened item is a problem worth a paragraph.
    assert f"{week.d.finding.label}" in briefing.problems and "反弹" in briefing.problems
    # The import (1 August) is not a change of this week.
    assert len(briefing.content["changes"]) == 1


def test_it_lists_figures_and_sums_them_only_within_an_indicator(week, people):
    figures = _weekly(week.campaign).content["figures"]
    # Nothing classified yet: every figure listed, none summed.
    assert figures["totals"] == []
    assert sorted(f["value"] for f in figures["unclassified"]) == ["3.5万", "435", "65"]
    governed = FigureWording.create_indicator(people.office, "完成治理", "宗", True)
    FigureWording.confirm(people.office, "完成治理", "宗", governed)
    FigureWording.confirm(people.office, "查处", "宗", governed)
    briefing = _weekly(week.campaign)
    [total] = briefing.content["figures"]["totals"]
    assert (total["name"], total["value"], total["n"]) == ("完成治理", "500", 2)
    assert {f["label"] for f in total["figures"]} == {week.a.finding.label, week.b.finding.label}
    # 3.5万元 says nothing of what it counts: listed, never added to anything.
    assert [f["value"] for f in briefing.content["figures"]["unclassified"]] == ["3.5万"]
    assert "完成治理500宗(涉及2项)" in briefing.figures
    assert "未计入合计" in briefing.figures and "。。" not in briefing.text


def test_it_counts_statuses_and_overdue_items_as_of_the_week_end(week):
    briefing = _weekly(week.campaign)
    content = briefing.content
    assert content["total"] == Task.objects.filter(finding__campaign=week.campaign).count()
    counts = {row["status"]: row["count"] for row in content["counts"]}
    assert counts["in_progress"] >= 1 and sum(counts.values()) == content["total"]
    assert [o["task"] for o in content["overdue"]] == [week.a.pk]
    assert content["overdue"][0]["days"] == 8
    assert "已逾期8天" in briefing.problems
    assert "表1 整改事项状态统计" in briefing.text


def test_it_says_so_when_the_week_has_no_data(week):
    later = Briefing.compose(
        week.campaign,
        Briefing.Kind.WEEKLY,
        datetime.date(2018, 12, 10),
        datetime.date(2018, 12, 16),
    )
    assert later.content["items"] == [] and later.content["changes"] == []
    assert later.progress == "本周无新增进展。"
    assert "本周无新增进展" in later.text and "本周未填报量化数据" in later.text
    # Before the ledger existed: no items at all, still a briefing.
    before = Briefing.compose(
        week.campaign, Briefing.Kind.WEEKLY, datetime.date(2018, 7, 2), datetime.date(2018, 7, 8)
    )
    assert before.content["total"] == 0 and "本周无新增进展" in before.text


def test_it_drafts_the_month_and_the_two_month_report(week):
    month = Briefing.compose(
        week.campaign, Briefing.Kind.MONTHLY, datetime.date(2018, 9, 1), datetime.date(2018, 9, 30)
    )
    assert "本月重点事项进展" in month.text and "甲事项本周完成治理435宗" in month.text
    inspection = week.campaign.inspections.first()
    assert inspection.feedback_date == datetime.date(2018, 7, 24)
    from zhenggai.briefings.models import two_month_period

    start, end = two_month_period(week.campaign, datetime.date(2018, 9, 30))
    report = Briefing.compose(week.campaign, Briefing.Kind.TWO_MONTH, start, end)
    assert (start, end) == (datetime.date(2018, 7, 24), datetime.date(2018, 9, 24))
    assert "2018年7月24日" in report.overview and "整改落实进展" in report.text
    assert "第" not in report.text.splitlines()[1]  # the report has no issue number


def test_it_drafts_in_a_bounded_number_of_queries(week, people):
    with CaptureQueriesContext(connection) as few:
        draft_content(week.campaign, Briefing.Kind.WEEKLY, MONDAY, SUNDAY)
    # Many more reports in the week: the same number of queries.
    tasks = Task.objects.filter(finding__campaign=week.campaign, lead_unit__isnull=True)
    for task in list(tasks)[:15]:
        task.set_assignment(people.office, task.version, lead_unit=people.unit)
        task.refresh_from_db()
        if task.status in ("completed",):
            continue
        report = ProgressReport.file(people.liaison, task, Period.WEEK, MONDAY, "更多进展")
        report.accept(people.office)
    with CaptureQueriesContext(connection) as many:
        content = draft_content(week.campaign, Briefing.Kind.WEEKLY, MONDAY, SUNDAY)
    assert len(content["items"]) > 2
    assert len(many) == len(few) <= 7
