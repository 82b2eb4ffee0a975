"""Heading markers: 一、 > (一) > 1. > (1) > ①, full-width or ASCII punctuation; and the
sub-action markers 一是、二是. The one place the project numbers its headings: reading
(`split_marker`) and writing (`marker`)."""

from __future__ import annotations

import re
from typing import NamedTuple

from .numerals import CIRCLED, CN_NUM_CHARS, to_chinese, to_int

_CN = f"[{CN_NUM_CHARS}]{{1,6}}"
_AR = "[0-9０-９]{1,4}"
_OPEN = "[(（〔［\\[]"
_CLOSE = "[)）〕］\\]]"

# Order is rank: lower rank nests higher ones. A marker must be followed by a
# non-digit so that "2018年", "1-10月" and "1.5亿" are not headings.
_PATTERNS = (
    re.compile(rf"({_CN})[ \t\u3000]*[、.．](?![0-9０-９])"),
    re.compile(rf"{_OPEN}[ \t\u3000]*({_CN})[ \t\u3000]*{_CLOSE}"),
    re.compile(rf"({_AR})[ \t\u3000]*(?:[、．]|\.(?![0-9]))(?![0-9０-９%])"),
    re.compile(rf"{_OPEN}[ \t\u3000]*({_AR})[ \t\u3000]*{_CLOSE}(?![0-9０-９])"),
    re.compile(f"([{CIRCLED}])"),
)
# "反馈问题1:坚守主责主业不到位…": an item named by its place in the feedback, its
# "整改落实情况:" in the paragraph after. The deepest rank: it nests under any heading.
_PROBLEM = re.compile(rf"(?:反馈)?问题[ \t\u3000]*({_AR}|{_CN})[ \t\u3000]*[:：]")
PROBLEM_RANK = len(_PATTERNS)
_FIRST = re.compile(rf"[{CN_NUM_CHARS}0-9０-９(（〔［\[{CIRCLED}反问]")
RANKS = PROBLEM_RANK + 1

# "一是 … 十二是": the markers of an item's sub-actions (一是…;二是…). One to ninety-nine.
ACTION_NUMERAL = "(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
ACTION_MARKER = re.compile(f"({ACTION_NUMERAL})是")


class Marker(NamedTuple):
    rank: int
    label: str
    number: int | None
    rest: str


def split_marker(paragraph: str) -> Marker | None:
    if not paragraph or not _FIRST.match(paragraph):
        return None
    for rank, pattern in enumerate(_PATTERNS):
        m = pattern.match(paragraph)
        if m:
            rest = paragraph[m.end() :].lstrip(" \t\u3000")
            if not rest and rank >= 2:
                return None
            return Marker(rank, m.group(0).rstrip(" \t\u3000"), to_int(m.group(1)), rest)
    if paragraph[0] in "反问" and (m := _PROBLEM.match(paragraph)):
        rest = paragraph[m.end() :].lstrip(" \t\u3000")
        if rest:
            label = m.group(0)[:-1].rstrip(" \t\u3000")
            return Marker(PROBLEM_RANK, label, to_int(m.group(1)), rest)
    return None


def starts_with_marker(line: str) -> bool:
    return split_marker(line) is not None


def marker(rank: int, n: int) -> str:
    """The heading label of the n-th (1-based) node at `rank`, as reports write it:
    一、 (一) 1. (1) ①. Publication and briefings number their headings with this."""
    if rank == 0:
        return f"{to_chinese(n)}、"
    if rank == 1:
        return f"({to_chinese(n)})"
    if rank == 2:
        return f"{n}."
    if rank == 3:
        return f"({n})"
    if rank == 4 and 1 <= n <= len(CIRCLED):
        return CIRCLED[n - 1]
    return f"{n}."
