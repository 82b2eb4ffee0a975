"""Dates in Chinese prose ("2018年3月12日至5月15日") and the inspection facts of the lead paragraph."""

from __future__ import annotations

import datetime
import re
from typing import NamedTuple

from .model import Inspection
from .numerals import to_int

_DCH = "0-9０-９〇○零一二三四五六七八九十"
_RANGE_SEP = "至到—–~～\\-"
DATE_RUN = re.compile(rf"[{_DCH}]*[年月][{_DCH}年月日号{_RANGE_SEP}\s]*")
_PART = re.compile(
    rf"^(?:([{_DCH}]{{2,4}})年)?(?:([{_DCH}]{{1,3}})月)?(?:([{_DCH}]{{1,3}})[日号])?$"
)
_SPLIT = re.compile(rf"\s*[{_RANGE_SEP}]\s*")


class DateExpr(NamedTuple):
    start: int
    end: int
    text: str


class Parsed(NamedTuple):
    first: str | None
    second: str | None
    ok: bool


def date_runs(text: str, start: int = 0, end: int | None = None) -> list[DateExpr]:
    out = []
    for m in DATE_RUN.finditer(text, start, len(text) if end is None else end):
        s = m.group(0).strip().rstrip(_RANGE_SEP)
        # Need a day or a year to be a date at all; "三个月" or "1-10月" are durations.
        if ("日" in s or "号" in s or "年" in s) and any(c.isdigit() or c in "〇○零" for c in s):
            out.append(DateExpr(m.start(), m.start() + len(s), s))
        elif "日" in s and "月" in s:
            out.append(DateExpr(m.start(), m.start() + len(s), s))
    return out


def _iso(y, m, d) -> str | None:
    if y is None or m is None or d is None:
        return None
    try:
        return datetime.date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_range(text: str, year: int | None = None) -> Parsed:
    """Parse a date or a range; the second half inherits year (and month) from the first."""
    pieces = [p for p in _SPLIT.split(text.strip()) if p]
    if not pieces or len(pieces) > 2:
        return Parsed(None, None, False)
    results: list[str | None] = []
    ok = True
    cur_y, cur_m = year, None
    for piece in pieces:
        m = _PART.match(piece)
        if not m or not any(m.groups()):
            results.append(None)
            ok = False
            continue
        y = to_int(m.group(1)) if m.group(1) else cur_y
        mo = to_int(m.group(2)) if m.group(2) else cur_m
        d = to_int(m.group(3)) if m.group(3) else None
        if y is not None and y < 100:
            y += 2000
        iso = _iso(y, mo, d)
        if iso is None:
            ok = False
        results.append(iso)
        cur_y, cur_m = y, mo
    return Parsed(results[0], results[1] if len(results) > 1 else None, ok)


# Who inspected: a group (巡视组, 巡察一组, 巡视工作组) or a Party committee that ran the
# inspection itself (学校党委, 校党委, 集团党委).
_INSPECTOR = (
    r"(?P<insp>[^\s,，。;；:、]{0,30}?(?:(?:巡视|巡察)[一二三四五六七八九十]?(?:组|办|工作组)"
    r"|第[0-9一二三四五六七八九十]+轮(?:巡视|巡察)"
    # 自治区党委第一巡视组: the group, not the committee that sent it.
    r"|(?:党委|党组|党工委)(?![^,，。;；对]{0,12}?(?:巡视|巡察)[一二三四五六七八九十]?组)))"
)
_TARGET = (
    r"对(?P<target>[^,，。;；]{1,60}?)"
    r"(?:进行|开展|实施)了?[^,，。;；]{0,14}?(?P<kind>巡视|巡察)"
)
# "巡察组于2023年7月6日至8月15日,对…开展巡察": a comma may close the dates.
_ONSITE = re.compile(_INSPECTOR + r"[^,，。;；]{0,40}?(?:[,，](?=对))?" + _TARGET)
# A further "对…开展…巡察" clause of the same sentence, by the same inspector.
_MORE = re.compile(r"(?:^|[,，;；])\s*(?:并|同时|另)?" + _TARGET)
_FEEDBACK = re.compile(
    r"反馈(?:了)?[^。;；]{0,20}?(?:意见|问题|情况)|(?:进行|作出|作了)了?(?:集中)?反馈"
)
_KIND = re.compile(r"(巡视|巡察)(?:组|意见|反馈|整改|工作)")
_LEAD_DATE = re.compile(r"^.*[日号](?=[^日号]*$)")
# "区委组建4个巡察组" is the 区委's 巡察组; the number of groups is not part of the name.
_GROUPS = re.compile(r"(?:组建|派出|成立|抽调)了?[0-9一二三四五六七八九十]+个")
_ORG_COUNT = re.compile(
    r"(?:等)?[0-9一二三四五六七八九十百]+(?:家|个)(?:单位|部门)?(?:的)?(?:党组织|党委|党组)?$"
)
_ORG_LEAD = re.compile(r"^(?:该镇|该县|该区|该市|所辖|下属)")
_COLLECTIVE = ("党组织", "党总支", "党支部", "党委", "党组")


# "(以下简称“产投集团”)", "(简称党工委)", "(2家企业已于…重组整合为…,以下简称“武投控集团”)":
# asides about a name, no part of it; read around them.
_ASIDE = re.compile(r"[(（][^()（）]{0,80}?(?:简称|以下称)[^()（）]{0,40}[)）]")
# "市委第一巡察组、第六巡察组分别对A、B开展了巡察": the further groups of the same sentence.
_CO_GROUP = re.compile(
    r"、\s*((?:第[0-9一二三四五六七八九十]+)?(?:巡视|巡察)[一二三四五六七八九十]?(?:组|工作组))"
)
_GROUP_PREFIX = re.compile(r"^(.*?)第[0-9一二三四五六七八九十]+(?:巡视|巡察)")


class Found(NamedTuple):
    inspection: Inspection
    problems: list[str]
    # One per inspected organisation the text names; [inspection] when it names one.
    inspections: list[Inspection]


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos)) + 1


def split_organisations(target: str) -> list[str]:
    """ "区民政局、区农业农村局等2家单位" → the names; a suffix shared by the last name
    ("河西村、黄竹村党组织") is given to all."""
    target = _ORG_COUNT.sub("", target.strip()) or target.strip()
    names = [_ORG_LEAD.sub("", n.strip()) for n in target.split("、")]
    names = [n for n in names if n]
    if len(names) > 1:
        suffix = next((s for s in _COLLECTIVE if names[-1].endswith(s)), None)
        if suffix:
            names = [n if n.endswith(_COLLECTIVE) else n + suffix for n in names]
    return names


def _dates(text, start, end, ins: Inspection, line_of, problems) -> DateExpr | None:
    """Read the on-site period from text[start:end] into ins; returns the expression."""
    runs = date_runs(text, start, end)
    if not runs:
        return None
    expr = runs[0]
    parsed = parse_range(expr.text)
    ins.onsite_start, ins.onsite_end = parsed.first, parsed.second
    if not parsed.ok:
        problems.append(f"第{line_of(expr.start)}行:{ins.kind}时间无法识别:{expr.text}")
    return expr


def _without_asides(text: str, line_of):
    """text without its "(以下简称…)" asides, and line_of for offsets into what is left."""
    if "简称" not in text and "以下称" not in text:
        return text, line_of
    kept: list[str] = []
    origin: list[int] = []  # (offset in the new text, offset in the old) at each cut
    pos = 0
    for m in _ASIDE.finditer(text):
        kept.append(text[pos : m.start()])
        pos = m.end()
        origin.append((sum(map(len, kept)), pos))
    kept.append(text[pos:])

    def mapped(offset: int) -> int:
        shift = 0
        for new_at, old_at in origin:
            if offset >= new_at:
                shift = old_at - new_at
        return line_of(offset + shift)

    return "".join(kept), mapped


def _inspectors(insp: str | None, gap: str) -> list[str | None]:
    """The group of the match, and any further ones named with it ("、第六巡察组")."""
    more = _CO_GROUP.findall(gap)
    if not insp or not more:
        return [insp]
    prefix = m.group(1) if (m := _GROUP_PREFIX.match(insp)) else ""
    return [insp, *(g if g.startswith(prefix) else prefix + g for g in more)]


def find_inspection(text: str, line_of) -> Found:
    """Inspection facts from the lead text; line_of(offset) maps an offset to a line number.

    A round-up names several inspected organisations, in one sentence ("对A、B等2家单位开展
    常规巡察;对C开展专项巡察") or in several; each gets an Inspection of its own with
    the dates and inspector of its clause. Groups that share a sentence ("第一巡察组、第六
    巡察组分别对A、B…") are paired with the organisations in order when their numbers agree;
    otherwise every organisation names them all."""
    text, line_of = _without_asides(text, line_of)
    problems: list[str] = []
    found: list[Inspection] = []
    first_end = 0
    onsite_expr_end = 0
    year = None
    pos = 0
    while m := _ONSITE.search(text, pos):
        insp = m.group("insp")
        if "日" in insp or "号" in insp:
            insp = _LEAD_DATE.sub("", insp)
        insp = _GROUPS.sub("", insp.lstrip("于在由")) or None
        clause = Inspection(kind=m.group("kind"), inspector=insp)
        sent = _sentence_start(text, m.start())
        expr = _dates(text, sent, m.end(), clause, line_of, problems)
        if not found:
            first_end, onsite_expr_end = m.end(), (expr.end if expr else 0)
            year = _year(clause.onsite_end) or _year(clause.onsite_start)
            if year is None and expr:
                year = _year_of(expr.text)
        targets = [(m.group("target"), clause.kind)]
        pos = m.end()
        stop = text.find("。", pos)
        stop = len(text) if stop < 0 else stop
        while more := _MORE.match(text, pos) or _MORE.search(text, pos, stop):
            targets.append((more.group("target"), more.group("kind")))
            pos = more.end()
        groups = _inspectors(insp, text[m.end("insp") : m.start("target")])
        for target, kind in targets:
            names = split_organisations(target)
            if len(groups) == len(names):
                paired = groups
            else:
                paired = ["、".join(g for g in groups if g) or None] * len(names)
            for name, group in zip(names, paired, strict=True):
                ins = Inspection(
                    **{**clause.__dict__, "kind": kind, "inspected": name, "inspector": group}
                )
                found.append(ins)
    if not found:
        ins = Inspection()
        k = _KIND.search(text)
        if k:
            ins.kind = k.group(1)
        found = [ins]
    # News items often give the feedback first and the on-site period after it; the
    # first mention of feedback with a date before it wins.
    mentions = [*_FEEDBACK.finditer(text, first_end), *_FEEDBACK.finditer(text, 0, first_end)]
    for f in mentions:
        sent_start = _sentence_start(text, f.start())
        if onsite_expr_end <= f.start():
            sent_start = max(sent_start, onsite_expr_end)
        runs = date_runs(text, sent_start, f.start())
        if not runs:
            continue
        expr = runs[-1]
        parsed = parse_range(expr.text, year)
        first = parsed.first
        end = found[0].onsite_end or found[0].onsite_start
        if first and end and first < end and year and not _year_of(expr.text):
            # "3月23日" after an on-site period in December: the next year.
            first = parse_range(expr.text, year + 1).first
        if parsed.ok and parsed.second is None:
            for ins in found:
                ins.feedback_date = first
        else:
            problems.append(f"第{line_of(expr.start)}行:反馈日期无法识别:{expr.text}")
        break
    return Found(found[0], problems, found)


def _year(iso: str | None) -> int | None:
    return int(iso[:4]) if iso else None


def _year_of(expr: str) -> int | None:
    m = re.match(rf"([{_DCH}]{{4}})年", expr)
    return to_int(m.group(1)) if m else None


_FULL_DATE = re.compile(rf"^[{_DCH}]{{4}}\s*年\s*[{_DCH}]{{1,3}}\s*月\s*[{_DCH}]{{1,3}}\s*[日号]$")


def full_date(line: str) -> str | None:
    """ISO date if the whole line is one date such as '2018年11月27日'."""
    s = line.strip().strip("()（）")
    if not _FULL_DATE.match(s):
        return None
    return parse_range(s.replace(" ", "")).first
