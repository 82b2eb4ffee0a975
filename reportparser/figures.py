"""Quantities in Chinese progress text: 完成治理435宗, 34.5万平方米, 1100余辆, 28.51%.

``find_figures(text)`` returns one :class:`Figure` per quantity, in text order.  A figure is a
number (Arabic, with optional ``,`` thousands groups and decimals, or Chinese: 十三, 两, 一百二十,
三千五百, 三千五) followed by a unit of measure from ``UNITS`` (宗 家 人 人次 名 个 项 件 起 次 场 期
份 条 张 台 辆 座 处 块 户 所 批 幅 本 吨 车 亩 平方米 公里 米 元 % …).  ``万``/``亿`` multipliers
(and 千万/百万/万亿) are folded into the value, which is given in the unit shown: ``37亿元`` is
3700000000 元, ``5.8万平方米`` is 58000 平方米, ``30多万人次`` is 300000 人次.  Whole values are
ints.  ``百分之三十`` is 30 %.

``个百分点`` is reported as unit ``百分点``.

``approx`` is True for 余/多 after the number (``1100余辆``, ``80多万元``, ``十余名``), 约/近/逾/
大约/将近/接近/超过/不少于/不低于 right before it (``约220吨``), and 以上/左右/有余/之多 after the
unit.  The span covers the whole expression, prefix and suffix included, so ``text[start:end]``
reads e.g. ``约220吨``.

Not figures (conservative: a missed figure is better than a wrong one):

* anything without a unit: dates and times (2018年3月12日, 1-10月, 9月底, 8月1日), years
  (2013年以来), item numbers ((12), 1.), phone numbers, postcodes, the 12380 hotline, bare
  ``30万``;
* durations: 小时, 天, 年, 周 and 个月 are not units (``14小时``, ``历时6个月``);
* ordinals and ranks: 第一批, 第3批, 前10名;
* ranges: in ``3-5个``/``3至5个`` neither end is a figure;
* numbers glued to Latin letters (3D打印, 4K产业, 16b地块) and numbers after ``+ - / . #``;
* anything inside “…” ‘…’ 「…」 "…" or 《…》 (slogans and titles: “一宗一档”, “四类”, “1+9”,
  《关于三起…的通报》);
* Chinese numerals when they are: a bare 一 (an article, "a/one": 一批, 一起, 一名, 一次性, 一份答卷);
  followed by 期 (phase labels: 一期, 二期工程); after 第 统 唯 之 逐 每 前 … (统一, 唯一, 每一项,
  三分之一); part of a known idiom (``IDIOMS``: 八项规定, 十件实事, 两个维护 …); or the first half
  of a paired slogan like 一X一Y / 两个一百年 (the unit is followed, at once or after one character,
  by another Chinese digit).  Chinese numerals must start with a digit or 十, so 百日行动 is not 100.

``what`` — what is counted — follows one rule:

1. *Before*: the text between the previous boundary and the figure.  Boundaries are the clause
   punctuation ``,,。;;::!?、…`` and newlines (punctuation inside 《》 titles does not count), the
   end of the previous figure (and of the noun rule 2 read after it — unless that leaves nothing,
   as in 108个工地巡查649次) and the end of a date or duration (``1-10月``, ``2018年``, ``6个月``).
   《…》 titles are dropped.  Leading item labels ((3), 1., 一是 … 十是) and connectives/scope
   words (其中, 此外, 同时, 并, 及, 和, 与, 共, 累计, 全区, 全市, 辖区内, 今年以来, 目前, 现已, 已,
   对, 力争 …) are stripped, as are trailing linking words (达到, 达, 为, 是, 共, 累计, 等, 的, 了 …)
   and stray brackets.  Only the last 20 characters are kept.
2. *After*: when the unit is followed directly by more Chinese text (``发动150家企业申报``), the
   noun run after it: at most 12 characters, ending at punctuation, a number, the next figure, or
   a verb/preposition from ``_AFTER_STOP`` (开展, 参加, 进行, 完成, 和, 及, 在, 已 …).
3. ``what`` = before + after; None if that is shorter than 2 characters.

So 完成治理435宗 → 完成治理; 查扣各类“五类车”1100余辆 → 查扣各类“五类车”; 全区新三板挂牌企业达到14家 →
新三板挂牌企业; 抓获86名涉案人员 → 抓获涉案人员; 清理卫生死角306处约220吨垃圾 → 清理卫生死角, 垃圾.

Pure Python; imports nothing from the rest of the package or from Django.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .numerals import BIG_UNITS, SMALL_UNITS, quantity
from .numerals import PLAIN_DIGITS as _CN_DIGITS

__all__ = ["Figure", "find_figures", "UNITS", "IDIOMS"]


@dataclass(frozen=True)
class Figure:
    value: float | int
    unit: str
    approx: bool
    what: str | None
    span: tuple[int, int]

    def to_dict(self) -> dict:
        return {
            "value": self.value,
            "unit": self.unit,
            "approx": self.approx,
            "what": self.what,
            "span": [self.span[0], self.span[1]],
        }


# Unit → characters that, right after it, show it is the start of another word (台账, 起草, 所有).
UNITS: dict[str, str] = {
    "平方公里": "",
    "平方米": "",
    "立方米": "",
    "个百分点": "",
    "百分点": "",
    "公里": "",
    "千米": "",
    "公顷": "",
    "公斤": "",
    "千克": "",
    "人次": "",
    "户次": "",
    "家次": "",
    "车次": "",
    "架次": "",
    "批次": "",
    "场次": "",
    "部门": "",
    "宗": "",
    "家": "庭属长园乡风具",
    "人": "民大员口才事社",
    "名": "单称义誉字录额",
    "个": "",  # see _UNIT_SPECIAL
    "项": "",
    "件": "",
    "起": "草诉来点步始止算跑见",
    "次": "日年月序要",
    "场": "所地馆景合面",
    "期": "间限望待货",
    "份": "额",
    "条": "例款",
    "张": "贴",
    "台": "账阶",
    "辆": "",
    "座": "谈",
    "处": "理置级长室分",
    "块": "",
    "户": "籍口外型",
    "所": "有在属得需以谓",
    "批": "准复示评",
    "幅": "度",
    "本": "单级地区市部人身着次届年",
    "吨": "",
    "车": "间站道位辆",
    "亩": "",
    "米": "",
    "元": "旦素",
    "%": "",
    "‰": "",
    "间": "",
    "支": "部出付持援",
    "类": "似别型",
    "部": "分署长队位件",
    "轮": "",
    "篇": "",
    "册": "",
    "套": "",
    "栋": "",
    "幢": "",
    "株": "",
    "棵": "",
    "艘": "",
    "架": "构",
    "位": "于置数",
    "倍": "",
    "组": "织成建员长",
}
# 个 before a duration word is a duration (6个月, 3个多小时), not a count.
_UNIT_SPECIAL = {"个": r"(?![多半]?(?:月|小时|钟头|星期|工作日|季度|年头))"}

# Number + unit (+ what follows) that are names or slogans, not quantities.
IDIOMS = (
    "八项规定",
    "十件实事",
    "三个代表",
    "四个意识",
    "四个自信",
    "四个全面",
    "两个维护",
    "两个确立",
    "两个责任",
    "两个覆盖",
    "两个一百年",
    "五位一体",
    "五类车",
    "两张皮",
    "三个决不允许",
)

_CN_CHARS = "".join(_CN_DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
_MULT = {
    "万亿": 10**12,
    "千万": 10**7,
    "百万": 10**6,
    "亿": 10**8,
    "万": 10**4,
}
_PREFIXES = ("大约", "将近", "接近", "超过", "不少于", "不低于", "约", "近", "逾")
# A 约/近 right after one of these is part of a word (签约, 预约, 最近, 附近), not "about".
_PREFIX_WORD = {"约": set("签合预节制违履特公条规相邀誓践隐简婚"), "近": set("最附邻靠就亲将接")}
# Chinese numerals after these are not counts (统一, 唯一, 每一项, 三分之一, 第二批, 前三名).
_CN_PREV_BAD = set("第统唯之逐单同每专划初其任周星几数这那某哪各归合整另首头末倒再又前")


def _unit_alternation() -> str:
    parts = []
    for unit in sorted(UNITS, key=len, reverse=True):
        bad = UNITS[unit]
        tail = _UNIT_SPECIAL.get(unit, f"(?![{re.escape(bad)}])" if bad else "")
        parts.append(re.escape(unit) + tail)
    return "|".join(parts)


_ARABIC = r"(?<![0-9A-Za-z.])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_CHINESE = r"(?<![零〇一二两三四五六七八九十百千万亿])[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*"

_FIGURE = re.compile(
    rf"""
    (?:(?P<pre>{"|".join(_PREFIXES)})[ \t\u3000]?)?
    (?:
        百分之(?P<pnum>{_ARABIC}|{_CHINESE})
      |
        (?P<num>{_ARABIC}|{_CHINESE})
        [ \t\u3000]?
        (?P<ap1>余|多)?
        (?P<mult>万亿|千万|百万|亿|万)?
        (?P<ap2>余|多)?
        [ \t\u3000]?
        (?P<unit>{_unit_alternation()})
        (?P<post>以上|左右|有余|之多)?
    )
    """,
    re.VERBOSE,
)

_NORMALIZE = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_WIDE_DIGIT = re.compile("[０-９．％]")
_QUOTED = re.compile(
    r"“[^“”\n]{0,40}”|‘[^‘’\n]{0,40}’|「[^「」\n]{0,40}」|\"[^\"\n]{1,40}\"|《[^《》\n]{0,120}》|〈[^〈〉\n]{0,60}〉"
)
_TITLE = re.compile(r"《[^《》\n]{0,120}》")
_IDIOM = re.compile("|".join(map(re.escape, IDIOMS)))
_CN_NUMERAL = r"[〇零一二两三四五六七八九十]+"
_DATE = re.compile(
    rf"""
      (?:\d{{2,4}}|[〇零一二三四五六七八九]{{4}})\s*年
        (?:\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*[日号])?)?
        (?:以来|以前|底前|底|初|末|前|后|上半年|下半年|中旬|上旬|下旬|度)?
    | (?:\d{{1,2}}|{_CN_NUMERAL})\s*(?:[-~～—至到]\s*(?:\d{{1,2}}|{_CN_NUMERAL})\s*)?月
        (?:\s*\d{{1,2}}\s*[日号])?(?:份|底|初|末|中旬|上旬|下旬)?
    | \d{{1,2}}[:：]\d{{2}}
    | (?:\d+(?:\.\d+)?|{_CN_NUMERAL})\s*[多余]?\s*
        (?:个多?月|个?小时|个?星期|分钟|天|周岁|周|个?工作日|年)
    """,
    re.VERBOSE,
)
_BOUNDARY = re.compile(r"[,，。;；:：!！?？、…\n\r\t|]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff“”‘’]{1,12}")
_AFTER_STOP = re.compile(
    "开展|参加|进行|完成|实现|申报|成功|计划|正在|全部|已经|通过|得到|获得|累计|"
    "[按已将均并和及与、在对到被为是共从由向于]"
)
_LEAD = re.compile(
    r"^(?:[\s)）\]】》”’]+|[(（]\s*[\d一二三四五六七八九十]+\s*[)）]|\d+[.．、]"
    r"|[一二三四五六七八九十]+是|首先|其次|再次|最后|其中|此外|另外|同时|并且|以及|共计|合计|累计"
    r"|截至目前|今年以来|近年来|今年|目前|现已|已经|全区|全市|全县|全省|全镇|全街|全年|辖区内|辖区"
    r"|先后|分别|力争|[并且及和与、共已均还又对]|[(（\[【])"
)
_TRAIL = re.compile(r"(?:[\s(（\[【《“‘]+|达到|增至|共计|合计|累计|总计|[达为是共计等的了至到有])$")
_WHAT_BEFORE_MAX = 20


def _number(raw: str) -> Decimal | None:
    if raw[0].isdigit():
        try:
            return Decimal(raw.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex only lets digits through
            return None
    value = quantity(raw)
    return None if value is None else Decimal(value)


def _plain(value: Decimal) -> float | int:
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _excluded_mask(text: str) -> bytearray:
    mask = bytearray(len(text))
    for rx in (_QUOTED, _IDIOM):
        for m in rx.finditer(text):
            mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def _reject(text: str, m: re.Match, num: str, num_start: int, unit: str, mask: bytearray) -> bool:
    if mask[num_start]:
        return True
    prev = text[num_start - 1] if num_start else ""
    if prev == "第":
        return True
    if num[0].isdigit():
        if prev and prev in "+-/×*#~～_@＋－":
            return True
        if prev in "至到—" and num_start >= 2:
            before = text[num_start - 2]
            if before.isdigit() or before in _CN_CHARS:
                return True  # the upper end of a range
        if (
            prev == "前"
            and unit in ("名", "位")
            and text[num_start - 2 : num_start - 1] not in "目之此以提当眼"
        ):
            return True  # 前10名 is a rank
        return False
    # Chinese numerals: be conservative.
    if num == "一":
        return True
    if prev and prev in _CN_PREV_BAD and not m.group("pnum"):
        return True
    if unit == "期":
        return True
    end = m.end()
    nxt = text[end : end + 2]
    if nxt[:1] in _CN_DIGITS or (len(nxt) == 2 and nxt[1] in "一二两三四五六七八九十"):
        return True  # 一宗一档, 两个一百年: half of a paired slogan
    return False


def _strip_what(s: str) -> str:
    prev = None
    while s and s != prev:
        prev = s
        s = _LEAD.sub("", s, count=1)
        s = _TRAIL.sub("", s, count=1)
    return s


def find_figures(text: str) -> list[Figure]:
    """Every quantity in ``text``, in order.  See the module docstring for the rules."""
    if not text:
        return []
    # Same length, so offsets are shared with ``text``.
    norm = text.translate(_NORMALIZE) if _WIDE_DIGIT.search(text) else text
    mask = _excluded_mask(norm)

    raw: list[tuple[int, int, Decimal, str, bool]] = []
    for m in _FIGURE.finditer(norm):
        num = m.group("pnum") or m.group("num")
        num_start = m.start("pnum") if m.group("pnum") else m.start("num")
        unit = "%" if m.group("pnum") else m.group("unit")
        if _reject(norm, m, num, num_start, unit, mask):
            continue
        value = _number(num)
        if value is None:
            continue
        if m.group("mult"):
            value *= _MULT[m.group("mult")]
        start = m.start()
        approx = bool(m.group("ap1") or m.group("ap2") or m.group("post"))
        pre = m.group("pre")
        if pre:
            word_prev = norm[start - 1] if start else ""
            if word_prev in _PREFIX_WORD.get(pre, ()):
                start = num_start  # 签约5家, 最近3次: the prefix belongs to the word before
            else:
                approx = True
        if unit == "个百分点":
            unit = "百分点"
        raw.append((start, m.end(), value, unit, approx))

    if not raw:
        return []

    # Boundaries for ``what``: punctuation outside titles, and the ends of dates/durations.
    titles = bytearray(len(norm))
    for t in _TITLE.finditer(norm):
        titles[t.start() + 1 : t.end() - 1] = b"\x01" * (t.end() - t.start() - 2)
    cuts = sorted(
        [b.end() for b in _BOUNDARY.finditer(norm) if not titles[b.start()]]
        + [d.end() for d in _DATE.finditer(norm)]
    )

    figures = []
    prev_end = used_end = 0  # end of the previous figure / of the noun read after it
    for i, (start, end, value, unit, approx) in enumerate(raw):
        k = bisect_right(cuts, start)
        cut = cuts[k - 1] if k else 0
        next_start = raw[i + 1][0] if i + 1 < len(raw) else len(text)
        after = ""
        run = _CJK_RUN.match(text, end, next_start)
        if run:
            after = run.group()
            stop = _AFTER_STOP.search(after)
            if stop:
                after = after[: stop.start()]
        before = _before(text, max(cut, used_end), start)
        if not before and not after and used_end > prev_end:
            # 108个工地巡查649次: the words the previous figure took are all this one has.
            before = _before(text, max(cut, prev_end), start)
        what = before + after
        figures.append(
            Figure(_plain(value), unit, approx, what if len(what) >= 2 else None, (start, end))
        )
        prev_end, used_end = end, end + len(after)
    return figures


def _before(text: str, left: int, start: int) -> str:
    s = _TITLE.sub("", text[left:start]).strip() if "《" in text[left:start] else text[left:start]
    return _strip_what(s.strip())[-_WHAT_BEFORE_MAX:]
