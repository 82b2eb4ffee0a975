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

from django.db.models import OuterRef, Subquery
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from zhenggai.front.ledger import LedgerFilterForm, apply_filters
from zhenggai.inspections.models import Campaign, Finding
from zhenggai.reporting.models import Evidence, ProgressReport
from zhenggai.spreadsheet.layout import (
    COLUMNS,
    UNIT_SEPARATOR,
    Outline,
    deadline_text,
    measure_text,
    status_text,
)
from zhenggai.tasks.models import SubAction, Task
from zhenggai.units.models import Unit

CHUNK = 500
# Marks the file as this campaign's ledger, so that an import into another campaign is
# caught before it matches 序号 that mean different items there.
IDENTIFIER_PREFIX = "zhenggai:campaign:"


class HeadingTree:
    """What `apply_filters` needs of `front.tree.Tree` (the category filter), answered
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


def filtered_tasks(user, params, today, campaign=None):
    """(campaign, outline, tasks): what /ledger/ with these GET `params` lists for
    `user`, across all its pages. The same form and filters as the page."""
    from zhenggai.front.views import _pick_campaign

    campaigns = list(Campaign.objects.only("id", "name"))
    if campaign is None:
        campaign = _pick_campaign(campaigns, params.get("campaign"))
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


def write_workbook(rows, out, campaign=None) -> int:
    """Write the header and `rows` to `out` (a path or a binary file); the row count."""
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("总台账")
    if campaign is not None:
        wb.properties.title = campaign.name
        wb.properties.identifier = f"{IDENTIFIER_PREFIX}{campaign.pk}"
    # Frozen header row and column widths must be set before the first row is written.
    sheet.freeze_panes = "A2"
    for index, (_header, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header_style = Alignment(wrap_text=True, vertical="center", horizontal="center")
    header = []
    for name, _width in COLUMNS:
        cell = _cell(sheet, name, header_style)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    sheet.append(header)
    styles = {False: _cell(sheet, "x")._style, True: _cell(sheet, datetime.date.today())._style}
    n = 0
    for values in rows:
        sheet.append([_cell(sheet, v, styles=styles) for v in values])
        n += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{n + 1}"
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
