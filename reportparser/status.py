"""Rectification status phrases: in a parenthetical after an item, or on a line of their own."""

from __future__ import annotations

import re

_EXACT = {
    "已完成整改": "completed",
    "已完成": "completed",
    "完成": "completed",
    "整改完成": "completed",
    "已整改完成": "completed",
    "已整改": "completed",
    "已取得阶段性成效": "staged",
    "取得阶段性成效": "staged",
    "阶段性完成": "staged",
    "已阶段性完成": "staged",
    "基本完成": "staged",
    "已基本完成": "staged",
    "正在整改": "in_progress",
    "整改中": "in_progress",
    "正在推进": "in_progress",
    "推进中": "in_progress",
    "未完成": "unfinished",
    "尚未完成": "unfinished",
}
_LONG_TERM = ("长期推进", "长期坚持", "持续推进", "长期整改", "持续整改")

# A status phrase may carry a qualifier after a comma ("已完成整改,长效推进"), never before.
_HEAD = re.compile(r"^([^,，;；。]+)(?:[,，;；。]|$)")
_STRIP = " \t\u3000。.;；"

STATUS_LINE = re.compile(
    r"^(?:整改|完成|落实)?(?:状态|情况|进度|进展|进展情况|完成情况)\s*[:：]\s*(.+)$"
)


def classify(phrase: str) -> str | None:
    """Status for a phrase such as '长期推进,已落实具体举措…'; None if it is no status phrase."""
    p = phrase.strip(_STRIP)
    if not p or len(p) > 60:
        return None
    for prefix in _LONG_TERM:
        if p.startswith(prefix):
            return "long_term"
    m = _HEAD.match(p)
    if not m:
        return None
    return _EXACT.get(m.group(1).strip(_STRIP))


def status_line(paragraph: str) -> tuple[str, str] | None:
    """(status, phrase as written) if the paragraph is a line like '整改状态:完成'."""
    if len(paragraph) > 80:
        return None
    m = STATUS_LINE.match(paragraph.strip())
    if not m:
        return None
    phrase = m.group(1).strip(_STRIP)
    status = classify(phrase)
    if status is None:
        return None
    return status, phrase
