"""Totals the report declares about itself ("63项整改措施", "整改完成28个"), and the closing block."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .dates import full_date
from .model import Closing, Contact, Declared
from .normalize import Para
from .numbering import split_marker
from .numerals import to_int

# Not after 每/第/单/任 etc.: "每一项整改措施" is no count.
_NUM = "(?<![每第单任某这那哪同逐])([0-9０-９]+|[零〇一二两三四五六七八九十百千]+)"
_UNIT = r"\s*(?:个|项|条)"
_Q = "(?:具体|突出|主要)?问题"
_PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (key, re.compile(p))
    for key, p in (
        ("measures", rf"{_NUM}{_UNIT}[“\"]?(?:具体)?整改(?:措施|任务|举措)"),
        # "形成427条“任务清单”"
        ("measures", rf"{_NUM}{_UNIT}[“\"]?任务清单"),
        ("measures", rf"整改(?:措施|任务)(?:共|合计|总计)?{_NUM}{_UNIT}"),
        # "5个方面14个问题", "4大类16个方面22个问题": the last count is the problems.
        ("problems", rf"(?:方面|大类)[^,，。;；\d]{{0,3}}?{_NUM}{_UNIT}{_Q}(?!清单)"),
        (
            "problems",
            rf"(?:反馈|指出|梳理|交办|发现|涉及|归纳|针对|共|存在)[^,，。;；]{{0,12}}?{_NUM}{_UNIT}{_Q}",
        ),
        # "分解形成79个“问题清单”"
        ("problems", rf"(?:分解|梳理|细化)(?:形成|为)?{_NUM}{_UNIT}[“\"]?问题清单"),
        ("problems", rf"(?:反馈|指出)了?(?:的)?{_Q}(?:共)?{_NUM}{_UNIT}"),
        ("problems", rf"{_NUM}{_UNIT}具体问题"),
        (
            "completed",
            rf"(?<!未)(?<!阶段性)(?<!基本)(?:已完成整改|已整改完成|整改完成|已完成|完成整改|已整改|"
            rf"已整改销号|整改销号|已销号)(?:问题)?{_NUM}{_UNIT}",
        ),
        ("completed", rf"{_NUM}{_UNIT}(?:问题)?已(?:经)?(?:完成整改|整改完成|整改到位|整改)(?!中)"),
        ("completed", rf"{_NUM}{_UNIT}整改(?:措施|任务)(?:均|全部)?已(?:全部)?完成"),
        (
            "staged",
            rf"(?:阶段性完成|基本完成|取得阶段性成效|阶段性成效|阶段性成果)[^,，。;；、\d]{{0,14}}?{_NUM}{_UNIT}",
        ),
        ("in_progress", rf"(?:正在整改|正在推进|整改中|推进中){_NUM}{_UNIT}"),
        ("unfinished", rf"(?:尚未完成|未完成)(?:整改)?{_NUM}{_UNIT}"),
        ("long_term", rf"(?:长期推进|长期坚持|需长期坚持|持续推进|长期整改){_NUM}{_UNIT}"),
    )
)
_RATE = re.compile(
    r"(?:完成率|整改率|销号率|占[^,，。;；]{0,12}?总数的)(?:为|达|达到)?\s*([0-9]+(?:\.[0-9]+)?)\s*[%％]"
)
_NAMES = {
    "problems": "问题",
    "measures": "整改措施",
    "completed": "已完成",
    "staged": "阶段性完成",
    "long_term": "长期推进",
    "in_progress": "正在整改",
    "unfinished": "未完成",
}
PROGRESS_KEYS = ("completed", "staged", "in_progress", "unfinished", "long_term", "rate")


def find_declared(paras: Iterable[Para]) -> tuple[Declared, dict[str, int]]:
    """Declared totals, plus the line each was found on (first mention wins)."""
    found = Declared()
    lines: dict[str, int] = {}
    for para in paras:
        text = para.text
        if "rate" not in lines and (m := _RATE.search(text)):
            found.rate = float(m.group(1))
            lines["rate"] = para.line
        if "个" not in text and "项" not in text and "条" not in text:
            continue
        for key, pattern in _PATTERNS:
            if key in lines:
                continue
            m = pattern.search(text)
            if m:
                value = to_int(m.group(1))
                if value is not None and value < 100000:
                    setattr(found, key, value)
                    lines[key] = para.line
    return found, lines


def check_declared(
    declared: Declared,
    lines: dict[str, int],
    items: int,
    level_counts: set[int],
    status_counts: dict[str, int],
) -> list[str]:
    warnings = []

    def warn(key, value, actual, what):
        prefix = f"第{lines[key]}行:" if key in lines else ""
        warnings.append(f"{prefix}声明{_NAMES[key]}{value}个,{what}{actual}个,两者不符")

    for key in ("measures", "problems"):
        value = getattr(declared, key)
        if value is not None and value != items and value not in level_counts:
            warn(key, value, items, "识别出整改条目")
    if any(status_counts[k] for k in status_counts if k != "none"):
        for key in ("completed", "staged", "long_term", "in_progress", "unfinished"):
            value = getattr(declared, key)
            if value is not None and value != status_counts[key]:
                warn(key, value, status_counts[key], f"标注为{_NAMES[key]}的条目")
    return warnings


# --- closing block ---------------------------------------------------------------

_CONTACT = re.compile(
    r"联系方式|联系电话|监督电话|举报电话|电子邮箱|电子信箱|邮政信箱|通讯地址|通信地址|邮政编码|邮编"
    r"|欢迎[^。]{0,30}监督|意见建议|来信来电"
)
_ISSUER_END = re.compile(
    r"(?:委|委员会|党组|党委|党工委|政府|办公室|局|院|厅|部|中心|公司|小组|办)$"
)
_PUNCT = re.compile(r"[,，。;；:：!?！？“”\"]")
_PHONE = re.compile(
    r"(?:电话|热线|联系方式)[:：]?\s*((?:0\d{2,3}[-—－]?)?\d{7,8}(?:[-—－]\d{1,5})?|1[3-9]\d{9}|12388)"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_ADDRESS = re.compile(r"(?:邮政信箱|通信地址|通讯地址|来信地址|地址)[:：]\s*([^;；。,，\n]+)")
_POSTCODE = re.compile(r"(?:邮政编码|邮编)[:：]?\s*(\d{6})")


def is_issuer(text: str) -> bool:
    return 2 <= len(text) <= 40 and not _PUNCT.search(text) and bool(_ISSUER_END.search(text))


def split_closing(paras: list[Para], start: int) -> tuple[int, Closing]:
    """Find the closing block (contact paragraph, issuer, date) at the end of paras[start:]."""
    closing = Closing()
    i = len(paras)
    for _ in range(2):
        if i <= start:
            break
        text = paras[i - 1].text
        if closing.date is None and closing.date_text is None and full_date(text) is not None:
            closing.date, closing.date_text = full_date(text), text
            i -= 1
        elif closing.issuer is None and is_issuer(text):
            closing.issuer = text
            i -= 1
    texts = []
    while (
        i > start
        and _CONTACT.search(paras[i - 1].text)
        and len(paras[i - 1].text) < 400
        and split_marker(paras[i - 1].text) is None
    ):
        texts.append(paras[i - 1].text)
        i -= 1
    texts.reverse()
    closing.text = "\n".join(texts)
    closing.contact = _contact(closing.text)
    return i, closing


def _contact(text: str) -> Contact:
    c = Contact()
    if not text:
        return c
    if m := _PHONE.search(text):
        c.phone = m.group(1)
    if m := _EMAIL.search(text):
        c.email = m.group(0).rstrip(".")
    if m := _ADDRESS.search(text):
        c.address = m.group(1).strip()
    if m := _POSTCODE.search(text):
        c.postcode = m.group(1)
    return c
