"""Small handwritten reports in the other styles seen in the wild."""

from __future__ import annotations

from reportparser import parse_file, parse_text

from ._helpers import SAMPLES, canon


def _leaf(report, label):
    return next(leaf for leaf in report.leaves() if leaf.label == label)


def test_two_level_xuncha_with_status_lines():
    r = parse_file(SAMPLES / "xuncha-two-level.txt")
    d = r.to_dict()
    assert d["title"] == (
        "中共广州市某某区民政局党组关于区委第二巡察组巡察反馈意见整改进展情况的通报"
    )
    assert d["inspection"] == {
        "kind": "巡察",
        "inspector": "区委第二巡察组",
        "inspected": "区民政局党组",
        "onsite_start": "2019-04-01",
        "onsite_end": "2019-05-31",
        "feedback_date": "2019-07-10",
    }
    # Every 一、 section is a category, so the sections are the top-level nodes.
    assert [n.label for n in r.nodes] == ["一、", "二、", "三、"]
    assert [n.title for n in r.nodes] == [
        "关于党的领导弱化的问题",
        "关于党的建设缺失的问题",
        "关于全面从严治党不力的问题",
    ]
    assert all(s.findings for s in r.sections)
    assert [len(n.children) for n in r.nodes] == [2, 2, 1]
    assert d["items"] == 5
    assert d["status_counts"]["completed"] == 3
    assert d["status_counts"]["staged"] == 2
    assert d["declared"]["problems"] == 5
    assert d["declared"]["completed"] == 3
    assert d["declared"]["staged"] == 2
    assert d["warnings"] == []
    one = _leaf(r, "1.")
    assert one.title == "针对学习贯彻习近平新时代中国特色社会主义思想不深入的问题"
    assert one.body == "局党组制定年度学习计划,开展专题学习12次。"
    assert one.status_text == "完成" and one.status_line == "整改状态:完成"
    two = _leaf(r, "2.")
    assert two.text == "制定《意识形态工作责任清单》"
    assert two.actions == ["明确班子成员责任", "每季度专题研究一次。"]
    three = _leaf(r, "3.")
    assert three.text == "" and three.actions == ["统一印发记录本", "开展督查2次。"]
    five = _leaf(r, "5.")
    assert five.status == "completed" and five.status_text == "已完成整改"
    assert r.closing.issuer == "中共广州市某某区民政局党组"
    assert r.closing.date == "2019-10-08"
    assert r.closing.contact.phone == "020-12345678"
    assert r.closing.contact.email == "mzj@example.cn"


def test_declared_totals_that_do_not_match_warn():
    text = (SAMPLES / "xuncha-two-level.txt").read_text(encoding="utf-8")
    text = text.replace("巡察反馈5个具体问题,整改完成3个", "巡察反馈六个具体问题,整改完成4个")
    r = parse_text(text)
    assert r.declared.problems == 6 and r.declared.completed == 4
    assert r.warnings == [
        "第3行:声明问题6个,识别出整改条目5个,两者不符",
        "第3行:声明已完成4个,标注为已完成的条目3个,两者不符",
    ]


def _canon_tree(d):
    if isinstance(d, dict):
        return {k: _canon_tree(v) for k, v in d.items()}
    if isinstance(d, list):
        return [_canon_tree(v) for v in d]
    return canon(d)


def test_four_level_report():
    # This sample, like many real reports, uses full-width punctuation throughout.
    r = parse_file(SAMPLES / "four-level.txt")
    d = _canon_tree(r.to_dict())
    assert r.nodes[0].label == "\uff08一\uff09"
    assert d["title"] == "中共某某县委关于巡视整改进展情况的通报"
    assert d["inspection"]["inspector"] == "省委第三巡视组"
    assert d["inspection"]["inspected"] == "某某县"
    assert d["inspection"]["onsite_start"] == "2019-03-10"
    assert d["inspection"]["feedback_date"] == "2019-06-20"  # year carried over
    assert [s.findings for s in r.sections] == [False, True, False]
    assert [n["label"] for n in d["nodes"]] == ["(一)", "(二)"]
    assert [n["title"] for n in d["nodes"]] == [
        "关于贯彻落实党的路线方针政策方面",
        "关于党的建设方面",
    ]
    assert [[c["label"] for c in n["children"]] for n in d["nodes"]] == [["1.", "2."], ["3.", "4."]]
    assert d["items"] == 6
    assert d["declared"]["measures"] == 6
    assert d["status_counts"] == {
        "completed": 3,
        "staged": 1,
        "long_term": 1,
        "in_progress": 1,
        "unfinished": 0,
        "none": 0,
    }
    assert d["warnings"] == []
    assert _leaf(r, "\uff081\uff09").actions == ["引进企业3家。", "建成产业园1个。"]
    assert canon(_leaf(r, "\uff082\uff09").body) == "组建专业招商队伍,外出招商5次。"
    assert _leaf(r, "\uff085\uff09").status_text == "长期坚持"
    assert _leaf(r, "\uff086\uff09").title == "针对文山会海问题反弹的问题"
    assert r.closing.date == "2019-09-30"


def test_flat_report_with_completed_and_in_progress_declaration():
    r = parse_file(SAMPLES / "flat-declared.txt")
    d = _canon_tree(r.to_dict())
    assert d["title"] == "关于市委巡察组反馈意见整改情况的报告"
    assert d["sections"] == []
    assert d["inspection"]["kind"] == "巡察"
    assert d["inspection"]["inspector"] == "市委第一巡察组"
    assert d["inspection"]["inspected"] == "市文化广电旅游局党组"
    assert d["inspection"]["onsite_end"] == "2020-06-30"
    assert d["inspection"]["feedback_date"] == "2020-08-12"
    assert d["declared"]["problems"] == 4
    assert d["declared"]["completed"] == 2
    assert d["declared"]["in_progress"] == 2
    assert d["items"] == 4
    assert d["status_counts"]["completed"] == 2
    assert d["status_counts"]["in_progress"] == 2
    assert d["warnings"] == []
    one = _leaf(r, "1.")
    assert one.status_text == "已完成" and one.body == "局党组每季度专题研究党建工作一次。"
    two = _leaf(r, "2.")
    assert two.text == "建立网站和公众号审核制度"
    assert two.actions == ["落实三审三校", "每月开展巡查。"]
    assert two.action_labels == ["一是", "二是"]
    assert two.status == "in_progress"
    three = _leaf(r, "3、")
    assert canon(three.body) == "整改措施:丰富活动内容,开展送戏下乡。"
    assert three.status == "in_progress" and canon(three.status_line) == "整改状态:正在整改"


def test_xuncha_lead_without_comma():
    text = (
        "2019年4月1日至5月31日区委第二巡察组对区民政局党组进行了常规巡察。"
        "2019年7月10日,区委第二巡察组向区民政局党组反馈了巡察意见。\n"
        "1.针对学习不深入的问题,制定学习计划(已完成整改):开展学习12次。\n"
    )
    ins = parse_text(text).inspection
    assert ins.inspector == "区委第二巡察组"
    assert (ins.onsite_start, ins.onsite_end, ins.feedback_date) == (
        "2019-04-01",
        "2019-05-31",
        "2019-07-10",
    )


def test_unreadable_dates_are_null_with_warning():
    text = (
        "2018年3月至5月,省委第十巡视组对某区进行了巡视。2018年7月某日,省委巡视组反馈了巡视意见。\n"
        "(1)针对某某的问题,加强管理(已完成整改):一是建立制度。\n"
    )
    r = parse_text(text)
    assert r.inspection.onsite_start is None and r.inspection.onsite_end is None
    assert r.inspection.feedback_date is None
    assert r.inspection.kind == "巡视" and r.inspection.inspector == "省委第十巡视组"
    assert any(w.startswith("第1行:") and "2018年3月至5月" in w for w in r.warnings)
    assert r.items == 1


def test_chinese_numeral_dates_and_counts():
    text = (
        "二〇一八年三月十二日至五月十五日,省委第十巡视组对某区进行了巡视。"
        "七月二十四日,省委巡视组反馈了巡视意见。全区共制定六十三项整改措施。\n"
        "(1)针对某某的问题,加强管理(已完成整改):一是建立制度。十一是不算。\n"
    )
    r = parse_text(text)
    assert r.inspection.onsite_start == "2018-03-12"
    assert r.inspection.onsite_end == "2018-05-15"
    assert r.inspection.feedback_date == "2018-07-24"
    assert r.declared.measures == 63
    assert any("声明整改措施63个" in w for w in r.warnings)


MIXED = """某区关于巡察整改情况的通报
2021年3月1日至4月30日，市委第三巡察组对某区进行了巡察。
一、整改工作开展情况
区委高度重视，成立领导小组。
二、关于落实主体责任不到位的问题
1.针对学习不深入的问题，制定计划（已完成整改）：一是学习。二是考核。
2.针对考核不严的问题（正在整改）：修订考核办法。
1.5亿元资金已经下达。
三、关于作风建设不实的问题
3.针对文山会海的问题，精简会议。
整改状态：阶段性完成
四、下一步工作
继续抓好整改。"""


def test_narrative_and_findings_sections_mixed():
    r = parse_text(MIXED)
    assert [s.findings for s in r.sections] == [False, True, True, False]
    assert [n.label for n in r.nodes] == ["二、", "三、"]
    assert r.sections[0].text == "区委高度重视，成立领导小组。"
    assert r.sections[3].text == "继续抓好整改。"
    two = r.nodes[0].children[1]
    # "1.5亿元" is not a heading: it stays in the item it follows.
    assert two.body == "修订考核办法。\n1.5亿元资金已经下达。"
    assert [leaf.status for leaf in r.leaves()] == ["completed", "in_progress", "staged"]
    assert r.warnings == []
    assert r.inspection.feedback_date is None
