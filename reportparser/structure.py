"""Paragraphs → Report: front matter, sections, the findings tree, closing block, checks."""

from __future__ import annotations

import re

from .dates import find_inspection, full_date
from .declared import PROGRESS_KEYS, check_declared, find_declared, is_issuer, split_closing
from .items import extract_actions, find_status, parse_item, split_title
from .model import Node, NotAReport, Report, Section
from .normalize import SENTENCE_END, Para, is_traditional, paragraphs, simplified
from .numbering import Marker, split_marker
from .status import status_line

_CLUTTER = re.compile(
    r"^(?:主办单位|承办单位|协办单位|合作单位|主管单位|版权所有|技术支持|Copyright|©|网站标识码|"
    r"来源[:：]|发布时间|发布日期|发布机构|信息来源|时间[:：]|作者[:：]|编辑[:：]|责任编辑|字号|【?字体|"
    r"打印|关闭|分享到?|浏览次数|点击数|阅读次数|当前位置|您的位置|您现在的位置|首页|返回)"
    r"|ICP备|公网安备|ICP证",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(r"整改|巡视|巡察")
_TITLE_KIND = re.compile(r"关于|情况|通报|报告|公告|公布")
_RELEVANT = re.compile(r"整改|巡视|巡察")
_LINE = re.compile(r"第(\d+)行")


class _Block:
    """A numbered paragraph being assembled into a Node."""

    __slots__ = ("node", "rank", "rest", "extra", "raw")

    def __init__(self, para: Para, mk: Marker):
        self.node = Node(label=mk.label, line=para.line, number=mk.number, rank=mk.rank)
        self.rank = mk.rank
        self.rest = mk.rest
        self.extra: list[str] = []
        self.raw = [para.text]


def parse_text(text: str) -> Report:
    """Parse a rectification progress report; raises NotAReport and nothing else."""
    try:
        return _parse(text)
    except NotAReport:
        raise
    except RecursionError as e:
        raise NotAReport("无法解析:结构嵌套过深") from e
    except Exception as e:  # noqa: BLE001 - the contract allows only NotAReport out
        raise NotAReport(f"无法解析:内部错误({type(e).__name__})") from e


def _parse(text: str) -> Report:
    if not isinstance(text, str) or not text.strip():
        raise NotAReport("不是整改进展报告:文本为空")
    traditional = is_traditional(text)
    if traditional:
        text = simplified(text)
    if not _RELEVANT.search(text):
        raise NotAReport("不是整改进展报告:未提及整改或巡视、巡察")
    paras = paragraphs(text)
    marks = [split_marker(p.text) for p in paras]
    report = Report()
    warnings = report.warnings
    if traditional:
        warnings.append(_TRADITIONAL)

    section_idx = [i for i, mk in enumerate(marks) if mk and mk.rank == 0]
    first_numbered = next((i for i, mk in enumerate(marks) if mk), len(paras))
    body_start = section_idx[0] if section_idx else first_numbered
    close_at, report.closing = split_closing(paras, body_start + 1)
    _front(report, paras[:body_start])

    # Spans of each "一、" section (or of the whole body when there are none).
    spans: list[tuple[int | None, int, int]] = []
    for n, s in enumerate(section_idx):
        end = section_idx[n + 1] if n + 1 < len(section_idx) else close_at
        spans.append((s, s + 1, max(end, s + 1)))
    if not spans:
        spans.append((None, body_start, close_at))
    strong = [
        _score(paras, marks, a, b, _narrative(marks[s]) if s is not None else False)
        for s, a, b in spans
    ]
    top = max(s for s, _ in strong)
    if top > 0:
        chosen = [k for k, (s, _) in enumerate(strong) if s >= max(1, top * 0.05)]
    else:
        weak_top = max(w for _, w in strong)
        # Without 针对…问题 items or statuses, want at least two numbered paragraphs
        # about problems before calling a page a report, or one when the lead declares
        # its totals (an item list cut short, or a report listing a single problem).
        declares = find_declared(paras[:body_start])[0]
        need = 1 if declares.problems is not None or declares.measures is not None else 2
        if weak_top < need:
            return _summary_only(paras, report)
        chosen = [k for k, (_, w) in enumerate(strong) if w >= max(1, weak_top * 0.25)]

    as_nodes = len(chosen) > 1
    for k, (s, a, b) in enumerate(spans):
        intro, roots = ([], []) if k not in chosen else _tree(paras[a:b], marks[a:b])
        if k not in chosen:
            intro = [p.text for p in paras[a:b]]
        if s is None:
            report.nodes.extend(roots)
            continue
        head = paras[s]
        mk = marks[s]
        title, pos = split_title(mk.rest)
        after = _strip_sep(mk.rest[pos:])
        sec_text = "\n".join(([after] if after else []) + intro)
        report.sections.append(
            Section(mk.label, title, sec_text, k in chosen, head.line, head.text)
        )
        if k in chosen and as_nodes:
            node = Node(label=mk.label, title=title, text=sec_text, line=head.line)
            node.number, node.rank = mk.number, mk.rank
            node.raw = head.text
            node.children = roots
            report.nodes.append(node)
        elif k in chosen:
            report.nodes.extend(roots)
    if not report.nodes:
        return _summary_only(paras, Report())

    _check_numbering(report.nodes, warnings)
    for leaf in report.leaves():
        if leaf.status is None and leaf.body == "" and leaf.text == "" and not leaf.title:
            warnings.append(f"第{leaf.line}行:{leaf.label}内容为空")

    front = [p for p in paras[:body_start] if not _CLUTTER.search(p.text)]
    found = find_inspection("\n".join(p.text for p in front), _line_mapper(front))
    if found.inspection.kind is None and found.inspection.inspector is None:
        # No lead paragraph before the sections: the facts may open section 一.
        head = [p for p in paras[:40] if not _CLUTTER.search(p.text)]
        found = find_inspection("\n".join(p.text for p in head), _line_mapper(head))
    report.inspection, report.inspections = found.inspection, found.inspections
    warnings[:0] = found.problems

    narrative = [p for k, (s, a, b) in enumerate(spans) if k not in chosen for p in paras[a:b]]
    narrative = list(paras[:body_start]) + narrative + list(paras[close_at:])
    report.declared, decl_lines = find_declared(narrative)
    levels = _level_counts(report.nodes)
    warnings.extend(
        check_declared(report.declared, decl_lines, report.items, levels, report.status_counts)
    )
    _check_ending(paras, close_at, report, warnings)
    _check_roundup(report, "\n".join(p.text for p in front))
    report.warnings = sorted(warnings, key=_warning_line)
    return report


_PUBLISHED = re.compile(r"整改(?:进展)?(?:落实)?情况(?:予以|向社会)?(?:公布|公开|通报)")
_PROGRESS_WORDS = re.compile(r"已(?:经)?(?:全部|基本)?(?:整改到位|完成整改|整改完成|整改销号)")
# The report saying of itself that it publishes the progress ("现将巡察集中整改进展情况予以公布"):
# enough even when its dates name no day ("2022年4月上旬至6月中旬").
_ANNOUNCES = re.compile(r"现将[^。,，]{0,16}?整改(?:进展|落实)?情况(?:予以|向社会)(?:公布|公开)")
_NO_ITEMS = "未逐项列出整改条目:只读取了巡视巡察时间和声明的总数"
_TRADITIONAL = "繁体文本:已按简体字读取"


def _summary_only(paras: list[Para], report: Report) -> Report:
    """A report that states its dates and totals without listing the items ("巡察反馈25个
    问题,已完成整改19个、正在整改6个"), or a round-up of a whole inspection round.

    It is a report when it declares how many problems or measures there are and how far
    they have come, or when it gives the inspection's dates and says it publishes the
    rectification; a news item about a meeting does neither."""
    head = [p for p in paras[:60] if not _CLUTTER.search(p.text)]
    found = find_inspection("\n".join(p.text for p in head), _line_mapper(head))
    declared, _lines = find_declared(paras)
    has_total = declared.problems is not None or declared.measures is not None
    has_progress = any(getattr(declared, k) is not None for k in PROGRESS_KEYS) or any(
        _PROGRESS_WORDS.search(p.text) for p in paras
    )
    dated = found.inspection.onsite_start is not None or found.inspection.feedback_date
    published = dated and any(_PUBLISHED.search(p.text) for p in head)
    published = published or any(_ANNOUNCES.search(p.text) for p in head[:5])
    if not ((has_total and (has_progress or dated)) or published):
        raise NotAReport("不是整改进展报告:未找到整改问题条目")
    first_numbered = next((i for i, p in enumerate(paras) if split_marker(p.text)), len(paras))
    _front(report, paras[: max(first_numbered, 1)])
    close_at, report.closing = split_closing(paras, 1)
    report.inspection, report.inspections = found.inspection, found.inspections
    report.declared = declared
    kept = [w for w in report.warnings if w == _TRADITIONAL]
    report.warnings = [*kept, *found.problems, _NO_ITEMS]
    _check_roundup(report, "\n".join(p.text for p in head))
    return report


_ROUNDUP = re.compile(
    r"([0-9]+|[二两三四五六七八九十百]+[0-9一二三四五六七八九十百]*)"
    r"(?:家|个)(?:被巡[视察](?:地方和)?)?(?:单位|党组织)"
)


def _check_roundup(report: Report, text: str = "") -> None:
    named = report.inspections
    if len(named) <= 1 and (m := _ROUNDUP.search(text)):
        report.warnings.append(
            f"本文汇总了{m.group(0)}的整改情况,未逐一列出各单位,声明的总数为合计数"
        )
    if len(named) > 1:
        kind = report.inspection.kind or "巡视巡察"
        names = "、".join(i.inspected or "" for i in named)
        report.warnings.append(
            f"本文是对{len(named)}个被{kind}单位的汇总({names}),声明的总数未按单位区分"
        )


def _warning_line(warning: str) -> int:
    m = _LINE.match(warning)
    return int(m.group(1)) if m else 1 << 30


# A section on how the rectification was led ("一、落实巡察整改主体责任情况", "党委及主要负责人
# 组织落实整改情况"): its numbered paragraphs are the steps taken, not the findings, unless
# they say which problem they answer or how far it has come.
_NARRATIVE = re.compile(r"主体责任|组织落实|组织领导|政治站位")


def _narrative(mk: Marker) -> bool:
    return bool(_NARRATIVE.search(split_title(mk.rest)[0] or mk.rest))


def _score(paras, marks, a, b, narrative: bool = False) -> tuple[int, int]:
    """(strong, weak) evidence that paras[a:b] hold findings items."""
    strong = weak = 0
    for i in range(a, b):
        mk = marks[i]
        if mk is None:
            if status_line(paras[i].text):
                strong += 1
            continue
        rest = mk.rest
        if rest.startswith("针对") and "问题" in rest:
            strong += 1
        elif find_status(rest, 0, len(rest)):
            strong += 1
        elif not narrative and ("问题" in rest or "整改" in rest or "问题" in mk.label):
            weak += 1
    return strong, weak


def _tree(paras: list[Para], marks: list[Marker | None]) -> tuple[list[str], list[Node]]:
    intro: list[str] = []
    roots: list[Node] = []
    stack: list[_Block] = []
    blocks: list[tuple[_Block, Node | None]] = []
    for para, mk in zip(paras, marks, strict=True):
        if mk is not None:
            block = _Block(para, mk)
            while stack and stack[-1].rank >= mk.rank:
                stack.pop()
            parent = stack[-1].node if stack else None
            (parent.children if parent else roots).append(block.node)
            stack.append(block)
            blocks.append((block, parent))
            continue
        if not stack:
            intro.append(para.text)
            continue
        top = stack[-1]
        top.raw.append(para.text)
        st = status_line(para.text)
        if st and top.node.status_line is None:
            top.node.status, top.node.status_text = st
            top.node.status_line = para.text
        else:
            top.extra.append(para.text)
    for block, _ in blocks:
        _finish(block)
    return intro, roots


def _finish(block: _Block) -> None:
    node = block.node
    node.raw = "\n".join(block.raw)
    line_status = node.status, node.status_text
    if node.children:
        title, pos = split_title(block.rest)
        node.title = title
        after = _strip_sep(block.rest[pos:])
        node.text = "\n".join(([after] if after else []) + block.extra)
        st = find_status(block.rest, pos, len(block.rest))
        if st and node.status is None:
            node.status, node.status_text = st.status, st.text
        return
    item = parse_item(block.rest)
    node.title = item.title.rstrip("。")
    node.text = item.text
    node.body = "\n".join(x for x in [item.body, *block.extra] if x)
    if item.status:
        node.status, node.status_text = item.status.status, item.status.text
    if line_status[0] is not None:
        node.status, node.status_text = line_status
    acts = extract_actions(node.body)
    node.actions, node.action_labels = acts.texts, acts.labels
    if acts.gaps:
        desc = ";".join(f"{a}之后为{b}" for a, b in acts.gaps)
        node.action_gaps = desc


def _strip_sep(s: str) -> str:
    return s.lstrip(",，。;；:：、 \t\u3000").rstrip()


def _front(report: Report, front: list[Para]) -> None:
    preamble: list[str] = []
    for p in front:
        text = p.text
        if _CLUTTER.search(text) and len(text) < 120:
            continue
        if (
            report.title is None
            and not preamble
            and len(text) <= 100
            and "。" not in text
            and not text.startswith("根据")
            and _TITLE_WORDS.search(text)
            and _TITLE_KIND.search(text)
        ):
            report.title = text
            continue
        if not preamble and len(text) < 20 and "。" not in text and not _TITLE_WORDS.search(text):
            continue  # stray navigation or byline before the lead paragraph
        preamble.append(text)
    report.preamble = "\n".join(preamble)


def _line_mapper(paras: list[Para]):
    starts, pos = [], 0
    for p in paras:
        starts.append((pos, p.line))
        pos += len(p.text) + 1

    def line_of(offset: int) -> int:
        line = starts[0][1] if starts else 1
        for start, ln in starts:
            if start > offset:
                break
            line = ln
        return line

    return line_of


def _check_numbering(nodes: list[Node], warnings: list[str]) -> None:
    last_global: dict[int, int] = {}

    # Keyed by numbering style, since items may be numbered straight through
    # categories, (1)…(63), whatever level they hang from.
    def visit(children: list[Node]) -> None:
        prev: Node | None = None
        for node in children:
            n = node.number
            # Sections used as categories may skip narrative sections: not checked.
            if n is not None and node.rank > 0:
                allowed = {1} if prev is None else {(prev.number or 0) + 1}
                if node.rank in last_global:
                    allowed.add(last_global[node.rank] + 1)
                if n not in allowed:
                    before = prev.label if prev else "开头"
                    warnings.append(
                        f"第{node.line}行:{node.label}编号不连续:{before}之后为{node.label}"
                    )
                last_global[node.rank] = n
            if node.action_gaps:
                warnings.append(f"第{node.line}行:{node.label}分项编号不连续:{node.action_gaps}")
            visit(node.children)
            prev = node

    visit(nodes)


def _level_counts(nodes: list[Node]) -> set[int]:
    counts: set[int] = set()
    level = nodes
    while level:
        counts.add(len(level))
        level = [c for n in level for c in n.children]
    return counts


def _check_ending(paras: list[Para], close_at: int, report: Report, warnings: list[str]) -> None:
    if close_at < len(paras) or not paras:
        return
    last = paras[-1]
    text = last.text
    if status_line(text) or full_date(text) or is_issuer(text):
        return
    if text[-1] not in SENTENCE_END:
        warnings.append(f"第{last.line}行:文本在句中结束,可能不完整")
