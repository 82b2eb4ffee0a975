"""Chinese and Arabic numerals as they appear in report numbering, counts and dates."""

from __future__ import annotations

_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

CN_DIGIT_CHARS = "".join(_DIGITS)
CN_NUM_CHARS = CN_DIGIT_CHARS + "".join(_UNITS)
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def to_int(s: str) -> int | None:
    """Value of an Arabic (ASCII or full-width), Chinese or circled numeral; None if unreadable."""
    s = s.strip()
    if not s.isascii() and any("０" <= c <= "９" for c in s):
        s = s.translate(_FULLWIDTH)
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    if len(s) == 1 and s in CIRCLED:
        return CIRCLED.index(s) + 1
    if all(ch in _DIGITS for ch in s):
        # Digit-by-digit form, as in years written 二〇一八.
        value = 0
        for ch in s:
            value = value * 10 + _DIGITS[ch]
        return value
    total = 0
    current = None
    for ch in s:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            # A bare unit at the start means one of it: 十一 is 11.
            total += (1 if current is None else current) * _UNITS[ch]
            current = None
        else:
            return None
    if current is not None:
        total += current
    return total
