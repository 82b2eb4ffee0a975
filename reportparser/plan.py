"""The rectification plan's task table (整改方案的任务清单/问题清单) → one item per row.

Plain Python, no Django. A plan is a Word document (or a workbook) whose table has one row
per problem or measure: 序号, 反馈问题, 整改目标, 整改措施, 责任领导, 牵头单位, 责任单位,
完成时限 — with headers worded differently in every office, split over two rows, with the
category as a row merged across the table or as a merged first column, and deadlines
written as dates or as 立行立改 / 长期坚持. `read_plan(path)` finds the task table, says
which header it took for which field, and reads every row; what it cannot read becomes a
warning naming the cell, never a silent guess.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import zipfile
from dataclasses import asdict, dataclass, field

from .deadlines import read_deadline
from .model import NotAReport
from .reader import _W, docx_paragraph_text

FIELDS = (
    "label",
    "category",
    "problem",
    "target",
    "measure",
    "leader",
    "lead_units",
    "units",
    "deadline",
)
# Header words by meaning; the longest word found in a header decides its field, so
# 问题类别 is a category and 责任单位(牵头) a lead unit, not a problem or a unit.
SYNONYMS = {
    "label": ("序号", "编号", "序列", "项次", "序"),
    "category": ("问题类别", "问题类型", "问题分类", "类别", "类型", "方面", "板块", "领域"),
    "problem": (
        "反馈问题",
        "问题表现",
        "存在问题",
        "具体问题",
        "主要问题",
        "问题清单",
        "问题描述",
        "问题内容",
        "巡视反馈问题",
        "巡察反馈问题",
        "反馈意见",
        "问题",
    ),
    "target": ("整改目标", "目标要求", "整改要求", "目标"),
    "measure": ("整改措施", "整改举措", "具体措施", "主要措施", "整改任务", "工作措施", "措施"),
    "leader": (
        "责任领导",
        "牵头领导",
        "分管领导",
        "牵头校领导",
        "责任校领导",
        "责任人",
        "领导",
    ),
    "lead_units": (
        "牵头单位",
        "牵头部门",
        "主责单位",
        "主责部门",
        "责任单位牵头",
        "牵头责任单位",
        "牵头",
    ),
    "units": (
        "责任单位",
        "责任部门",
        "配合单位",
        "配合部门",
        "协办单位",
        "参与单位",
        "协同单位",
        "责任主体",
    ),
    "deadline": ("完成时限", "整改时限", "完成时间", "整改期限", "时限", "期限", "时间"),
}
_WORDS = sorted(
    ((word, key) for key, words in SYNONYMS.items() for word in words),
    key=lambda wk: len(wk[0]),
    reverse=True,
)
_HEADER_JUNK = re.compile(r"[\s\u3000()（）【】\[\]:：、/／*＊]+")
_UNIT_SPLIT = re.compile(r"[、,，;；/／\n]+|\s{1,}")
_LEAD_MARK = re.compile(r"[(（](?:牵头|主责|牵头单位)[)）]|牵头$")
_NOTE = re.compile(r"[(（][^()（）]{0,12}[)）]")
_TITLE = re.compile(
    r"整改[^,，。;；]{0,6}方案|任务清单|问题清单|整改台账|责任清单|整改清单|分工方案"
)
_NUMBER_ONLY = re.compile(r"^[\s(（]*[0-9０-９一二三四五六七八九十.．、]+[)）.．、]*\s*$")


class PlanError(NotAReport):
    """The file holds no task table; str(e) is one printable line."""


@dataclass
class Cell:
    text: str
    ref: str  # "表1!C3"
    value: object = None  # a spreadsheet's own value (a date), when it has one
    merged_left: bool = False  # part of a cell merged across from the left
    merged_above: bool = False  # part of a cell merged down from above


@dataclass
class PlanItem:
    row: int
    label: str = ""
    category: str = ""
    problem: str = ""
    target: str = ""
    measure: str = ""
    leader: str = ""
    lead_units: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    deadline: str | None = None
    timeframe: str | None = None
    deadline_text: str = ""
    # A problem given once for several measures (a merged cell or a heading row).
    problem_label: str = ""
    shared_problem: bool = False
    source_cells: dict[str, str] = field(default_factory=dict)


@dataclass
class Plan:
    title: str | None = None
    organisation: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    items: list[PlanItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    table: str = ""

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "organisation": self.organisation,
            "columns": dict(self.columns),
            "items": [asdict(i) for i in self.items],
            "warnings": list(self.warnings),
        }


def header_field(text: str) -> str | None:
    """The field a header names, by meaning; None when it names none."""
    key = _HEADER_JUNK.sub("", text or "")
    if not key or len(key) > 16:
        return None
    for word, name in _WORDS:
        if word in key:
            return name
    return None


def _letters(col: int) -> str:
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


# --- reading tables ------------------------------------------------------------------


def _docx_tables(data: bytes) -> tuple[list[str], list[list[list[Cell]]]]:
    import lxml.etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = zf.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError) as e:
        raise PlanError("不是有效的.docx文件") from e
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = lxml.etree.fromstring(xml, parser)
    except lxml.etree.XMLSyntaxError as e:
        raise PlanError("不是有效的.docx文件:文档内容无法解析") from e
    body = root.find(_W + "body")
    if body is None:
        raise PlanError("不是有效的.docx文件:没有正文")
    before: list[str] = []
    tables = []
    for el in body:
        if el.tag == _W + "p" and not tables:
            text = _para_text(el).strip()
            if text:
                before.append(text)
        elif el.tag == _W + "tbl":
            tables.append(_docx_grid(el, len(tables) + 1))
    return before, tables


_para_text = docx_paragraph_text


def _docx_grid(tbl, number: int) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for r, tr in enumerate(tbl.findall(_W + "tr")):
        row: list[Cell] = []
        pr = tr.find(_W + "trPr")
        skip = pr.find(_W + "gridBefore") if pr is not None else None
        for _ in range(int(skip.get(_W + "val", "0")) if skip is not None else 0):
            row.append(Cell("", f"表{number}!{_letters(len(row))}{r + 1}"))
        for tc in tr.findall(_W + "tc"):
            tcpr = tc.find(_W + "tcPr")
            span, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(_W + "gridSpan")
                if gs is not None:
                    span = max(1, int(gs.get(_W + "val", "1")))
                vm = tcpr.find(_W + "vMerge")
                if vm is not None:
                    vmerge = vm.get(_W + "val", "continue")
            text = "\n".join(_para_text(p) for p in tc.findall(_W + "p")).strip()
            for k in range(span):
                col = len(row)
                cell = Cell(text, f"表{number}!{_letters(col)}{r + 1}", merged_left=k > 0)
                if vmerge == "continue":
                    above = rows[-1][col] if rows and col < len(rows[-1]) else None
                    cell.text = above.text if above else ""
                    cell.merged_above = True
                row.append(cell)
        rows.append(row)
    return rows


def _xlsx_tables(path: str) -> tuple[list[str], list[list[list[Cell]]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise PlanError("不是有效的.xlsx文件") from e
    tables = []
    for ws in wb.worksheets:
        origin: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    origin[(r, c)] = (rng.min_row, rng.min_col)
        rows = []
        for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
            row = []
            for c in range(1, len(values) + 1):
                orow, ocol = origin.get((r, c), (r, c))
                value = ws.cell(orow, ocol).value if (orow, ocol) != (r, c) else values[c - 1]
                text = _cell_text(value)
                row.append(
                    Cell(
                        text,
                        f"{ws.title}!{_letters(c - 1)}{r}",
                        value=value,
                        merged_left=ocol < c and orow == r,
                        merged_above=orow < r,
                    )
                )
            rows.append(row)
        tables.append(rows)
    return [], tables


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# --- finding the task table ------------------------------------------------------------


def _header(rows: list[list[Cell]]) -> tuple[int, int, dict[int, str]] | None:
    """(index of the header's first row, of the first data row, column → field) when
    the table is a task table."""
    for r in range(min(5, len(rows))):
        fields = _fields(rows[r])
        if not ({"problem", "measure"} & set(fields.values())) or len(set(fields.values())) < 3:
            continue
        start = r + 1
        # A header split over two rows: "责任主体" above "牵头单位 | 配合单位".
        if start < len(rows) and _second_header_row(rows[r], rows[start]):
            for col, name in _fields(rows[start]).items():
                fields[col] = name
            start += 1
        return r, start, _dedupe(fields)
    return None


def _second_header_row(upper: list[Cell], lower: list[Cell]) -> bool:
    """Whether `lower` continues the header: the upper row has cells merged across or
    down into it, and every cell of its own is a header word."""
    merged = any(c.merged_left for c in upper) or any(c.merged_above for c in lower)
    own = [c for c in lower if c.text and not c.merged_above and not c.merged_left]
    return merged and bool(own) and all(header_field(c.text) for c in own)


def _fields(row: list[Cell]) -> dict[int, str]:
    out = {}
    for col, cell in enumerate(row):
        if cell.merged_left:
            continue
        name = header_field(cell.text)
        if name:
            out[col] = name
    return out


def _dedupe(fields: dict[int, str]) -> dict[int, str]:
    # Two columns for one field: "责任单位" next to "牵头单位" means the sharing units;
    # alone it means the units that carry the item, which lead it.
    names = list(fields.values())
    if "units" in names and "lead_units" not in names:
        first = min(c for c, n in fields.items() if n == "units")
        fields[first] = "lead_units"
    seen: set[str] = set()
    out = {}
    for col in sorted(fields):
        name = fields[col]
        if name in seen and name not in ("units", "measure"):
            continue
        seen.add(name)
        out[col] = name
    return out


# --- rows ----------------------------------------------------------------------------


def split_units(text: str) -> tuple[list[str], list[str]]:
    """(names marked as leading, other names), in order, without repeats."""
    lead, rest = [], []
    for raw in _UNIT_SPLIT.split(text or ""):
        name = raw.strip(" \t\u3000。.")
        if not name:
            continue
        marked = bool(_LEAD_MARK.search(name))
        name = _NOTE.sub("", _LEAD_MARK.sub("", name)).strip()
        if not name or name in lead or name in rest:
            continue
        (lead if marked else rest).append(name)
    return lead, rest


def _is_category_row(row: list[Cell], fields: dict[int, str]) -> str | None:
    texts = [c.text for c in row if c.text and not c.merged_above]
    distinct = list(dict.fromkeys(texts))
    if len(distinct) != 1:
        return None
    text = distinct[0]
    spanned = sum(1 for c in row if c.text == text) > max(1, len(row) // 2)
    first = row[0].text == text and not _NUMBER_ONLY.match(text)
    category_col = next((c for c, n in fields.items() if n == "category"), None)
    if category_col is not None and row[category_col].text == text and not spanned:
        return None
    if spanned or (first and fields.get(0) == "label"):
        return text
    return None


def read_rows(rows: list[list[Cell]], start: int, fields: dict[int, str], plan: Plan) -> None:
    category = ""
    heading: tuple[str, str] | None = None  # (label, problem) of a problem-only row
    for r in range(start, len(rows)):
        row = rows[r]
        if not any(c.text for c in row if not c.merged_above):
            continue  # empty, or all of it carried down from above
        cat = _is_category_row(row, fields)
        if cat is not None:
            category, heading = cat, None
            continue
        got: dict[str, list[Cell]] = {}
        for col, name in fields.items():
            if col < len(row):
                got.setdefault(name, []).append(row[col])

        def text(name, got=got):
            return "\n".join(c.text for c in got.get(name, []) if c.text).strip()

        def cell(name, got=got):
            return next((c for c in got.get(name, []) if c.text or c.value), None)

        measure = text("measure")
        problem_cell = cell("problem")
        if not measure and not text("deadline") and not text("lead_units") + text("units"):
            if problem_cell is not None:
                heading = (text("label"), text("problem"))
            continue
        item = PlanItem(row=r + 1, label=text("label"), category=text("category") or category)
        item.target, item.measure, item.leader = text("target"), measure, text("leader")
        if problem_cell is not None:
            item.problem = problem_cell.text
            item.shared_problem = problem_cell.merged_above
            if problem_cell.merged_above and heading is None:
                heading = ("", problem_cell.text)
        elif heading is not None:
            item.problem, item.problem_label, item.shared_problem = heading[1], heading[0], True
        if item.shared_problem and heading is not None and heading[1] == item.problem:
            item.problem_label = heading[0]
        if not problem_cell or not problem_cell.merged_above:
            if problem_cell is not None:
                heading = None
        lead_marked, lead_rest = split_units(text("lead_units"))
        unit_marked, unit_rest = split_units(text("units"))
        item.lead_units = lead_marked + lead_rest + unit_marked
        item.units = [u for u in unit_rest if u not in item.lead_units]
        deadline_cell = cell("deadline")
        if deadline_cell is not None:
            item.deadline_text = deadline_cell.text
            raw = deadline_cell.value
            read = read_deadline(
                raw if isinstance(raw, datetime.date | datetime.datetime) else deadline_cell.text
            )
            if not read.ok:
                plan.warnings.append(f"{deadline_cell.ref}:完成时限“{deadline_cell.text}”无法识别")
            item.deadline = read.date.isoformat() if read.date else None
            item.timeframe = read.timeframe
        for name in FIELDS:
            c = cell(name)
            if c is not None:
                item.source_cells[name] = c.ref
        if not item.problem:
            plan.warnings.append(f"{_ref(row, fields, 'measure')}:整改措施没有对应的问题")
        plan.items.append(item)


def _ref(row, fields, name) -> str:
    col = next((c for c, n in fields.items() if n == name), 0)
    return row[min(col, len(row) - 1)].ref


# --- the plan ------------------------------------------------------------------------


def read_plan(path, content: bytes | None = None) -> Plan:
    """Read the task table of a plan (.docx or .xlsx). Raises PlanError (a NotAReport).

    With `content`, those are the file's bytes and `path` only names it (its extension)."""
    path = os.fspath(path)
    ext = os.path.splitext(path)[1].lower()
    if content is not None:
        head, data = content[:8], content
    else:
        try:
            with open(path, "rb") as fh:
                head = fh.read(8)
                data = head + fh.read() if ext != ".xlsx" else head
        except OSError as e:
            raise PlanError(f"无法读取文件:{e.strerror or e}") from e
    if not head:
        raise PlanError("不是整改任务清单:文件为空")
    if ext in (".xlsx", ".xlsm"):
        before, tables = _xlsx_tables(io.BytesIO(content) if content is not None else path)
    elif ext == ".docx" or (ext != ".doc" and head[:4] == b"PK\x03\x04"):
        before, tables = _docx_tables(data)
    elif ext == ".doc":
        raise PlanError("不支持旧版.doc格式,请另存为.docx")
    else:
        raise PlanError("整改任务清单须为.docx或.xlsx文件")
    return plan_from_tables(before, tables)


def plan_from_tables(before: list[str], tables: list[list[list[Cell]]]) -> Plan:
    plan = Plan()
    for number, rows in enumerate(tables, start=1):
        found = _header(rows)
        if found is None:
            continue
        top, start, fields = found
        if not plan.columns:
            plan.table = rows[0][0].ref.split("!")[0] if rows and rows[0] else f"表{number}"
            header_rows = rows[top:start]
            for col, name in fields.items():
                words = [hr[col].text for hr in header_rows if col < len(hr) and hr[col].text]
                label = "/".join(dict.fromkeys(re.sub(r"\s+", "", w) for w in words))
                plan.columns[label] = name
            # A workbook's title sits in the rows above its header.
            if not before:
                before = [c.text for row in rows[:top] for c in row if c.text]
        read_rows(rows, start, fields, plan)
    if not plan.columns:
        raise PlanError("不是整改任务清单:未找到含“问题”“整改措施”等表头的表格")
    if not plan.items:
        raise PlanError("整改任务清单中没有任何任务行")
    title = next((t for t in before if _TITLE.search(t)), None)
    plan.title = re.sub(r"\s+", "", title) if title else None
    if plan.title:
        m = re.match(r"^(.{2,60}?)关于", plan.title)
        plan.organisation = m.group(1) if m else None
    return plan
