"""Building blocks: numerals, markers, status phrases, dates, normalisation, readers."""

from __future__ import annotations

import pytest

from reportparser.dates import parse_range
from reportparser.items import extract_actions, parse_item, split_title
from reportparser.normalize import paragraphs
from reportparser.numbering import split_marker
from reportparser.numerals import to_int
from reportparser.reader import html_to_text
from reportparser.status import classify, status_line


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("63", 63),
        ("６３", 63),
        ("六十三", 63),
        ("十一", 11),
        ("二十", 20),
        ("一百零五", 105),
        ("二〇一八", 2018),
        ("⑦", 7),
        ("", None),
        ("abc", None),
    ],
)
def test_to_int(text, value):
    assert to_int(text) == value


@pytest.mark.parametrize(
    ("para", "rank", "label", "number"),
    [
        ("一、以严和实的要求", 0, "一、", 1),
        ("十二.关于", 0, "十二.", 12),
        ("(一)对区委", 1, "(一)", 1),
        ("（六）对完善", 1, "（六）", 6),
        ("(二)混合括号", 1, "(二)", 2),
        ("1.针对", 2, "1.", 1),
        ("12、针对", 2, "12、", 12),
        ("3．针对", 2, "3．", 3),
        ("(63)针对", 3, "(63)", 63),
        ("（7）针对", 3, "（7）", 7),
        ("①对软弱涣散村", 4, "①", 1),
    ],
)
def test_markers(para, rank, label, number):
    mk = split_marker(para)
    assert mk is not None
    assert (mk.rank, mk.label, mk.number) == (rank, label, number)


@pytest.mark.parametrize(
    "para",
    ["2018年3月", "1-10月完成投资", "1.5亿元", "3、4月份", "一是成立", "(九年一贯制)", "12.5%", ""],
)
def test_not_markers(para):
    assert split_marker(para) is None


@pytest.mark.parametrize(
    ("phrase", "status"),
    [
        ("已完成整改", "completed"),
        ("完成", "completed"),
        ("整改完成", "completed"),
        ("已取得阶段性成效", "staged"),
        ("阶段性完成", "staged"),
        ("基本完成", "staged"),
        ("长期推进,已落实具体举措并取得明显成效", "long_term"),
        ("长期坚持", "long_term"),
        ("持续推进", "long_term"),
        ("正在整改", "in_progress"),
        ("整改中", "in_progress"),
        ("尚未完成", "unfinished"),
        ("未完成", "unfinished"),
        ("九年一贯制", None),
        ("试行", None),
        ("荔湾段", None),
        ("落实组织领导,落实工作责任", None),
        ("完成考核任务数的111.46%", None),
    ],
)
def test_status_phrases(phrase, status):
    assert classify(phrase) == status


def test_status_lines():
    assert status_line("整改状态:完成") == ("completed", "完成")
    assert status_line("整改状态:阶段性完成") == ("staged", "阶段性完成")
    assert status_line("整改情况:已完成整改") == ("completed", "已完成整改")
    assert status_line("整改情况:区委制定了方案,召开会议三次。") is None
    assert status_line("整改措施:丰富活动内容") is None


def test_title_rules():
    assert split_title("针对推进解决新中国大厦历史遗留问题不力的问题,各单位")[0] == (
        "针对推进解决新中国大厦历史遗留问题不力的问题"
    )
    assert split_title("对党的建设逐级弱化,党员管理不到位问题的整改。")[0] == (
        "对党的建设逐级弱化,党员管理不到位问题的整改"
    )
    assert split_title("针对某某的问题(已完成整改):一是")[0] == "针对某某的问题"


def test_item_without_status():
    item = parse_item("针对某某的问题,加强管理:一是建立制度。二是开展检查。")
    assert (item.title, item.text, item.status) == ("针对某某的问题", "加强管理", None)
    assert item.body == "一是建立制度。二是开展检查。"


def test_action_markers_need_punctuation_before():
    acts = extract_actions("一是统一是非标准。二是唯一是关键,其十一是不算。")
    assert acts.labels == ["一是", "二是"]
    assert acts.texts == ["统一是非标准。", "唯一是关键,其十一是不算。"]
    acts = extract_actions("一是甲;二是乙,三是丙。四是丁;一是嵌套的一是。十一是戊")
    assert acts.labels == ["一是", "二是", "三是", "四是", "十一是"]
    assert acts.texts[3] == "丁;一是嵌套的一是。"
    assert acts.gaps == [("四是", "十一是")]
    assert extract_actions("二是没有一是开头。").labels == []


def test_dates():
    assert parse_range("2018年3月12日至5月15日") == ("2018-03-12", "2018-05-15", True)
    assert parse_range("2019年4月1日至30日") == ("2019-04-01", "2019-04-30", True)
    assert parse_range("7月24日", 2018) == ("2018-07-24", None, True)
    assert parse_range("2018年3月至5月").ok is False
    assert parse_range("2018年2月30日") == (None, None, False)


def test_hard_wrap_keeps_short_heading_lines_apart():
    text = "\n".join(
        ["一、以严和实的要求抓好巡视整改工作" + "甲" * 20] * 8 + ["三、下一步", "接下来,继续。"]
    )
    paras = paragraphs(text)
    assert [p.text for p in paras[-2:]] == ["三、下一步", "接下来,继续。"]


def test_cms_markers_and_line_numbers():
    paras = paragraphs("甲。\r\n[NextPage][/NextPage]二、乙\r\n\r\n丙。")
    assert paras == [(1, "甲。"), (2, "二、乙"), (4, "丙。")]


def test_html_blocks_and_breaks():
    page = (
        "<html><body><div>甲段<br>乙段</div><p>丙\n   段</p><p>abc\n def</p>"
        "<ul><li>丁</li></ul><script>x()</script><div class='footer'>版权</div></body></html>"
    )
    assert html_to_text(page) == "甲段\n乙段\n丙段\nabc def\n丁"
