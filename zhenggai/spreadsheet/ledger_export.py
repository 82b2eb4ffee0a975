"""The master ledger as .xlsx: one row per item, in the report's order.

Built to stream: the items are read with `.iterator()` and written with openpyxl's
write-only workbook (inline strings, rows flushed to a temporary file as they come), and
the sub-actions, responsible units and evidence of all rows come from one ordered query
each, merged with the items as both walk the ledger in the same order. The number of
queries does not depend on the number of rows, and neither does memory.
"""

import datetime
import tempfile
from collections.abc import Iterator
from copy import copy

from django.db.models import OuterRef, Q, Subquery
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from zhenggai.inspections.models import Campaign, Finding
from zhenggai.ledger.filters import LedgerFilterForm, apply_filters, pick_campaign
from zhenggai.lib import clock
from zhenggai.reporting.models import Evidence, ProgressReport
from zhenggai.spreadsheet.layout import (
    COLUMNS,
    DEADLINE,
    HEADERS,
    LEAD,
    STATUS,
    UNIT_SEPARATOR,
    Outline,
    deadline_text,
    measure_text,
    status_text,
)
from zhenggai.tasks.models import Status, SubAction, Task, Timeframe
from zhenggai.units.models import Unit

CHUNK = 500
# Marks the file as this campaign's ledger, so that an import into another campaign is
# caught before it matches 序号 that mean different items there.
IDENTIFIER_PREFIX = "zhenggai:campaign:"


class HeadingTree:
    """What `apply_filters` needs of `inspections.tree.Tree` (`category_filter`), answered
    from the headings alone: the items under a category are the findings whose parent is
    the category or one of its sub-headings."""

    def __init__(self, outline: Outline):
        self.outline = outline

    def roots(self):
        return sorted(
            (f for f in self.outline.headings.values() if f.parent_id is None),
            key=lambda f: f.position,
        )

    def descendant_ids(self, finding_id):
        children: dict[int | None, list[int]] = {}
        for f in self.outline.headings.values():
            children.setdefault(f.parent_id, []).append(f.pk)
        under, stack = {finding_id}, [finding_id]
        while stack:
            for child in children.get(stack.pop(), []):
                if child not in under:
                    under.add(child)
                    stack.append(child)
        return Finding.objects.filter(parent_id__in=under).values("pk")

    def category_filter(self, category_id):
        return Q(finding_id__in=self.descendant_ids(category_id))


def filtered_tasks(user, params, today, campaign=None):
    """(campaign, outline, tasks): what /ledger/ with these GET `params` lists for
    `user`, across all its pages. The same form and filters as the page."""
    campaigns = list(Campaign.objects.only("id", "name"))
    if campaign is None:
        campaign = pick_campaign(campaigns, params.get("campaign"))
    if campaign is None:
        return None, None, Task.objects.none()
    outline = Outline(campaign.pk)
    tree = HeadingTree(outline)
    units = list(Unit.objects.filter(is_active=True).only("id", "name"))
    form = LedgerFilterForm(params, campaigns=campaigns, categories=tree.roots(), units=units)
    visible = Task.objects.visible_to(user).filter(finding__campaign=campaign)
    return campaign, outline, apply_filters(visible, form, tree, today)


def _grouped(rows) -> Iterator[tuple[int, list]]:
    """(position, [values…]) per item from rows of (position, value), in order."""
    current, values = None, []
    for position, value in rows:
        if position != current:
            if current is not None:
                yield current, values
            current, values = position, []
        values.append(value)
    if current is not None:
        yield current, values


class _Merge:
    """Walks one ordered side query alongside the items."""

    def __init__(self, rows):
        self.groups = _grouped(rows)
        self.head = next(self.groups, None)

    def take(self, position) -> list:
        while self.head is not None and self.head[0] < position:
            self.head = next(self.groups, None)
        if self.head is not None and self.head[0] == position:
            values = self.head[1]
            self.head = next(self.groups, None)
            return values
        return []


def ledger_rows(tasks, outline: Outline) -> Iterator[list]:
    """The cell values of each item of `tasks` (one campaign's), in the report's order."""
    ids = tasks.values("pk")
    order = "task__finding__position"
    actions = _Merge(
        (p, (label, text))
        for p, label, text in SubAction.objects.filter(task__in=ids)
        .order_by(order, "position")
        .values_list(order, "label", "text")
        .iterator(chunk_size=CHUNK)
    )
    units = _Merge(
        Task.units.through.objects.filter(task__in=ids)
        .order_by(order, "unit__position", "unit__name")
        .values_list(order, "unit__name")
        .iterator(chunk_size=CHUNK)
    )
    evidence = _Merge(
        Evidence.objects.filter(task__in=ids)
        .order_by(order, "uploaded_at", "id")
        .values_list(order, "original_name")
        .iterator(chunk_size=CHUNK)
    )
    latest_accepted = (
        ProgressReport.objects.filter(task=OuterRef("pk"), status=ProgressReport.Status.ACCEPTED)
        .order_by("-period_start", "-reviewed_at", "-id")
        .values("text")[:1]
    )
    items = (
        tasks.select_related("finding", "lead_unit")
        .annotate(latest_progress=Subquery(latest_accepted))
        .only(
            "id",
            "measure",
            "body",
            "leader",
            "deadline",
            "revised_deadline",
            "timeframe",
            "status",
            "finding__id",
            "finding__parent_id",
            "finding__position",
            "finding__label",
            "finding__title",
            "lead_unit__name",
        )
        .order_by("finding__position")
    )
    for task in items.iterator(chunk_size=CHUNK):
        f = task.finding
        yield [
            outline.key(f.pk, f.label),
            outline.category(f.parent_id),
            f.title,
            measure_text(task.measure, actions.take(f.position), task.body),
            task.lead_unit.name if task.lead_unit else "",
            UNIT_SEPARATOR.join(units.take(f.position)),
            task.leader,
            deadline_text(task.effective_deadline, task.timeframe),
            task.latest_progress or "",
            status_text(task.status),
            "\n".join(evidence.take(f.position)),
        ]


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"


def _clean(value: str) -> str:
    # Control characters pasted from Word would make openpyxl refuse the whole file.
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _cell(sheet, value, style=WRAP, styles=None):
    cell = WriteOnlyCell(sheet, value=_clean(value) if isinstance(value, str) else value)
    date = isinstance(value, datetime.date)
    if styles is not None:
        # Copying a ready style array is several times cheaper than setting the
        # alignment on each of 11 cells a row.
        cell._style = copy(styles[date])
    else:
        cell.alignment = style
        if date:
            cell.number_format = DATE_FORMAT
    if isinstance(value, str) and value:
        # Text stays text: a measure that starts with "=" is not a formula (and a file
        # that travels between offices must not run one).
        cell.data_type = "s"
    return cell


TITLE_FONT = Font(bold=True, size=16)
LINE_HEIGHT = 14.5  # points, for the 11 pt default font
MAX_HEIGHT = 409  # Excel's limit for a row


def row_height(values, widths) -> float:
    """The height of a row whose cells wrap: the most lines any of its cells needs. A
    column's width counts Latin characters; a Chinese one takes two."""
    lines = 1
    for value, width in zip(values, widths, strict=False):
        if not isinstance(value, str) or not value:
            continue
        per_line = max(int(width) - 1, 1)
        needed = sum(
            max(1, -(-sum(2 if ord(ch) > 0x2E80 else 1 for ch in part) // per_line))
            for part in value.split("\n")
        )
        lines = max(lines, needed)
    return min(MAX_HEIGHT, round(lines * LINE_HEIGHT, 1))


# Rows above the data: the title, then the header (repeated on every printed page).
TITLE_ROW, HEADER_ROW = 1, 2
CHOICES_SHEET = "选项"


def _title(campaign, today) -> str:
    name = campaign.name if campaign is not None else "整改工作"
    return f"{name}落实总台账({today:%Y年%-m月%-d日})"


def _choices(wb, units) -> dict[str, str]:
    """The lists the data validation offers, on a hidden sheet (a list typed into the
    rule itself may not pass 255 characters or contain a comma, and 长期推进,已落实…
    does): header → range formula."""
    sheet = wb.create_sheet(CHOICES_SHEET)
    sheet.sheet_state = "hidden"
    lists = {
        STATUS: [status_text(s) for s in Status.values],
        LEAD: list(units),
        DEADLINE: [
            deadline_text(None, kind) for kind in (Timeframe.IMMEDIATE, Timeframe.LONG_TERM)
        ],
    }
    longest = max(len(v) for v in lists.values())
    for i in range(longest):
        sheet.append([values[i] if i < len(values) else None for values in lists.values()])
    return {
        header: f"'{CHOICES_SHEET}'!${get_column_letter(n)}$1:${get_column_letter(n)}${len(values)}"
        for n, (header, values) in enumerate(lists.items(), start=1)
        if values
    }


def _validations(sheet, formulas, last_row) -> None:
    for header, formula in formulas.items():
        column = get_column_letter(HEADERS.index(header) + 1)
        rule = DataValidation(type="list", formula1=formula, allow_blank=True)
        if header == DEADLINE:
            # A date is a deadline too: offer the kinds, refuse nothing.
            rule.errorStyle = "information"
        else:
            rule.error = f"请从下拉列表中选择{header}。"
            rule.errorTitle = header
        rule.add(f"{column}{HEADER_ROW + 1}:{column}{max(last_row, HEADER_ROW + 1)}")
        sheet.data_validations.append(rule)


def _print_setup(sheet, title) -> None:
    """Landscape A3, all columns on one page width, the header on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A3
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddHeader.center.text = title
    sheet.oddFooter.center.text = "第 &P 页,共 &N 页"


def write_workbook(rows, out, campaign=None, today=None, units=None) -> int:
    """Write the title, the header and `rows` to `out` (a path or a binary file); the
    row count. Import reads the file back as it is (its header is on row 2)."""
    today = today or clock.today()
    title = _title(campaign, today)
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("总台账")
    props = wb.properties
    props.title, props.subject = title, "巡视整改落实总台账"
    props.creator = props.lastModifiedBy = "整改工作管理系统"
    props.keywords = "整改;台账"
    if campaign is not None:
        props.identifier = f"{IDENTIFIER_PREFIX}{campaign.pk}"
    # Frozen rows and column widths must be set before the first row is written.
    sheet.freeze_panes = f"B{HEADER_ROW + 1}"
    for index, (_header, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _print_setup(sheet, title)
    heading = _cell(sheet, title, Alignment(vertical="center"))
    heading.font = TITLE_FONT
    sheet.row_dimensions[TITLE_ROW].height = 30
    sheet.append([heading])
    header_style = Alignment(wrap_text=True, vertical="center", horizontal="center")
    header = []
    for name, _width in COLUMNS:
        cell = _cell(sheet, name, header_style)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    sheet.append(header)
    styles = {False: _cell(sheet, "x")._style, True: _cell(sheet, clock.today())._style}
    widths = [width for _header, width in COLUMNS]
    n = 0
    for values in rows:
        # Set before the row is written (write-only): wrapped text needs its height, or
        # Excel and LibreOffice show and print one line of each cell.
        sheet.row_dimensions[HEADER_ROW + n + 1].height = row_height(values, widths)
        sheet.append([_cell(sheet, v, styles=styles) for v in values])
        n += 1
    last = HEADER_ROW + n
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{last}"
    if units is None:
        units = Unit.objects.filter(is_active=True).order_by("position", "name")
        units = units.values_list("name", flat=True)
    _validations(sheet, _choices(wb, units), last)
    wb.save(out)
    return n


def export_to_tempfile(tasks, outline, campaign):
    """The workbook in an anonymous temporary file, rewound: hand it to FileResponse."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    write_workbook(ledger_rows(tasks, outline), handle, campaign)
    handle.seek(0)
    return handle


def filename(campaign, today) -> str:
    return f"整改台账-{today:%Y%m%d}.xlsx"
