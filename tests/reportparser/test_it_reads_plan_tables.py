"""The plan's task table: headers by meaning, merged categories, split headers, nested
numbering, empty rows, several units in a cell, deadlines of every kind — every field read."""

from __future__ import annotations

import datetime

import pytest

from reportparser.plan import PlanError, header_field, read_plan

from ._plans import document, merge_across, merge_down, seed_plan, table


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("序号", "label"),
        ("序 号", "label"),
        ("问题\n类别", "category"),
        ("反馈问题", "problem"),
        ("问题表现", "problem"),
        ("巡察反馈\n问题", "problem"),
        ("整改目标", "target"),
        ("整改措施", "measure"),
        ("具体整改措施", "measure"),
        ("责任领导", "leader"),
        ("牵头领导", "leader"),
        ("牵头单位", "lead_units"),
        ("责任单位(牵头)", "lead_units"),
        ("责任单位", "units"),
        ("配合单位", "units"),
        ("完成时限", "deadline"),
        ("整改\n时限", "deadline"),
        ("备注", None),
        ("", None),
    ],
)
def test_headers_are_recognised_by_meaning(header, field):
    assert header_field(header) == field


def test_merged_category_rows_and_every_field(tmp_path):
    doc = document()
    header = [
        "序 号",
        "反馈问题",
        "整改目标",
        "整改\n措施",
        "牵头领导",
        "牵头单位",
        "配合单位",
        "完成时限",
    ]
    rows = [
        [],  # 一、 category, merged across
        [
            "1",
            "理论学习不深入",
            "学习制度化",
            "一是制定学习计划;二是每月集中学习",
            "张三",
            "区委办",
            "区委宣传部、区委组织部",
            "立行立改",
        ],
        [
            "2",
            "意识形态责任制落实不到位",
            "",
            "修订责任清单",
            "李四",
            "区委宣传部",
            "",
            "2018年12月底前",
        ],
        [],  # 二、 category
        ["", "", "", "", "", "", "", ""],  # an empty row
        [
            "3",
            "公务用车管理不规范",
            "",
            "完善派车登记",
            "王五",
            "区机关事务局(牵头)、区财政局",
            "区审计局\n区纪委监委",
            "长期坚持",
        ],
        ["4", "财务报销不规范", "", "开展专项检查", "王五", "区财政局", "", "2018.10.31"],
    ]
    t = table(doc, header, rows)
    merge_across(t, 1, "一、党的领导方面")
    merge_across(t, 4, "二、作风建设方面")
    path = tmp_path / "plan.docx"
    doc.save(path)

    plan = read_plan(path)
    assert plan.title == "中共某某区委关于巡察反馈意见整改落实方案"
    assert plan.organisation == "中共某某区委"
    assert plan.columns == {
        "序号": "label",
        "反馈问题": "problem",
        "整改目标": "target",
        "整改措施": "measure",
        "牵头领导": "leader",
        "牵头单位": "lead_units",
        "配合单位": "units",
        "完成时限": "deadline",
    }
    one, two, three, four = plan.items
    assert (one.row, one.label, one.category) == (3, "1", "一、党的领导方面")
    assert (one.problem, one.target, one.leader) == ("理论学习不深入", "学习制度化", "张三")
    assert one.measure == "一是制定学习计划;二是每月集中学习"
    assert (one.lead_units, one.units) == (["区委办"], ["区委宣传部", "区委组织部"])
    assert (one.deadline, one.timeframe, one.deadline_text) == (None, "immediate", "立行立改")
    assert one.source_cells == {
        "label": "表1!A3",
        "problem": "表1!B3",
        "target": "表1!C3",
        "measure": "表1!D3",
        "leader": "表1!E3",
        "lead_units": "表1!F3",
        "units": "表1!G3",
        "deadline": "表1!H3",
    }
    assert (two.target, two.units, two.deadline, two.timeframe) == (
        "",
        [],
        "2018-12-31",
        "deadline",
    )
    assert (three.row, three.category) == (7, "二、作风建设方面")
    # The unit marked 牵头 leads, the other in the lead cell shares, like the 配合单位.
    assert three.lead_units == ["区机关事务局", "区财政局"]
    assert three.units == ["区审计局", "区纪委监委"]
    assert (three.deadline, three.timeframe) == (None, "long_term")
    assert (four.deadline, four.timeframe) == ("2018-10-31", "deadline")
    assert plan.warnings == []


def test_a_merged_first_column_is_the_category(tmp_path):
    doc = document(None)
    header = ["问题类别", "序号", "问题表现", "整改措施", "责任单位", "整改时限"]
    rows = [
        ["", "1", "甲问题", "甲措施", "区民政局", "2019年6月"],
        ["", "2", "乙问题", "乙措施", "区民政局", "2019年上半年"],
        ["", "3", "丙问题", "丙措施", "区人社局", "2019年底前"],
    ]
    t = table(doc, header, rows)
    merge_down(t, 0, 1, 2, "党的建设方面")
    t.cell(3, 0).text = "全面从严治党方面"
    path = tmp_path / "plan.docx"
    doc.save(path)
    plan = read_plan(path)
    assert plan.title is None
    assert [i.category for i in plan.items] == ["党的建设方面", "党的建设方面", "全面从严治党方面"]
    # 责任单位 alone: the units that carry the item, which lead it.
    assert plan.columns["责任单位"] == "lead_units"
    assert [i.lead_units for i in plan.items] == [["区民政局"], ["区民政局"], ["区人社局"]]
    assert [i.deadline for i in plan.items] == ["2019-06-30", "2019-06-30", "2019-12-31"]


def test_a_header_split_over_two_rows(tmp_path):
    doc = document()
    header = ["序号", "存在问题", "整改措施", "责任主体", "", "完成时间"]
    t = table(
        doc,
        header,
        [
            ["", "", "", "牵头单位", "配合单位", ""],
            ["1", "问题一", "措施一", "区教育局", "区财政局", "2018年11月30日"],
        ],
    )
    merge_down(t, 0, 0, 1, "序号")
    merge_down(t, 1, 0, 1, "存在问题")
    merge_down(t, 2, 0, 1, "整改措施")
    merge_down(t, 5, 0, 1, "完成时间")
    t.cell(0, 3).merge(t.cell(0, 4)).text = "责任主体"
    path = tmp_path / "plan.docx"
    doc.save(path)
    plan = read_plan(path)
    assert plan.columns == {
        "序号": "label",
        "存在问题": "problem",
        "整改措施": "measure",
        "责任主体/牵头单位": "lead_units",
        "责任主体/配合单位": "units",
        "完成时间": "deadline",
    }
    (item,) = plan.items
    assert (item.row, item.label, item.problem, item.measure) == (3, "1", "问题一", "措施一")
    assert (item.lead_units, item.units, item.deadline) == (
        ["区教育局"],
        ["区财政局"],
        "2018-11-30",
    )


def test_nested_numbering_and_a_second_table(tmp_path):
    doc = document()
    header = ["序号", "问题", "整改措施", "责任单位", "完成时限"]
    rows = [
        ["1", "干部选任不规范", "", "", ""],  # a problem with its measures below
        ["(1)", "", "修订选任办法", "区委组织部", "2018年9月30日"],
        ["(2)", "", "开展专项检查", "区委组织部", "尽快"],
        ["2", "档案管理混乱", "整理干部档案", "区委组织部", "2018年12月"],
    ]
    table(doc, header, rows)
    doc.add_paragraph("附件2:整改工作领导小组成员名单")
    table(doc, ["姓名", "职务", "联系电话"], [["张三", "组长", "12345678"]])
    path = tmp_path / "plan.docx"
    doc.save(path)
    plan = read_plan(path)
    first, second, third = plan.items
    assert (first.label, first.problem, first.problem_label, first.shared_problem) == (
        "(1)",
        "干部选任不规范",
        "1",
        True,
    )
    assert (second.label, second.problem, second.problem_label) == ("(2)", "干部选任不规范", "1")
    assert (third.label, third.problem, third.shared_problem) == ("2", "档案管理混乱", False)
    assert (second.deadline, second.timeframe, second.deadline_text) == (None, None, "尽快")
    assert plan.warnings == ["表1!E4:完成时限“尽快”无法识别"]
    assert third.deadline == "2018-12-31"


def test_an_xlsx_task_table(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "任务清单"
    ws.append(["某某局党组巡察整改任务清单"])
    ws.merge_cells("A1:F1")
    ws.append(["序号", "反馈问题", "整改措施", "责任领导", "责任部门", "完成时限"])
    ws.append(["一、党建方面"])
    ws.merge_cells("A3:F3")
    ws.append(
        [1, "支部活动不规范", "规范三会一课", "张三", "机关党委", datetime.datetime(2019, 3, 31)]
    )
    ws.append([2, "党费收缴不及时", "按月收缴", "张三", "机关党委;财务科", "立行立改"])
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    plan = read_plan(path)
    assert plan.title == "某某局党组巡察整改任务清单"
    a, b = plan.items
    assert (a.row, a.label, a.category, a.problem) == (4, "1", "一、党建方面", "支部活动不规范")
    assert (a.lead_units, a.deadline, a.timeframe) == (["机关党委"], "2019-03-31", "deadline")
    assert a.source_cells["deadline"] == "任务清单!F4"
    assert (b.lead_units, b.timeframe) == (["机关党委", "财务科"], "immediate")


def test_a_document_without_a_task_table_is_refused(tmp_path):
    doc = document()
    table(doc, ["姓名", "职务"], [["张三", "组长"]])
    path = tmp_path / "minutes.docx"
    doc.save(path)
    with pytest.raises(PlanError, match="未找到"):
        read_plan(path)
    with pytest.raises(PlanError):
        read_plan(tmp_path / "missing.docx")


def test_the_seed_as_a_63_row_plan(tmp_path):
    path = tmp_path / "seed-plan.docx"
    expected = seed_plan(path)
    data = read_plan(path).to_dict()
    assert data["title"] == "中共广州市荔湾区委关于省委第十巡视组反馈意见整改落实方案"
    assert len(data["items"]) == 63
    for want, got in zip(expected, data["items"], strict=True):
        for key, value in want.items():
            assert got[key] == value, (got["row"], key)
    deadlines = {(i["deadline_text"], i["deadline"], i["timeframe"]) for i in data["items"]}
    assert deadlines == {
        ("2018年12月底前", "2018-12-31", "deadline"),
        ("立行立改", None, "immediate"),
        ("长期坚持", None, "long_term"),
        ("2018年10月31日", "2018-10-31", "deadline"),
    }
