"""Text → paragraphs: clean CMS debris and undo hard wrapping, keeping source line numbers."""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from .numbering import starts_with_marker
from .status import STATUS_LINE

_DROP = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad\ufffe\x00-\x08\x0e-\x1f\x7f]+")
_BREAKS = re.compile("[\x0b\x0c\u2028\u2029]")
_CMS = re.compile(r"\[/?(?:NextPage|page|pagebreak|分页)[^\]\n]{0,20}\]", re.IGNORECASE)
_WS = " \t\u3000"
# Characters after which a paragraph may legitimately end.
SENTENCE_END = '。!?！？;；:：…”’」』)）")】'
_CLOSING_START = ",，。、;；:：!?！？)）」』】"


class Para(NamedTuple):
    line: int  # 1-based line number of the paragraph's first line
    text: str


def clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    # Searching first is far cheaper than substituting on clean text, the common case.
    if _DROP.search(text):
        text = _DROP.sub("", text)
    if _BREAKS.search(text):
        text = _BREAKS.sub("\n", text)
    return text


def display_width(line: str) -> int:
    # Display width, approximated from UTF-8 length: CJK takes 3 bytes and 2 columns.
    n = len(line)
    return n + (len(line.encode("utf-8")) - n) // 2


_width = display_width


def _wrap_width(lines: list[str]) -> tuple[str, int] | None:
    """Detect a hard-wrapped document: (measure, width) if many lines share one length."""
    long_lines = [ln for ln in lines if len(ln) >= 16]
    if len(long_lines) < 6:
        return None
    best = None
    for measure, fn, tol in (("chars", len, 1), ("width", _width, 3)):
        values = [fn(ln) for ln in long_lines]
        counts = Counter(values)
        mode, _ = counts.most_common(1)[0]
        # Lines cut at a fixed width cluster just below the widest common length.
        near = sum(c for v, c in counts.items() if mode - tol <= v <= mode)
        share = near / len(values)
        if share >= 0.3 and near >= 4 and (best is None or share > best[2]):
            best = (measure, mode, share)
    if best is None:
        return None
    return best[0], best[1]


def paragraphs(text: str) -> list[Para]:
    # Widths are measured before CMS markers are dropped: the wrapping saw them.
    # Indentation counts too, so only trailing space is dropped for measuring.
    raw = [ln.rstrip(_WS) for ln in clean(text).split("\n")]
    lines = [(_CMS.sub("", ln) if "[" in ln else ln).strip(_WS) for ln in raw]
    wrap = _wrap_width(raw)
    if wrap:
        measure, width = wrap
        fn = len if measure == "chars" else _width
        full = width - (1 if measure == "chars" else 3)
    out: list[Para] = []
    cur: list[str] = []
    cur_line = 0
    for i, ln in enumerate(lines, 1):
        if not ln:
            if cur:
                out.append(Para(cur_line, "".join(cur)))
                cur = []
            continue
        join = False
        if cur:
            if ln[0] in _CLOSING_START:
                join = True
            elif wrap and not starts_with_marker(ln) and not STATUS_LINE.match(ln):
                # Only a line filled to the wrap width continues. The rule "no final
                # punctuation means continuation" alone would glue headings, the
                # issuer and the date line of unwrapped reports to what follows.
                join = fn(raw[i - 2]) >= full
        if join:
            cur.append(ln)
        else:
            if cur:
                out.append(Para(cur_line, "".join(cur)))
            cur = [ln]
            cur_line = i
    if cur:
        out.append(Para(cur_line, "".join(cur)))
    return out
