"""reportparser.figures: quantities in Chinese progress text (pure, no Django)."""

from __future__ import annotations

import json
import re
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reportparser.figures import Figure, find_figures  # noqa: E402

SEED = ROOT / "zhenggai" / "seeds" / "liwan-2018.txt"
NUMERAL_CHARS = set("0123456789０１２３４５６７８９零〇一二两三四五六七八九十百千万亿")


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def item(n: int) -> str:
    """The line of the seed that starts with the label (n)."""
    rx = re.compile(rf"^[((]{n}[))].*$", re.MULTILINE)
    m = rx.search(seed_text())
    assert m, f"item ({n}) not in the seed"
    return m.group()


def triples(text: str) -> list[tuple]:
    return [(f.value, f.unit, f.approx) for f in find_figures(text)]


# Hand-read from the seed, in order of appearance.  Not figures there: 1-10月 (date), “四类”,
# 4K产业, 一期/二期/首期 (phases), 第一批/第七届 (ordinals), 3D打印, “三隧四路五轨道”, 一批, 三甲,
# 广州四中, 14小时 (duration), 两班, “一宗一档”, 8月1日, 百日行动, 十件实事 (a named programme),
# 2018年9月底, 2019年底, 第三期三年, 九年一贯制, 广州一中, 2019年9月.
SEED_ITEMS: dict[int, list[tuple]] = {
    1: [
        (50000000, "元", False),  # 1-10月完成投资0.5亿元
        (3700000000, "元", False),  # 37亿元
        (5, "个", False),  # 5个地块
        (79, "%", False),  # 动迁完成79%
        (1790000000, "元", False),  # 17.9亿元
        (4, "个", False),  # 4个企业投资项目
        (163, "家", False),  # “四类”企业整改163家
    ],
    2: [
        (10, "份", False),  # 等10份支持科创项目发展的文件
        (14, "家", False),  # 新三板挂牌企业达到14家
        (500, "家", False),  # 挂牌企业总数达到500家
        (4050, "件", False),  # 专利申请总量达到4050件
        (992, "件", False),  # 发明专利申请992件
        (3, "场", False),  # 3场大型培训
        (150, "家", False),  # 发动150家企业
        (3, "个", False),  # 等3个园区
        (100, "家", True),  # 100多家商户
        (52, "份", False),  # 报名材料52份
    ],
    3: [
        (12, "个", False),
        (49, "个", False),
        (468, "家", False),
        (468, "台", False),
        (362, "宗", False),
        (27, "个", False),
        (108, "个", False),
        (649, "次", False),
        (55, "份", False),
        (30, "条", False),
        (255, "家", False),
        (393, "家", False),
    ],
    4: [
        (4000, "人", True),  # 环卫工人4000多人
        (6100, "人次", True),  # 6100多人次
        (200, "辆", True),  # 环卫车200多辆
        (9, "条", False),  # 9条街道
        (4, "轮", False),  # 4轮集中整治
        (306, "处", False),  # 卫生死角306处
        (220, "吨", True),  # 约220吨垃圾
        (246, "车", False),  # 杂物件246车
        (2700, "宗", True),  # 2700多宗
        (58000, "平方米", False),  # 5.8万平方米
        (86000, "平方米", False),  # 8.6万平方米
    ],
    5: [
        (435, "宗", False),
        (345000, "平方米", False),
    ],
    6: [
        (8, "名", False),
        (26, "名", False),
        (56, "名", False),
        (37820, "座", False),
        (255, "公里", False),
        (13, "次", False),  # 13次全区统一“洗河”
        (13, "条", False),  # 推动13条河涌长制久清
        (13, "条", False),  # 2017年完成了13条河涌治理
        (17, "条", False),
        (7, "条", False),
        (8, "个", False),  # 第一批8个村
        (9, "个", False),  # 第二批9个村
        (110, "人", False),  # 追究责任110人
        (5, "名", False),
        (2, "名", False),
        (4, "名", False),
        (4, "名", False),
    ],
    7: [],
    8: [
        (13, "项", False),  # 13项大中修工程
        (3, "个", False),  # 三个组团
    ],
    9: [
        (35, "张", False),
        (2630000, "元", False),  # 263万元
        (15, "条", False),
        (16, "张", False),
        (131, "户", False),
        (16, "个", False),
    ],
    10: [
        (4, "所", False),  # 4所中小学
    ],
}


@pytest.mark.parametrize("n", sorted(SEED_ITEMS))
def test_seed_items(n):
    got = find_figures(item(n))
    assert [(f.value, f.unit, f.approx) for f in got] == SEED_ITEMS[n]
    # Integers stay ints; only fractional values are floats.
    assert [type(f.value) for f in got] == [type(v) for v, _, _ in SEED_ITEMS[n]]


def test_seed_item_4_spans():
    text = item(4)
    assert [text[slice(*f.span)] for f in find_figures(text)] == [
        "4000多人",
        "6100多人次",
        "200多辆",
        "9条",
        "4轮",
        "306处",
        "约220吨",
        "246车",
        "2700多宗",
        "5.8万平方米",
        "8.6万平方米",
    ]


def test_seed_items_same_in_whole_text():
    """Figures found in the whole text on the lines of items (1)–(10) are the same ones."""
    text = seed_text()
    figures = find_figures(text)
    for n, expected in SEED_ITEMS.items():
        line = item(n)
        start = text.index(line)
        on_line = [f for f in figures if start <= f.span[0] < start + len(line)]
        assert [(f.value, f.unit, f.approx) for f in on_line] == expected, n


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx", "shown"),
    [
        ("完成治理435宗", 435, "宗", False, "435宗"),
        ("面积34.5万平方米", 345000, "平方米", False, "34.5万平方米"),
        ("完成投资0.5亿元", 50000000, "元", False, "0.5亿元"),
        ("完成投资37亿元", 3700000000, "元", False, "37亿元"),
        ("年度计划投资263万元", 2630000, "元", False, "263万元"),
        ("查扣各类“五类车”1100余辆", 1100, "辆", True, "1100余辆"),
        ("同比下降28.51%", 28.51, "%", False, "28.51%"),
        ("完成考核任务数的111.46%", 111.46, "%", False, "111.46%"),
        ("志愿者6100多人次", 6100, "人次", True, "6100多人次"),
        ("组织环卫工人4000多人", 4000, "人", True, "4000多人"),
        ("清理杂草杂树5.8万平方米", 58000, "平方米", False, "5.8万平方米"),
        ("发送手机短信46万条", 460000, "条", False, "46万条"),
        ("制作海报1万张", 10000, "张", False, "1万张"),
        ("冻结涉案资金80多万元", 800000, "元", True, "80多万元"),
        ("进入平台学习30多万人次", 300000, "人次", True, "30多万人次"),
        ("清理约220吨垃圾", 220, "吨", True, "约220吨"),
        ("近500人参加", 500, "人", True, "近500人"),
        ("超过300家企业", 300, "家", True, "超过300家"),
        ("5万余人", 50000, "人", True, "5万余人"),
        ("700人以上", 700, "人", True, "700人以上"),
        ("开具通知书1,840份", 1840, "份", False, "1,840份"),
        ("新增１２３家", 123, "家", False, "１２３家"),
        ("同比下降3.2个百分点", 3.2, "百分点", False, "3.2个百分点"),
        ("增长百分之三十", 30, "%", False, "百分之三十"),
        ("排水管255公里", 255, "公里", False, "255公里"),
        ("面积8080.03亩", 8080.03, "亩", False, "8080.03亩"),
    ],
)
def test_examples(text, value, unit, approx, shown):
    (f,) = find_figures(text)
    assert (f.value, f.unit, f.approx) == (value, unit, approx)
    assert type(f.value) is type(value)
    assert text[f.span[0] : f.span[1]] == shown


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        ("一百二十人", 120, "人", False),
        ("新增两家", 2, "家", False),
        ("十三个", 13, "个", False),
        ("三千五百元", 3500, "元", False),
        ("三千五人", 3500, "人", False),
        ("一百二人", 120, "人", False),
        ("三千五百万元", 35000000, "元", False),
        ("两万五千人次", 25000, "人次", False),
        ("一千零五件", 1005, "件", False),
        ("十余名", 10, "名", True),
        ("二十个", 20, "个", False),
        ("两亿元", 200000000, "元", False),
        ("五千余万元", 50000000, "元", True),
        ("先后两次", 2, "次", False),
        ("制定三套工作文件", 3, "套", False),
    ],
)
def test_chinese_numerals(text, value, unit, approx):
    assert triples(text) == [(value, unit, approx)]


@pytest.mark.parametrize(
    "text",
    [
        # dates, times, ranges, durations
        "2018年3月12日至5月15日",
        "1-10月完成",
        "从8月1日开始",
        "2019年9月顺利开学",
        "2018年9月底全部完成",
        "2013年以来",
        "2018-2020年",
        "上午10:30召开",
        "落实14小时巡回保洁",
        "24小时值守",
        "历时6个月",
        "两个月内报告",
        "3个多月",
        "3-5个",
        "3至5个",
        # ordinals, labels and ranks
        "第一批科技创新园区",
        "第3批",
        "第七届",
        "(12)针对",
        "(12)针对",
        "一是成立",
        "二期工程",
        "首期拟出让",
        "三大平台",
        "排名前10名",
        "“1+9”文件",
        "规范“12380”举报受理",
        "4K产业基地",
        "广州3D打印园",
        "16b、8a地块",
        # phone numbers, postcodes, codes
        "电话020-81007107",
        "邮政编码:510360",
        "粤ICP备2024185129号",
        "lwzhenggaiban@163.com",
        # idioms, slogans and titles
        "一把手",
        "一区一湖一沙滩泳场",
        "提高“一肩挑”比例",
        "一肩挑",
        "四风",
        "两学一做",
        "三会一课",
        "中央八项规定精神",
        "民生十件实事",
        "百日行动",
        "“一宗一档”整改机制",
        "一宗一档",
        "两个一百年",
        "“三个决不允许”",
        "五类车整治",
        "“四类”企业",
        "《关于三起违反中央八项规定精神的通报》",
        "统一部署",
        "每一项整改措施",
        "三分之一",
        "与群众一起研究",
        "一批中小学建成",
        "交上一份合格的答卷",
        "泮塘五约微改造",
        "广州四中",
        "三甲医院",
        "一次性",
        "十几个",
        "几十人",
        "三五个",
        "二〇一八个",
        # numbers without a unit
        "人流量从30万上升到120万",
        "十八大以来",
        "广州十三行",
    ],
)
def test_not_figures(text):
    assert find_figures(text) == []


def test_prefix_inside_a_word_is_not_approx():
    (f,) = find_figures("签约5家企业")
    assert (f.value, f.approx, f.span) == (5, False, (2, 4))
    (f,) = find_figures("最近3次会议")
    assert f.approx is False


@pytest.mark.parametrize(
    ("text", "whats"),
    [
        ("现已完成治理435宗,面积34.5万平方米。", ["完成治理", "面积"]),
        ("查扣各类“五类车”1100余辆。", ["查扣各类“五类车”"]),
        ("全区新三板挂牌企业达到14家;", ["新三板挂牌企业"]),
        ("发放宣传资料3500多份,倡导", ["发放宣传资料"]),
        ("区纪委根据问题线索,追究责任110人;", ["追究责任"]),
        ("一是传统文化商旅活化提升区1-10月完成投资0.5亿元,", ["完成投资"]),
        ("抓获86名涉案人员,查封30间涉案场所。", ["抓获涉案人员", "查封涉案场所"]),
        ("清理卫生死角306处约220吨垃圾,", ["清理卫生死角", "垃圾"]),
        ("出动环保员对辖区108个工地巡查649次,", ["出动环保员对辖区工地巡查", "工地巡查"]),
        (
            "聘请首批8名民间大河长和26名全国首批民间小河长,",
            ["聘请首批民间大河长", "全国首批民间小河长"],
        ),
        ("(完成考核任务数的111.46%)", ["完成考核任务数"]),
        ("今年以来全区警情累计1290起(占全市5.2%),同比减少12.1%。", ["警情", "占全市", "同比减少"]),
        (
            "宣传栏364块、宣传标语1451幅、宣传册(折页)5万本。",
            ["宣传栏", "宣传标语", "宣传册(折页)"],
        ),
        (
            "制定了《荔湾区科技创新载体认定和扶持办法(试行)》等10份支持科创项目发展的文件。",
            ["制定支持科创项目发展的文件"],
        ),
        ("9月2日出动警力240余人,", ["出动警力"]),
        ("12345", []),
        ("35家", [None]),
    ],
)
def test_what(text, whats):
    assert [f.what for f in find_figures(text)] == whats


def test_to_dict_and_json():
    (f,) = find_figures("发放宣传资料3500多份")
    assert isinstance(f, Figure)
    d = f.to_dict()
    assert d == {
        "value": 3500,
        "unit": "份",
        "approx": True,
        "what": "发放宣传资料",
        "span": [6, 12],
    }
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d
    with pytest.raises(AttributeError):
        f.value = 1  # frozen


def test_empty():
    assert find_figures("") == []


def test_whole_seed_is_fast():
    text = seed_text()
    find_figures(text)
    best = min(_timed(find_figures, text) for _ in range(3))
    assert best < 0.1, f"{best * 1000:.1f} ms"


def _timed(fn, arg) -> float:
    t0 = time.perf_counter()
    fn(arg)
    return time.perf_counter() - t0


def test_whole_seed_spans_are_ordered_and_readable():
    text = seed_text()
    figures = find_figures(text)
    assert len(figures) > 100
    last = 0
    for f in figures:
        start, end = f.span
        assert last <= start < end <= len(text)
        assert NUMERAL_CHARS & set(text[start:end])
        last = end


# --- property tests --------------------------------------------------------------------------

_ALPHABET = (
    "0123456789０１２３４５６７８９.,,。;:、()()“”《》\"'-+/%％ \n"
    "零〇一二两三四五六七八九十百千万亿余多约近超过第前之统每年月日号小时个人次宗家名项件条张台辆"
    "平方米公里元亿万期批本所起场部支类完成治理整改共计达到以上左右Kab"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80) | st.text(max_size=60))
def test_random_text_never_raises(text):
    figures = find_figures(text)
    last = 0
    for f in figures:
        start, end = f.span
        assert last <= start < end <= len(text)
        assert NUMERAL_CHARS & set(text[start:end])
        assert f.what is None or len(f.what) >= 2
        json.dumps(f.to_dict())
        last = end


_FILLER = st.text(alphabet="完成治理整改工作推进落实发放宣传资料清理", min_size=0, max_size=8)
_SAFE_UNITS = [
    "宗",
    "家",
    "人",
    "人次",
    "名",
    "项",
    "件",
    "份",
    "条",
    "辆",
    "座",
    "吨",
    "亩",
    "公里",
    "元",
]


@settings(max_examples=200, deadline=None)
@given(
    _FILLER,
    st.integers(min_value=0, max_value=10**9),
    st.sampled_from(["", "万", "亿"]),
    st.sampled_from(_SAFE_UNITS),
    st.booleans(),
)
def test_constructed_figure_is_found(filler, n, mult, unit, approx):
    shown = f"{n}{'余' if approx else ''}{mult}{unit}"
    text = f"{filler}{shown}。"
    (f,) = find_figures(text)
    factor = {"": 1, "万": 10**4, "亿": 10**8}[mult]
    assert (f.value, f.unit, f.approx) == (n * factor, unit, approx)
    assert type(f.value) is int
    assert text[f.span[0] : f.span[1]] == shown


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=99999),
    st.integers(min_value=1, max_value=99),
    st.sampled_from(["", "万", "亿"]),
)
def test_constructed_decimal(whole, frac, mult):
    text = f"完成投资{whole}.{frac:02d}{mult}元,"
    (f,) = find_figures(text)
    factor = {"": 1, "万": 10**4, "亿": 10**8}[mult]
    expected = Decimal(f"{whole}.{frac:02d}") * factor
    assert f.value == (
        int(expected) if expected == expected.to_integral_value() else float(expected)
    )
    assert f.what == "完成投资"
