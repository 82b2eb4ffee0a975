"""The Liwan 2018 report is the spec: every item, status and sub-action must come out right."""

from __future__ import annotations

import json

from reportparser import parse_file

from ._helpers import SEED

# Sub-actions (一是, 二是, …) per item, counted by hand from the seed text.
ACTIONS_PER_ITEM = {
    1: 5, 2: 6, 3: 6, 4: 3, 5: 3, 6: 6, 7: 3, 8: 3, 9: 6, 10: 3,
    11: 0, 12: 0, 13: 2, 14: 4, 15: 4, 16: 6, 17: 0, 18: 4, 19: 3, 20: 4,
    21: 3, 22: 4, 23: 3, 24: 3, 25: 3, 26: 3, 27: 3, 28: 2, 29: 4, 30: 0,
    31: 3, 32: 0, 33: 3, 34: 3, 35: 3, 36: 2, 37: 3, 38: 4, 39: 3, 40: 3,
    41: 2, 42: 0, 43: 4, 44: 3, 45: 3, 46: 4, 47: 3, 48: 3, 49: 3, 50: 3,
    51: 2, 52: 3, 53: 2, 54: 3, 55: 0, 56: 2, 57: 2, 58: 3, 59: 3, 60: 2,
    61: 4, 62: 3, 63: 2,
}  # fmt: skip

CATEGORY_TITLES = [
    "对区委谋划发展能力不足,领导不够坚强有力问题的整改",
    "对党的建设逐级弱化,党员管理不到位问题的整改",
    "对全面从严治党不力问题的整改",
    "对干部选拔任用和日常管理存在突出问题的整改",
    "对落实中央八项规定精神不到位,“四风”整治不力问题的整改",
    "对完善临聘人员管理体制机制问题的整改",
]
LONG_TERM = "长期推进,已落实具体举措并取得明显成效"


def _items(report):
    return {leaf.label: leaf for leaf in report.leaves()}


def test_counts(seed):
    d = seed.to_dict()
    assert d["items"] == 63
    assert d["status_counts"] == {
        "completed": 13,
        "staged": 31,
        "long_term": 19,
        "in_progress": 0,
        "unfinished": 0,
        "none": 0,
    }
    assert [leaf.label for leaf in seed.leaves()] == [f"({i})" for i in range(1, 64)]


def test_categories_and_problems(seed):
    assert [n.label for n in seed.nodes] == ["(一)", "(二)", "(三)", "(四)", "(五)", "(六)"]
    assert [n.title for n in seed.nodes] == CATEGORY_TITLES
    problems = [c for n in seed.nodes[:5] for c in n.children]
    assert [p.label for p in problems] == [f"{i}." for i in range(1, 13)]
    assert [len(n.children) for n in seed.nodes] == [5, 2, 1, 2, 2, 3]
    assert all(not p.label.startswith("(") for p in problems)
    assert all(p.children for p in problems)
    six = seed.nodes[5]
    assert [c.label for c in six.children] == ["(61)", "(62)", "(63)"]
    assert six.text == (
        "针对需完善临聘人员管理体制机制的问题,区委积极研究探索规范临聘人员管理渠道,如:"
        "通过“编随事转、人随事转”原则下放事权,在卫生、教育领域探索员额制,"
        "加强对临聘人员廉洁从政行为及预防职务犯罪行为的日常监管,加大对群众身边“微腐败”的查处力度。"
    )
    assert six.actions == [] and six.status is None
    first = problems[0]
    assert first.title == "针对践行新发展理念,推进重点工作不到位的问题"
    assert first.text.startswith("区委进一步加强党的领导,充分发挥党委总揽全局")
    assert first.text.endswith("建设国家重要中心城市核心功能区和现代化中心城区。")
    assert problems[11].title == "针对财务管理混乱,廉政风险大的问题"
    assert problems[11].actions == []
    # Every node is either a category, a problem or an item: 6 + 12 + 63.
    total = sum(1 for n in seed.nodes for _ in _walk(n))
    assert total == 81


def _walk(node):
    yield node
    for c in node.children:
        yield from _walk(c)


def test_narrative_section_is_not_findings(seed):
    titles = {n.title for top in seed.nodes for n in _walk(top)}
    assert "成立三级领导架构,强化组织协调力度" not in titles
    assert [s.label for s in seed.sections] == ["一、", "二、", "三、"]
    assert [s.findings for s in seed.sections] == [False, True, False]
    assert seed.sections[0].title.startswith("以严和实的要求抓好巡视整改工作")
    assert seed.sections[0].text.startswith("(一)成立三级领导架构,强化组织协调力度。一是成立了")
    assert seed.sections[0].text.count("\n") == 4
    assert seed.sections[1].title == "发挥巡视整改标本兼治作用,推进重点整改项目落地落细"
    assert seed.sections[1].text == ""
    assert seed.sections[2].title == "下一步工作计划"
    assert seed.sections[2].text.startswith("接下来,荔湾区将进一步")
    assert "欢迎" not in seed.sections[2].text


def test_items_titles_and_statuses(seed):
    items = _items(seed)
    for leaf in items.values():
        assert leaf.title.startswith("针对"), leaf.label
        assert leaf.title.endswith("的问题"), leaf.label
        assert leaf.status in {"completed", "staged", "long_term"}
    assert items["(16)"].title == "针对推进解决新中国大厦历史遗留问题不力的问题"
    assert items["(4)"].title == "针对城中村“脏乱差”问题严重的问题"
    assert items["(48)"].title.startswith("针对“凡提四必(核)”落实不到位")
    one = items["(1)"]
    assert one.title == (
        "针对用新发展理念谋划推动工作不够,缺乏战略发展平台和主导产业支撑,中心城区地位弱化的问题"
    )
    assert one.text == "加快推进“三大平台”建设,增强经济创新力和竞争力"
    assert one.status == "long_term" and one.status_text == LONG_TERM
    assert items["(10)"].status_text == "已取得阶段性成效"
    assert items["(18)"].status == "completed" and items["(18)"].status_text == "已完成整改"
    assert items["(61)"].text == ""


def test_item_raw_rebuilds_from_parts(seed):
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for leaf in seed.leaves():
        assert lines[leaf.line - 1] == leaf.raw
        sep = "," if leaf.text else ""
        rebuilt = f"{leaf.label}{leaf.title}{sep}{leaf.text}({leaf.status_text}):{leaf.body}"
        assert rebuilt == leaf.raw, leaf.label


def test_action_counts_item_by_item(seed):
    got = {int(leaf.label.strip("()")): len(leaf.actions) for leaf in seed.leaves()}
    assert got == ACTIONS_PER_ITEM
    for leaf in seed.leaves():
        assert len(leaf.action_labels) == len(leaf.actions)


def test_action_spot_checks(seed):
    items = _items(seed)
    one = items["(1)"]
    assert one.action_labels == ["一是", "二是", "三是", "四是", "五是"]
    assert one.actions[0] == (
        "传统文化商旅活化提升区1-10月完成投资0.5亿元,完成了《逢源大街-荔湾湖历史文化街区保护利用规划》"
        "《恩宁路历史文化街区保护利用规划》《恩宁路历史文化街区试点实施方案》编制,"
        "住建部老旧小区改造试点泮塘五约微改造项目一期已完工、二期抓紧推进,荔枝湾景区活化提升全面启动。"
    )
    assert one.actions[4].endswith(
        "完成停产关闭、整合搬迁、整改提升和限制发展“四类”企业整改163家。"
    )

    thirteen = items["(13)"]
    assert thirteen.action_labels == ["一是", "二是"]
    assert thirteen.actions == [
        "由区城市更新局负责推动泮塘五约微改造,优化社区环境,完善公建配套,为居民打造适宜的生活环境",
        "由区文化商旅发展中心负责解决泮塘地块升级改造工程征收历史遗留问题。"
        "目前,已基本完成泮塘五约微改造一期工程,二期工程有序推进。",
    ]

    sixteen = items["(16)"]
    assert sixteen.action_labels == ["一是", "二是", "四是", "五是", "六是", "七是"]
    assert sixteen.actions[1] == (
        "协调市级层面继续推进化解工作,建议市委重启市处理新中国大厦涉稳问题领导小组运作机制,"
        "统筹协调市、区职能部门履行职责。已对大厦外围4处违法建设作出处理决定,"
        "完成大厦内27个楼层违法建设问题的立案,结案10宗。"
    )
    assert sixteen.actions[5] == "及时公正审理涉法案件,区法院调解结案50件,判决结案11件。"

    twenty = items["(20)"]
    assert twenty.action_labels == ["一是", "二是", "三是", "四是"]
    assert twenty.actions == [
        "及时召开会议安排部署",
        "指导督促街道整改",
        "开展系列专题培训",
        "规范社科论坛管理。",
    ]

    sixty_one = items["(61)"]
    assert sixty_one.title == "针对临聘人员数量庞大,层次复杂的问题"
    assert sixty_one.status == "staged"
    assert sixty_one.action_labels == ["一是", "二是", "三是", "四是"]
    assert sixty_one.actions[1] == (
        "全区各单位从8月8日起暂停招用临聘人员,规范临聘人员入口,避免临聘人员机械式无序增长,有利于落实整改。"
    )
    assert sixty_one.actions[3].startswith(
        "制定《荔湾区完善临聘人员管理体制机制问题整改工作实施方案》"
    )


def test_items_without_markers_keep_body(seed):
    items = _items(seed)
    twelve = items["(12)"]
    assert twelve.actions == [] and twelve.action_labels == []
    assert twelve.status == "staged"
    assert twelve.text == "加快落实农村土地承包经营权确权登记颁证工作"
    assert twelve.body.startswith("狠抓“五个落实”(落实组织领导,落实工作责任,")
    assert twelve.body.endswith("并通过农业部初检和市级检查验收,确权工作基本完成。")
    assert "户数19663户(完成考核任务数的472.67%)" in twelve.body
    for label in ("(11)", "(17)", "(30)", "(32)", "(42)", "(55)"):
        assert items[label].actions == [] and items[label].body


def test_warnings_only_the_gap(seed):
    assert seed.warnings == ["第30行:(16)分项编号不连续:二是之后为四是"]


def test_inspection_and_declared(seed):
    d = seed.to_dict()
    assert d["inspection"] == {
        "kind": "巡视",
        "inspector": "省委第十巡视组",
        "inspected": "广州市荔湾区",
        "onsite_start": "2018-03-12",
        "onsite_end": "2018-05-15",
        "feedback_date": "2018-07-24",
    }
    assert d["declared"]["measures"] == 63
    for key in ("problems", "completed", "staged", "in_progress", "unfinished"):
        assert d["declared"][key] is None


def test_front_and_closing(seed):
    assert seed.title is None
    assert seed.preamble.startswith("根据省委统一部署,2018年3月12日至5月15日")
    assert seed.preamble.endswith("现将巡视整改进展情况予以公布。")
    assert "ICP" not in seed.preamble and "主办单位" not in seed.preamble
    c = seed.closing
    assert c.issuer == "中共广州市荔湾区委"
    assert c.date == "2018-11-27" and c.date_text == "2018年11月27日"
    assert c.text.startswith("欢迎广大干部群众对巡视整改落实情况进行监督。")
    assert c.contact.phone == "020-81007107"
    assert c.contact.email == "lwzhenggaiban@163.com"
    assert c.contact.address == "广州市荔湾区芳村大道西2号"
    assert c.contact.postcode == "510360"


def test_to_dict_contract(seed):
    d = seed.to_dict()
    json.dumps(d, ensure_ascii=False)
    required = {"title", "inspection", "declared", "nodes", "items", "status_counts", "warnings"}
    assert required <= set(d)
    assert {"preamble", "sections", "closing"} <= set(d)
    node = d["nodes"][0]["children"][0]["children"][0]
    assert {"label", "title", "text", "status", "status_text", "actions", "children"} <= set(node)
    assert {"action_labels", "body", "line"} <= set(node)
    assert node["line"] == 14
    assert d["nodes"][0]["line"] == 12
    assert set(d["declared"]) >= {
        "problems",
        "measures",
        "completed",
        "staged",
        "in_progress",
        "unfinished",
    }
    assert d["closing"]["contact"] == {
        "phone": "020-81007107",
        "email": "lwzhenggaiban@163.com",
        "address": "广州市荔湾区芳村大道西2号",
        "postcode": "510360",
    }


def test_parse_file_matches_parse_text(seed):
    assert parse_file(SEED).to_dict() == seed.to_dict()
