"""完成时限 as offices write it → a date and a time-frame kind.

"2018年12月31日", "2018.12.31", "2018年12月底前" (the month's last day), "2018年底",
"2018年上半年"; or no date but a kind: "立行立改", "长期坚持" / "长期推进". A date
with "并长期坚持" is both. The kinds are spelled as zhenggai.tasks.Timeframe's values.
"""

from __future__ import annotations

import calendar
import datetime
import re
from typing import NamedTuple

from .numerals import to_int

IMMEDIATE, DEADLINE, LONG_TERM = "immediate", "deadline", "long_term"

_D = "[0-9０-９〇○零一二三四五六七八九十]"
_LONG = re.compile(r"长期(?:坚持|推进|整改|执行)?|持续(?:推进|整改|坚持)|常态化|长效")
_NOW = re.compile(r"立行立改|立即整改|即知即改|已完成|立改")
_YMD = re.compile(rf"({_D}{{4}})\s*[-/.年]\s*({_D}{{1,2}})\s*[-/.月]\s*({_D}{{1,3}})\s*[日号]?")
_YM = re.compile(rf"({_D}{{4}})\s*[-/.年]\s*({_D}{{1,2}})\s*月?(?![0-9０-９])")
_HALF = re.compile(
    rf"({_D}{{4}})\s*年\s*(上半年|下半年|年中|年底|年末|底|末|第([一二三四1-4])季度)"
)
_Y = re.compile(rf"({_D}{{4}})\s*年")


class Deadline(NamedTuple):
    date: datetime.date | None
    timeframe: str | None
    ok: bool  # False: text there but no date or kind could be read from it


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _date(text: str) -> datetime.date | None:
    try:
        if m := _YMD.search(text):
            return datetime.date(to_int(m[1]), to_int(m[2]), to_int(m[3]))
        if m := _HALF.search(text):
            year, what = to_int(m[1]), m[2]
            if what in ("上半年", "年中"):
                return datetime.date(year, 6, 30)
            if m[3]:
                return _last_day(year, 3 * to_int(m[3]))
            return datetime.date(year, 12, 31)
        if m := _YM.search(text):
            return _last_day(to_int(m[1]), to_int(m[2]))
        if m := _Y.search(text):
            return datetime.date(to_int(m[1]), 12, 31)
    except (ValueError, TypeError, calendar.IllegalMonthError):
        return None
    return None


def read_deadline(value) -> Deadline:
    """A cell's deadline. `value` may be text, a date or a datetime (from a spreadsheet)."""
    if value is None:
        return Deadline(None, None, True)
    if isinstance(value, datetime.datetime):
        return Deadline(value.date(), DEADLINE, True)
    if isinstance(value, datetime.date):
        return Deadline(value, DEADLINE, True)
    text = re.sub(r"\s+", "", str(value))
    if not text:
        return Deadline(None, None, True)
    day = _date(text)
    if _LONG.search(text):
        return Deadline(day, LONG_TERM, True)
    if day is not None:
        return Deadline(day, DEADLINE, True)
    if _NOW.search(text):
        return Deadline(None, IMMEDIATE, True)
    return Deadline(None, None, False)
