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
