"""Chinese numerals, both ways, for the whole project: the one place they are spelled.

Reading: `to_int` for labels, counts and dates as reports write them ("十二", "二〇一八",
"⑫", "１２"); `quantity` for the stricter reading of an amount in running text ("三千五",
"两万", but not "三五" or "三〇"). Writing: `to_chinese` for section numbers and 第N期
("十二", "二十五", "一百零五"). Heading markers built from them are in numbering.py.
"""

from __future__ import annotations

# The digits of ordinary running text.
PLAIN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
# Labels and dates also use the financial forms and the circle or letter O for zero.
_DIGITS = {
    **PLAIN_DIGITS,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
    "壹": 1,
    "贰": 2,
    "叁": 3,
    "肆": 4,
    "伍": 5,
    "陆": 6,
    "柒": 7,
    "捌": 8,
    "玖": 9,
}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_UNITS = {**SMALL_UNITS, "拾": 10, "佰": 100, "仟": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

CN_DIGIT_CHARS = "".join(_DIGITS)
CN_NUM_CHARS = CN_DIGIT_CHARS + "".join(_UNITS)
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_WRITE = "零一二三四五六七八九"


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


def quantity(s: str) -> int | None:
    """Value of a positional Chinese numeral in running text (一百二十, 三千五, 两万);
    None for what only looks like one (三五 "three or five", 三〇 a code)."""
    total = 0  # everything above the current 万/亿 section
    section = 0
    current: int | None = None
    last_small = 0  # value of the last 十/百/千 seen, for 三千五 = 3500
    zero_seen = False
    for ch in s:
        if ch in PLAIN_DIGITS:
            digit = PLAIN_DIGITS[ch]
            if digit == 0:
                if current is not None:
                    return None
                zero_seen = True
                continue
            if current is not None:
                return None
            current = digit
        elif ch in SMALL_UNITS:
            section += (1 if current is None else current) * SMALL_UNITS[ch]
            last_small = SMALL_UNITS[ch]
            current = None
            zero_seen = False
        elif ch in BIG_UNITS:
            if current is None and section == 0:
                return None
            section += current or 0
            total = (total + section) * BIG_UNITS[ch]
            section, current, last_small, zero_seen = 0, None, 0, False
        else:
            return None
    if current is not None:
        if last_small > 10 and not zero_seen:
            current *= last_small // 10  # 三千五 is 3500, 一百二 is 120
        section += current
    return total + section


def to_chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五, 105 → 一百零五, for 0 <= n < 10000."""
    if not 0 <= n < 10000:
        raise ValueError(f"{n} is outside 0..9999")
    if n == 0:
        return _WRITE[0]
    out = []
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            out.append(_WRITE[digit] + unit)
        elif out and n and not out[-1].endswith("零"):
            out.append("零")
    s = "".join(out)
    return s[1:] if s.startswith("一十") else s
