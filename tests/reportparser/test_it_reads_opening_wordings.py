"""Openings worded slightly differently from the seed's: the feedback in the same sentence
as the on-site period, and totals stated as aspects, specific problems or measures drawn up."""

from __future__ import annotations

import pytest

from reportparser import parse_text

ITEMS = (
    "(一)党的领导方面\n"
    "1.针对学习不深入的问题,制定学习计划。(已完成)\n"
    "2.针对制度不健全的问题,修订制度3项。(正在整改)\n"
)


def _report(opening: str):
    return parse_text("关于巡察反馈意见整改进展情况的通报\n" + opening + "\n" + ITEMS)


def test_feedback_in_the_same_sentence_as_the_onsite_period():
    r = _report(
        "2019年4月1日至5月31日,区委第二巡察组对区民政局党组开展了巡察,并于2019年7月10日进行了反馈。"
    )
    assert r.inspection.onsite_start == "2019-04-01"
    assert r.inspection.onsite_end == "2019-05-31"
    assert r.inspection.feedback_date == "2019-07-10"
    assert r.inspection.inspected == "区民政局党组"


def test_feedback_date_without_year_after_a_december_visit_is_next_year():
    r = _report(
        "2018年12月3日至12月28日,市委第一巡察组对市档案馆党组进行了巡察。"
        "1月15日,市委第一巡察组向市档案馆党组反馈了巡察意见。"
    )
    assert r.inspection.feedback_date == "2019-01-15"


@pytest.mark.parametrize(
    ("sentence", "key", "value"),
    [
        ("巡察组反馈了3个方面2个突出问题。", "problems", 2),
        ("梳理出2个具体问题。", "problems", 2),
        ("对照反馈意见,研究制定2项整改措施。", "measures", 2),
        ("局党组提出了2项整改措施。", "measures", 2),
        ("整改完成率达到50%。", "rate", 50.0),
        ("其中已整改销号1个。", "completed", 1),
    ],
)
def test_totals_in_other_words(sentence, key, value):
    r = _report("2019年4月1日至5月31日,区委第二巡察组对区民政局党组开展了巡察。" + sentence)
    assert getattr(r.declared, key) == value
    assert not [w for w in r.warnings if "两者不符" in w]


def test_groups_sharing_a_sentence_are_paired_with_their_organisations():
    r = _report(
        "2022年4月6日至6月15日,市委第一巡察组、第六巡察组分别对甲集团有限公司"
        "(以下简称“甲集团”,已于2022年12月并入丙集团)、乙集团有限公司(以下简称“乙集团”)"
        "开展了政治巡察,并于2022年8月18日分别反馈了巡察意见。"
    )
    assert [(i.inspector, i.inspected) for i in r.inspections] == [
        ("市委第一巡察组", "甲集团有限公司"),
        ("市委第六巡察组", "乙集团有限公司"),
    ]
    assert {(i.onsite_start, i.onsite_end, i.feedback_date) for i in r.inspections} == {
        ("2022-04-06", "2022-06-15", "2022-08-18")
    }


def test_groups_that_cannot_be_paired_are_named_together():
    r = _report(
        "2022年4月6日至6月15日,区委第一巡察组、第二巡察组对甲街道、乙街道、丙街道开展了巡察。"
    )
    assert [(i.inspector, i.inspected) for i in r.inspections] == [
        ("区委第一巡察组、区委第二巡察组", name) for name in ("甲街道", "乙街道", "丙街道")
    ]


def test_an_aside_on_the_name_is_no_part_of_it():
    r = _report(
        "2024年3月1日至4月30日,市委第八巡视组对中共某某经济区(某某)工作委员会(简称党工委)"
        "开展了巡视。7月18日,市委第八巡视组向党工委反馈了巡视意见。"
    )
    assert r.inspection.inspected == "中共某某经济区(某某)工作委员会"
    assert r.inspection.feedback_date == "2024-07-18"


def test_items_named_by_their_place_in_the_feedback():
    r = parse_text(
        "关于巡察整改进展情况的通报\n"
        "2024年4月26日至6月30日,市委第六巡察组对某公司党委开展了巡察,"
        "2024年8月6日,市委巡察组向公司党委反馈了巡察意见。\n"
        "反馈问题1:主责主业不突出。\n"
        "整改落实情况:一是制定发展规划。二是调整业务结构。\n"
        "反馈问题2:市场开发不到位。\n"
        "整改落实情况:一是协调补贴资金。\n"
    )
    assert [(n.label, n.number, n.title) for n in r.nodes] == [
        ("反馈问题1", 1, "主责主业不突出"),
        ("反馈问题2", 2, "市场开发不到位"),
    ]
    assert r.nodes[0].actions == ["制定发展规划。", "调整业务结构。"]
    assert r.inspection.feedback_date == "2024-08-06"


def test_a_section_on_leading_the_rectification_holds_no_items():
    r = parse_text(
        "关于巡察整改进展情况的通报\n"
        "2023年10月8日至11月17日,区委第三巡察组对某集团党委进行了巡察,"
        "2024年1月18日,区委第三巡察组向某集团党委反馈了巡察意见。"
        "现将巡察整改进展情况予以公布。\n"
        "一、落实巡察整改主体责任情况\n"
        "(一)加强组织领导。全面认领问题,研究整改措施。\n"
        "(二)强化责任落实。建立整改台账,逐项推进整改。\n"
    )
    assert r.nodes == []
    assert "未逐项列出整改条目:只读取了巡视巡察时间和声明的总数" in r.warnings
