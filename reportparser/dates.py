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


_ONSITE = re.compile(
    r"(?P<insp>[^\s,，。;；:、]{0,30}?(?:巡视|巡察)(?:组|办|工作组))"
    r"[^,，。;；]{0,40}?对(?P<target>[^,，。;；]{1,40}?)"
    r"(?:进行|开展|实施)了?[^,，。;；]{0,14}?(?P<kind>巡视|巡察)"
)
_FEEDBACK = re.compile(r"反馈(?:了)?[^。;；]{0,20}?(?:意见|问题)")
_KIND = re.compile(r"(巡视|巡察)(?:组|意见|反馈|整改|工作)")
_LEAD_DATE = re.compile(r"^.*[日号](?=[^日号]*$)")


class Found(NamedTuple):
    inspection: Inspection
    problems: list[str]


def find_inspection(text: str, line_of) -> Found:
    """Inspection facts from the lead text; line_of(offset) maps an offset to a line number."""
    ins = Inspection()
    problems: list[str] = []
    m = _ONSITE.search(text)
    year = None
    onsite_expr_end = 0
    if m:
        ins.kind = m.group("kind")
        insp = m.group("insp")
        if "日" in insp or "号" in insp:
            insp = _LEAD_DATE.sub("", insp)
        ins.inspector = insp.lstrip("于在由") or None
        ins.inspected = m.group("target").strip() or None
        sent_start = max(text.rfind("。", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        runs = date_runs(text, sent_start, m.end())
        if runs:
            expr = runs[0]
            onsite_expr_end = expr.end
            parsed = parse_range(expr.text)
            ins.onsite_start, ins.onsite_end = parsed.first, parsed.second
            if not parsed.ok:
                problems.append(f"第{line_of(expr.start)}行:{ins.kind}时间无法识别:{expr.text}")
            year = _year(ins.onsite_end) or _year(ins.onsite_start) or _year_of(expr.text)
    else:
        k = _KIND.search(text)
        if k:
            ins.kind = k.group(1)
    f = _FEEDBACK.search(text, m.end() if m else 0)
    if f:
        sent_start = max(text.rfind("。", 0, f.start()), text.rfind("\n", 0, f.start())) + 1
        runs = [r for r in date_runs(text, max(sent_start, onsite_expr_end), f.start())]
        if runs:
            expr = runs[-1]
            parsed = parse_range(expr.text, year)
            ins.feedback_date = parsed.first
            if not parsed.ok or parsed.second is not None:
                ins.feedback_date = None
                problems.append(f"第{line_of(expr.start)}行:反馈日期无法识别:{expr.text}")
    return Found(ins, problems)


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
