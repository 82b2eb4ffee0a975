import datetime

import pytest

from tests.spreadsheet._export import export_bytes
from tests.spreadsheet.conftest import by_label, cells, edited, save, workbook_bytes
from zhenggai.audit.models import AuditEntry
from zhenggai.spreadsheet.ledger_import import (
    ImportFailed,
    apply_import,
    parse_deadline,
    plan_import,
)
from zhenggai.tasks.models import Action, Status, Task, Transition


def rows_of(seed):
    return cells(export_bytes(seed.campaign))


def plan_for(seed, tmp_path, rows):
    return plan_import(save(tmp_path, workbook_bytes(rows[1:], rows[0])), seed.campaign, "t.xlsx")


def test_it_writes_nothing_when_one_row_is_bad_and_names_row_and_column(seed, tmp_path):
    rows = edited(rows_of(seed), "(1)", 责任领导="李副区长")
    rows = edited(rows, "(4)", 完成时限="2018-13-45")
    plan = plan_for(seed, tmp_path, rows)
    assert [str(e) for e in plan.errors] == ["第5行 H列(完成时限):无法识别的日期“2018-13-45”"]
    with pytest.raises(ImportFailed):
        apply_import(plan, seed.office)
    assert by_label(seed.campaign, "(1)").leader == "张副区长"


def test_it_updates_an_item_bumps_its_version_and_records_it(seed, tmp_path):
    task = by_label(seed.campaign, "(1)")
    rows = edited(
        rows_of(seed),
        "(1)",
        责任领导="李副区长",
        完成时限="2018年12月底前",
        责任单位="住建局、区城管局",
        整改措施="新的措施\n一是第一项\n二是第二项",
    )
    plan = plan_for(seed, tmp_path, rows)
    assert plan.ok and len(plan.updated) == 1 and plan.unchanged == 62
    apply_import(plan, seed.office)
    after = Task.objects.get(pk=task.pk)
    assert after.version == task.version + 1
    assert (after.leader, after.deadline) == ("李副区长", datetime.date(2018, 12, 31))
    assert after.status == task.status
    assert {u.name for u in after.units.all()} == {"区住房建设局", "区城管局"}
    assert after.measure == "新的措施"
    assert [(a.label, a.text) for a in after.actions.all()] == [
        ("一是", "第一项"),
        ("二是", "第二项"),
    ]
    entry = AuditEntry.objects.get(task_id=task.pk, action="ledger_import")
    assert entry.actor == seed.office
    assert entry.before["leader"] == "张副区长" and entry.after["leader"] == "李副区长"


def test_it_changes_nothing_the_second_time(seed, tmp_path):
    rows = edited(rows_of(seed), "(2)", 责任领导="王局长", 牵头单位="区教育局")
    rows.append(
        ["(64)", rows[1][1], "针对新发现的问题", "新增措施", "区城管局", "", "", "", "", "", ""]
    )
    first = plan_for(seed, tmp_path, rows)
    assert (len(first.created), len(first.updated)) == (1, 1)
    apply_import(first, seed.office)
    entries = AuditEntry.objects.count()
    versions = dict(Task.objects.values_list("pk", "version"))

    second = plan_for(seed, tmp_path, rows)
    assert second.ok and not second.changes and second.unchanged == 64
    apply_import(second, seed.office)
    assert AuditEntry.objects.count() == entries
    assert dict(Task.objects.values_list("pk", "version")) == versions


def test_it_creates_unknown_items_as_drafts_under_their_category(seed, tmp_path):
    rows = rows_of(seed)
    category = rows[1][1]
    rows.append(
        [
            "(64)",
            category,
            "针对新问题的问题",
            "措施\n一是做法",
            "区城管局",
            "区教育局",
            "",
            "2019-01-31",
            "",
            "待下达",
            "",
        ]
    )
    apply_import(plan_for(seed, tmp_path, rows), seed.office)
    task = by_label(seed.campaign, "(64)")
    assert task.status == Status.DRAFT
    assert task.finding.parent == by_label(seed.campaign, "(1)").finding.parent
    assert task.lead_unit == seed.city and task.deadline == datetime.date(2019, 1, 31)
    assert Transition.objects.filter(task=task, action=Action.CREATE).count() == 1
    assert AuditEntry.objects.filter(task_id=task.pk, action=Action.CREATE).exists()
    # Renumbered: the new item follows its siblings and the tree stays in report order.
    exported = [r[0] for r in rows_of(seed)[1:]]
    assert exported[exported.index("(64)") - 1 : exported.index("(64)") + 2] == [
        "(10)",
        "(64)",
        "(11)",
    ]


def test_it_reports_unknown_units(seed, tmp_path):
    rows = edited(rows_of(seed), "(3)", 牵头单位="区火星局", 责任单位="区城管局、区月球办")
    errors = [str(e) for e in plan_for(seed, tmp_path, rows).errors]
    assert errors == [
        "第4行 E列(牵头单位):未知单位“区火星局”",
        "第4行 F列(责任单位):未知单位“区月球办”",
    ]


def test_it_refuses_status_changes_and_unknown_statuses(seed, tmp_path):
    rows = edited(rows_of(seed), "(1)", 整改状态="已完成整改")
    rows = edited(rows, "(2)", 整改状态="差不多了")
    errors = [str(e) for e in plan_for(seed, tmp_path, rows).errors]
    assert errors[0].startswith("第2行 J列(整改状态):整改状态只能通过流程变更")
    assert errors[1] == "第3行 J列(整改状态):无法识别的整改状态“差不多了”"


def test_it_refuses_new_items_without_a_known_category(seed, tmp_path):
    rows = rows_of(seed)
    rows.append(["(99)", "(九)不存在的类别", "问题", "措施", "", "", "", "", "", "", ""])
    assert [str(e) for e in plan_for(seed, tmp_path, rows).errors] == [
        "第65行 B列(问题类别):找不到问题类别“(九)不存在的类别”"
    ]


def test_it_reports_a_file_without_the_header(seed, tmp_path):
    with pytest.raises(ImportFailed, match="缺少列"):
        plan_import(save(tmp_path, workbook_bytes([], ["标题"])), seed.campaign)
    with pytest.raises(ImportFailed, match="无法读取"):
        plan_import(save(tmp_path, b"not a workbook"), seed.campaign)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2018-10-31", ("date", datetime.date(2018, 10, 31))),
        ("2018/10/31", ("date", datetime.date(2018, 10, 31))),
        ("2018年10月31日", ("date", datetime.date(2018, 10, 31))),
        ("2018年2月底前", ("date", datetime.date(2018, 2, 28))),
        ("2018年底", ("date", datetime.date(2018, 12, 31))),
        (datetime.datetime(2018, 10, 31), ("date", datetime.date(2018, 10, 31))),
        ("长期推进", ("timeframe", "long_term")),
        ("立行立改", ("timeframe", "immediate")),
        ("", ("empty", None)),
    ],
)
def test_it_reads_the_ways_offices_write_deadlines(raw, expected):
    assert parse_deadline(raw) == expected
