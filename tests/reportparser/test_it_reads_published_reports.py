"""Published 巡视/巡察 texts of other provinces, levels and years (tests/reportparser/reports).

Each file's first line gives its source. The expected values below were written by reading
each text, not by running the parser. Texts that state their dates and totals (or dates
and that they publish the rectification) parse into a campaign without items; news of a
feedback meeting, an announcement of an inspection or a supervision visit is no report
(exit 2), though the dates in it are still read the same way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reportparser import NotAReport, parse_file
from reportparser.dates import find_inspection
from reportparser.normalize import is_traditional, simplified

REPORTS = Path(__file__).resolve().parent / "reports"
NO_ITEMS = "未逐项列出整改条目:只读取了巡视巡察时间和声明的总数"


def _ins(kind, inspector, inspected, start=None, end=None, feedback=None):
    return {
        "kind": kind,
        "inspector": inspector,
        "inspected": inspected,
        "onsite_start": start,
        "onsite_end": end,
        "feedback_date": feedback,
    }


# file → (inspections, declared totals that are stated, leaf labels that are visible)
REPORTED = {
    "zj-wucheng-wenlvti-2023.txt": (
        [
            _ins(
                "巡察", "区委第二巡察组", "区文旅体局党组", "2022-09-16", "2022-10-18", "2023-01-17"
            )
        ],
        {"problems": 25, "completed": 19, "in_progress": 6, "rate": 76.0},
        ["(1)"],
    ),
    "jx-nanchang-wenguanglv-2025.txt": (
        [
            _ins(
                "巡察",
                "市委第三巡察组",
                "市文化广电旅游局党委",
                "2025-03-18",
                "2025-06-06",
                "2025-07-31",
            )
        ],
        {},
        [],
    ),
    "yn-kunming-district-roundup-2023.txt": (
        [
            _ins("巡察", "区委巡察组", name, "2021-11-08", "2021-12-20", "2022-01-27")
            for name in (
                "区民政局",
                "区农业农村局",
                "区科信局",
                "区政务服务管理局",
                "区教育体育局直属的32家事业单位",
                "区发改局",
                "区粮油储备购销公司",
            )
        ],
        {"problems": 697, "completed": 688, "staged": 4, "unfinished": 5, "rate": 98.71},
        [],
    ),
    "js-ycit-college-2021.txt": (
        # "2020年11月下旬" names no day: no date rather than a guessed one.
        [_ins("巡察", "学校党委", "机械优集学院")],
        {"problems": 32},
        [],
    ),
    "hb-whu-undergraduate-2023.txt": (
        [_ins("巡视", "校党委", "本科生院", "2022-12-05", "2022-12-13", "2023-03-23")],
        {"problems": 26, "measures": 29, "completed": 29},
        [],
    ),
    "hb-xianning-city-roundup.txt": (
        [_ins("巡察", None, None)],
        {"problems": 471, "completed": 453, "rate": 96.18},
        [],
    ),
    "gd-xingning-yetang-town-2019.txt": (
        [
            _ins("巡察", "兴宁市委机动巡察一组", name, "2018-11-26", "2019-01-26")
            for name in (
                "叶塘镇党委",
                "河西村党组织",
                "黄竹村党组织",
                "长丰村党组织",
                "汤湖村党组织",
            )
        ]
        + [_ins("巡察", "市委第二巡察组", "叶塘镇6个省定贫困村", "2019-03-08", "2019-04-19")],
        {"problems": 14},
        [],
    ),
    "hn-xiangtan-poverty-special-2018.txt": (
        [_ins("巡察", None, None)],
        {"problems": 41, "completed": 35},
        [],
    ),
    # "五方面17项问题56项具体问题表现或案例,细化形成160条整改任务": the 17 are the problems.
    "sh-xuhui-district-2023.txt": (
        [_ins("巡视", "市委第一巡视组", "徐汇区", "2023-03-29", "2023-06-16", "2023-08-29")],
        {"problems": 17, "measures": 160},
        [],
    ),
    # "分解形成79个“问题清单”,逐个问题明确整改措施形成427条“任务清单”"
    "sh-minhang-district-2023.txt": (
        [_ins("巡视", "市委第六巡视组", "闵行区", "2023-03-24", "2023-06-16", "2023-08-29")],
        {"problems": 79, "measures": 427},
        [],
    ),
    # "针对52项问题,……细化制定150条整改措施"
    "sh-brightfood-group-2024.txt": (
        [
            _ins(
                "巡视",
                "市委第六巡视组",
                "光明食品集团党委",
                "2023-10-10",
                "2023-12-15",
                "2024-02-04",
            )
        ],
        {"problems": 52, "measures": 150},
        [],
    ),
    # Openings only: no totals are stated in them.
    "sh-putuo-district-2023.txt": (
        [_ins("巡视", "市委第八巡视组", "普陀区", "2023-03-28", "2023-06-16", "2023-08-31")],
        {},
        [],
    ),
    "sh-yangpu-district-2023.txt": (
        [_ins("巡视", "市委第七巡视组", "杨浦区", "2023-03-28", "2023-06-16", "2023-09-01")],
        {},
        [],
    ),
    "sh-jingan-district-2023.txt": (
        [_ins("巡视", "市委第十巡视组", "静安区", "2023-03-28", "2023-06-16", "2023-08-30")],
        {},
        [],
    ),
    "sh-huangpu-district-2023.txt": (
        [_ins("巡视", "市委第一巡视组", "黄浦区", "2023-03-29", "2023-06-16", "2023-08-30")],
        {},
        [],
    ),
    "sh-hongqiao-cbd-2023.txt": (
        [
            _ins(
                "巡视",
                "市委第一巡视组",
                "中共上海虹桥国际中央商务区管理委员会党组",
                "2022-09-13",
                "2022-11-29",
                "2023-01-12",
            )
        ],
        {},
        [],
    ),
    # A traditional-script reprint, read in simplified characters. Two groups, one company
    # each ("市委第一巡察组、第六巡察组分别对A、B开展了政治巡察"); "2022年4月上旬至6月中旬" and
    # "2022年8月" name no day, so no dates.
    "hb-wuhan-wtk-group-2023.txt": (
        [
            _ins("巡察", "市委第一巡察组", "武汉产业投资发展集团有限公司"),
            _ins("巡察", "市委第六巡察组", "武汉商贸集团有限公司"),
        ],
        {},
        [],
    ),
    # A district state group (四川): the feedback date in the same sentence as the on-site
    # period ("…进行了巡察,2024年1月18日,…反馈了巡察意见"). "发现问题3个,提出整改建议3条" are
    # the discipline commission's findings while supervising, not the report's totals.
    "sc-chengdu-konggang-group-2024.txt": (
        [
            _ins(
                "巡察",
                "区委第三巡察组",
                "空港发展集团党委",
                "2023-10-08",
                "2023-11-17",
                "2024-01-18",
            )
        ],
        {},
        [],
    ),
    # A city state group (贵州) that lists its items as "反馈问题1:…" with "整改落实情况:"
    # after each; the name keeps its "(集团)".
    "gz-zunyi-minhang-group-2025.txt": (
        [
            _ins(
                "巡察",
                "市委第六巡察组",
                "遵义民航产业发展(集团)有限公司党委",
                "2024-04-26",
                "2024-06-30",
                "2024-08-06",
            )
        ],
        {},
        ["反馈问题1", "反馈问题2"],
    ),
    # 北京 市委巡视 of a 党工委: "2024年2月至5月" names no day, so no on-site dates; "7月18日"
    # is in 2024. "(简称党工委)" is no part of the name. "四方面29个具体问题" are the problems
    # (the one the office found itself comes on top); "3个问题均已完成整改" are the three the
    # secretary took on himself, not the report's total.
    "bj-daxing-airport-zone-2025.txt": (
        [
            _ins(
                "巡视",
                "市委第八巡视组",
                "中共北京市委大兴国际机场临空经济区(大兴)工作委员会",
                feedback="2024-07-18",
            )
        ],
        {"problems": 29, "measures": 134},
        [],
    ),
    # A district department (广州花都): "进行巡察" without 了.
    "gd-huadu-konggang-2023.txt": (
        [_ins("巡察", "区委第六巡察组", "区空港委党组", "2022-08-24", "2022-10-21", "2023-01-30")],
        {},
        [],
    ),
    # A city state group (深圳): "(以下简称“机场集团党委”)" is no part of the name, and the
    # round's name stands between 开展了 and 巡察.
    "gd-shenzhen-airport-group-2025.txt": (
        [
            _ins(
                "巡察",
                "市委第一巡察组",
                "中共深圳市机场(集团)有限公司委员会",
                "2023-11-06",
                "2024-01-19",
                "2024-04-15",
            )
        ],
        {},
        [],
    ),
}

# The texts that are real rectification progress reports (整改进展情况的通报/公告), published by
# the inspected organisation or for it; the others are news items and announcements.
PROGRESS_REPORTS = {
    "zj-wucheng-wenlvti-2023.txt",
    "jx-nanchang-wenguanglv-2025.txt",
    "yn-kunming-district-roundup-2023.txt",
    "js-ycit-college-2021.txt",
    "hb-whu-undergraduate-2023.txt",
    "hb-xianning-city-roundup.txt",
    "gd-xingning-yetang-town-2019.txt",
    "hn-xiangtan-poverty-special-2018.txt",
    "sh-xuhui-district-2023.txt",
    "sh-minhang-district-2023.txt",
    "sh-brightfood-group-2024.txt",
    "sh-putuo-district-2023.txt",
    "sh-yangpu-district-2023.txt",
    "sh-jingan-district-2023.txt",
    "sh-huangpu-district-2023.txt",
    "sh-hongqiao-cbd-2023.txt",
    "hb-wuhan-wtk-group-2023.txt",
    "sc-chengdu-konggang-group-2024.txt",
    "gz-zunyi-minhang-group-2025.txt",
    "bj-daxing-airport-zone-2025.txt",
    "gd-huadu-konggang-2023.txt",
    "gd-shenzhen-airport-group-2025.txt",
}

# What the parser still misreads in a real report (the expected values stay the hand-read
# ones, so the case starts passing, and must be unmarked, once the parser reads it).
KNOWN_MISSES: dict[str, str] = {}

# file → the inspection its text states (for the texts that are not reports)
NOT_REPORTS = {
    "gd-sysu-central-2017.txt": _ins(
        "巡视", "中央第三巡视组", "中山大学党委", "2017-03-04", "2017-04-30", "2017-06-20"
    ),
    "sn-yongshou-ganjing-town-2023.txt": _ins(
        "巡察", "县委第二巡察组", "甘井镇党委", "2023-04-19", "2023-06-18", "2023-10-13"
    ),
    "ah-shexian-huicheng-villages-2023.txt": _ins(
        "巡察",
        "县委上下联动巡察组",
        "徽城镇所辖村(社区)党组织",
        "2022-09-19",
        "2022-11-30",
        "2023-03-10",
    ),
    # Months only ("2021年5月至7月", "于2021年9月反馈"): no day, so no date.
    "central-7th-round-universities-2022.txt": _ins(
        "巡视", "十九届中央第七轮巡视", "教育部和31所中管高校党组织"
    ),
    "central-5th-round-ministries-2021.txt": _ins(
        "巡视", "十九届中央第五轮巡视", "35个中央和国家机关单位党组织"
    ),
    "nm-huhhot-safety-announcement-2023.txt": _ins(
        "巡视", "自治区党委第一巡视组", "呼和浩特市安全生产工作", "2023-09-15", "2023-11-15"
    ),
    "ah-wuhu-jinghu-announcement-2023.txt": _ins(
        "巡察",
        "十一届市委第三提级交叉巡察组",
        "镜湖区住房城乡建设交通运输局",
        "2023-07-06",
        "2023-08-15",
    ),
    "js-changzhou-4th-round-2023.txt": None,
    "ah-taihu-mituo-town-2024.txt": None,
    "hb-suixian-junchuan-town-2023.txt": None,
    "bj-blcu-meeting-2016.txt": None,
    "hlj-xiangyang-supervision-2020.txt": None,
}


def test_every_collected_text_is_covered_and_sourced():
    names = {p.name for p in REPORTS.glob("*.txt")}
    assert names == set(REPORTED) | set(NOT_REPORTS)
    assert len(names) >= 20
    for path in REPORTS.glob("*.txt"):
        assert path.read_text(encoding="utf-8").startswith("来源:")


def test_the_real_progress_reports_are_marked():
    assert PROGRESS_REPORTS <= set(REPORTED)
    assert not PROGRESS_REPORTS & set(NOT_REPORTS)
    assert len(PROGRESS_REPORTS) >= 17


def _cases(names):
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[n]))
        if n in KNOWN_MISSES
        else n
        for n in sorted(names)
    ]


@pytest.mark.parametrize("name", _cases(REPORTED))
def test_it_reads_a_published_report(name):
    inspections, declared, labels = REPORTED[name]
    data = parse_file(REPORTS / name).to_dict()
    assert data["inspections"] == inspections
    assert data["inspection"] == inspections[0]
    stated = {k: v for k, v in data["declared"].items() if v is not None}
    assert stated == declared
    leaves = []
    stack = list(reversed(data["nodes"]))
    while stack:
        node = stack.pop()
        if node["children"]:
            stack.extend(reversed(node["children"]))
        else:
            leaves.append(node["label"])
    assert leaves == labels
    assert (NO_ITEMS in data["warnings"]) == (not labels)


def test_a_round_up_names_its_organisations_or_says_it_cannot():
    named = parse_file(REPORTS / "yn-kunming-district-roundup-2023.txt")
    assert any("7个被巡察单位的汇总" in w for w in named.warnings)
    lumped = parse_file(REPORTS / "hb-xianning-city-roundup.txt")
    assert any("45家单位" in w and "未逐一列出" in w for w in lumped.warnings)


def test_a_day_less_period_is_reported_not_guessed():
    report = parse_file(REPORTS / "js-ycit-college-2021.txt")
    assert "第3行:巡察时间无法识别:2020年11月" in report.warnings


@pytest.mark.parametrize("name", sorted(NOT_REPORTS))
def test_news_and_announcements_are_not_reports(name):
    with pytest.raises(NotAReport, match="未找到整改问题条目"):
        parse_file(REPORTS / name)
    expected = NOT_REPORTS[name]
    if expected is None:
        return
    text = (REPORTS / name).read_text(encoding="utf-8")
    found = find_inspection(text, lambda offset: 1)
    assert found.inspections[0].__dict__ == expected


def test_an_announcement_names_each_inspected_unit():
    text = (REPORTS / "ah-wuhu-jinghu-announcement-2023.txt").read_text(encoding="utf-8")
    found = find_inspection(text, lambda offset: 1)
    assert [i.inspected for i in found.inspections] == [
        "镜湖区住房城乡建设交通运输局",
        "区城市管理局",
        "区教育局",
        "区重点工程建设管理处",
        "区农业农村水务局",
        "荆山街道",
    ]


def test_a_traditional_script_reprint_is_read_in_simplified_characters():
    report = parse_file(REPORTS / "hb-wuhan-wtk-group-2023.txt")
    assert report.warnings[0] == "繁体文本:已按简体字读取"
    assert report.inspection.kind == "巡察"
    assert "第2行:反馈日期无法识别:2022年8月" in report.warnings
    reprint = (REPORTS / "hb-wuhan-wtk-group-2023.txt").read_text(encoding="utf-8")
    assert is_traditional(reprint)
    assert "市委第一巡察组、第六巡察组分别对武汉产业投资发展集团有限公司" in simplified(reprint)
    assert len(simplified(reprint)) == len(reprint)
    # A short phrase is not taken for a traditional text: a few such characters occur
    # in simplified names too.
    assert simplified("巡察組對黨委反饋了巡察意見") == "巡察組對黨委反饋了巡察意見"
    plain = (REPORTS / "sh-xuhui-district-2023.txt").read_text(encoding="utf-8")
    assert not is_traditional(plain)
    assert simplified(plain) == plain
