"""One numbered paragraph → title, measure headline, status, body and sub-actions."""

from __future__ import annotations

import re
from typing import NamedTuple

from .numbering import ACTION_MARKER
from .numerals import to_int
from .status import classify

_TITLE_END = ",，(（:：。;；"
_TITLE_DE = re.compile(rf"的问题(?=[{_TITLE_END}]|$)")
_TITLE_Q = re.compile(rf"问题(?=[{_TITLE_END}]|$)")
_SENTENCE_STOP = re.compile(r"[。:：]")
_PAREN = re.compile(r"[(（]([^()（）\n]{1,80})[)）]")
_TRAILING_PAREN = re.compile(r"[(（]([^()（）\n]{1,80})[)）][。.]?\s*$")
_SEP = ",，;；、 \t\u3000"
_ACTION_TRIM = ",，;；:：、 \t\n\u3000"
_ACTION = ACTION_MARKER
# A sub-action marker counts only at the start or right after punctuation or a
# space, so words like 唯一是 or 统一是 inside a sentence are not markers. Checked
# in Python rather than by a regex lookbehind, which made the scan several times slower.
_BEFORE_MARKER = frozenset("。;；,，:：!?！？ \t\n\u3000")


def _markers(text: str, start: int = 0):
    for m in _ACTION.finditer(text, start):
        i = m.start()
        if i == 0 or text[i - 1] in _BEFORE_MARKER:
            yield m


class Status(NamedTuple):
    status: str
    text: str
    start: int
    end: int


class Item(NamedTuple):
    title: str
    text: str
    status: Status | None
    body: str


class Actions(NamedTuple):
    labels: list[str]
    texts: list[str]
    gaps: list[tuple[str, str]]


def split_title(rest: str) -> tuple[str, int]:
    """Title and the offset where the text after it starts."""
    dot = rest.find("。")
    limit = len(rest) if dot < 0 else dot + 1
    m = _TITLE_DE.search(rest, 0, limit) or _TITLE_Q.search(rest, 0, limit)
    if m:
        return rest[: m.end()], m.end()
    cut = limit if dot >= 0 else len(rest)
    stop = _SENTENCE_STOP.search(rest, 0, limit)
    if stop:
        cut = stop.start()
    st = find_status(rest, 0, cut)
    if st:
        cut = st.start
    title = rest[:cut].rstrip(" \t\u3000。,，;；")
    return title, cut


def find_status(text: str, start: int, end: int) -> Status | None:
    for m in _PAREN.finditer(text, start, end):
        status = classify(m.group(1))
        if status:
            return Status(status, m.group(1).strip(), m.start(), m.end())
    return None


def _first_action(text: str, start: int = 0) -> int:
    for m in _markers(text, start):
        if m.group(1) == "一":
            return m.start()
    return -1


def parse_item(rest: str) -> Item:
    title, pos = split_title(rest)
    marker = _first_action(rest, pos)
    st = find_status(rest, pos, marker if marker >= 0 else len(rest))
    if st and rest[st.end :].strip(" \t\u3000。.;；"):
        headline = rest[pos : st.start].lstrip(_SEP + "。").rstrip()
        body = _strip_lead(rest[st.end :])
        return Item(title, headline, st, body)
    if st:
        # Status at the very end, after the measures: "…建立制度。(已完成)".
        item = _split_plain(title, rest[pos : st.start].rstrip())
        return item._replace(status=st)
    return _split_plain(title, rest[pos:])


def _split_plain(title: str, seg: str) -> Item:
    """Headline and body of an item without a status parenthetical before its body."""
    if seg[:1] in ":：":
        return Item(title, "", None, seg[1:].lstrip())
    seg = seg.lstrip(_SEP + "。")
    colon = _first_of(seg, ":：")
    dot = seg.find("。")
    mark = _first_action(seg)
    if colon >= 0 and (dot < 0 or colon < dot) and (mark < 0 or colon < mark):
        headline, body = seg[:colon], seg[colon + 1 :].lstrip()
    elif mark > 0 and (dot < 0 or mark <= dot + 1):
        headline, body = seg[:mark].rstrip(_SEP + "。"), seg[mark:]
    else:
        headline, body = "", seg
    st = None
    m = _TRAILING_PAREN.search(body)
    if m and classify(m.group(1)):
        st = Status(classify(m.group(1)), m.group(1).strip(), -1, -1)
        body = body[: m.start()].rstrip()
    return Item(title, headline.strip(), st, body)


def _first_of(s: str, chars: str) -> int:
    found = [i for i in (s.find(c) for c in chars) if i >= 0]
    return min(found) if found else -1


def _strip_lead(s: str) -> str:
    s = s.lstrip(" \t\u3000")
    if s[:1] and s[0] in ":：。,，;；":
        s = s[1:]
    return s.lstrip(" \t\u3000")


def extract_actions(body: str) -> Actions:
    """Sub-actions 一是…二是…; a marker must continue the count (gaps allowed, not restarts)."""
    found: list[tuple[int, int, str, int]] = []
    last = 0
    for m in _markers(body):
        n = to_int(m.group(1)) or 0
        if (not found and n != 1) or (found and n <= last):
            continue
        found.append((m.start(), m.end(), m.group(0), n))
        last = n
    labels, texts, gaps = [], [], []
    for i, (_, end, label, n) in enumerate(found):
        stop = found[i + 1][0] if i + 1 < len(found) else len(body)
        labels.append(label)
        texts.append(body[end:stop].rstrip(_ACTION_TRIM).lstrip(" \t\u3000"))
        if i and n != found[i - 1][3] + 1:
            gaps.append((found[i - 1][2], label))
    return Actions(labels, texts, gaps)
