"""Read a ledger workbook back: check every row, then say what would change.

Two steps kept apart: `plan_import()` reads and checks the file against the ledger and
writes nothing; it returns a `Plan` with every row's errors (row, column, what) or the
changes it would make. `apply_import()` writes a plan that has no errors, all in one
transaction, each change through `record()` and with the item's version bumped.

A status is never set from a file: statuses move only through the workflow
(tasks/README.md). The 整改状态 column is read and compared, and a row whose status
differs from the item's is refused. 整改进展 and 佐证材料 come from reports and uploads
and are not read.
"""

import calendar
import datetime
import hashlib
import re
import zipfile
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from zhenggai.audit.models import record
from zhenggai.inspections.models import Finding
from zhenggai.spreadsheet import layout
from zhenggai.spreadsheet.layout import (
    CATEGORY,
    DEADLINE,
    HEADERS,
    KEY,
    LEAD,
    LEADER,
    MEASURE,
    PROBLEM,
    STATUS,
    UNITS,
    Outline,
    normal_text,
    parse_measure,
)
from zhenggai.tasks.models import Action, Status, SubAction, Task, Timeframe, Transition
from zhenggai.tasks.permissions import is_office
from zhenggai.units.models import Unit

LABEL_MAX = Finding._meta.get_field("label").max_length
LEADER_MAX = Task._meta.get_field("leader").max_length
REQUIRED = (KEY, CATEGORY, PROBLEM, MEASURE, LEAD, UNITS, LEADER, DEADLINE, STATUS)


class ImportFailed(Exception):
    """The file as a whole cannot be read or applied; `message` is for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


@dataclass
class RowError:
    row: int
    column: str | None  # header
    letter: str | None
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("第{row}行 {letter}列({column}):{message}").format(
                row=self.row, letter=self.letter, column=self.column, message=self.message
            )
        return _("第{row}行:{message}").format(row=self.row, message=self.message)


@dataclass
class Change:
    row: int
    key: str
    title: str
    task_id: int | None = None  # None: a new item
    version: int | None = None
    # field → (before, after) as the person reading the preview sees them
    shown: dict[str, tuple[str, str]] = field(default_factory=dict)
    # field → the value to write
    values: dict = field(default_factory=dict)
    parent_id: int | None = None

    @property
    def is_new(self) -> bool:
        return self.task_id is None


@dataclass
class Plan:
    campaign: object
    filename: str = ""
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0

    @property
    def created(self) -> list[Change]:
        return [c for c in self.changes if c.is_new]

    @property
    def updated(self) -> list[Change]:
        return [c for c in self.changes if not c.is_new]

    @property
    def ok(self) -> bool:
        return not self.errors

    def fingerprint(self) -> str:
        """Identifies what the plan would do, to check at confirmation that the preview
        the user saw still describes it."""
        digest = hashlib.sha256(str(self.campaign.pk).encode())
        for c in self.changes:
            digest.update(
                repr((c.row, c.key, c.task_id, c.version, sorted(c.shown.items()))).encode()
            )
        return digest.hexdigest()

    def summary(self) -> str:
        return _("共 {rows} 行:新增 {created} 项,更新 {updated} 项,未变 {unchanged} 项").format(
            rows=self.rows,
            created=len(self.created),
            updated=len(self.updated),
            unchanged=self.unchanged,
        )


# --- reading cells ---------------------------------------------------------------------


class CellError(ValueError):
    pass


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(?:之?前)?$")
_YM_END = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*(?:底|末)?\s*(?:之?前)?$")
_Y_END = re.compile(r"^(\d{4})\s*年\s*(?:底|末)\s*(?:之?前)?$")


def parse_deadline(value):
    """完成时限 → ("date", date) | ("timeframe", Timeframe) | ("empty", None).

    Offices write dates many ways: 2018-10-31, 2018/10/31, 2018年10月31日, 2018年10月底前
    (the month's last day), 2018年底; or 立行立改 / 长期推进 instead of a date.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return ("empty", None)
    if isinstance(value, datetime.datetime):
        return ("date", value.date())
    if isinstance(value, datetime.date):
        return ("date", value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return ("date", from_excel(value).date())
        except (ValueError, OverflowError, TypeError, AttributeError):
            raise CellError(value) from None
    raw = str(value).strip()
    if raw in layout.TIMEFRAME_WORDS:
        return ("timeframe", layout.TIMEFRAME_WORDS[raw])
    try:
        if m := _YMD.match(raw):
            return ("date", datetime.date(int(m[1]), int(m[2]), int(m[3])))
        if m := _YM_END.match(raw):
            year, month = int(m[1]), int(m[2])
            return ("date", datetime.date(year, month, calendar.monthrange(year, month)[1]))
        if m := _Y_END.match(raw):
            return ("date", datetime.date(int(m[1]), 12, 31))
    except (ValueError, calendar.IllegalMonthError):
        pass
    raise CellError(raw)


def current_deadline(task):
    return parse_deadline(layout.deadline_text(task.effective_deadline, task.timeframe))


def _show_deadline(parsed) -> str:
    kind, value = parsed
    if kind == "date":
        return value.isoformat()
    if kind == "timeframe":
        return str(Timeframe(value).label)
    return ""


# --- the file --------------------------------------------------------------------------


@dataclass
class Sheet:
    identifier: str
    columns: dict[str, int]  # header → 0-based index
    rows: object  # iterator of (row number, tuple of values)

    def letter(self, header) -> str:
        return get_column_letter(self.columns[header] + 1)


def read_sheet(source) -> Sheet:
    """Open the workbook (a path or a binary file) read-only and find its header row."""
    try:
        wb = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFailed(
            _("无法读取该文件,请上传由本系统导出或同样格式的 .xlsx 台账。")
        ) from None
    sheet = wb["总台账"] if "总台账" in wb.sheetnames else wb.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header_row, header = 1, next(rows, None) or ()
    if header and text(header[0]) and not any(text(v) for v in header[1:]):
        # A title row (the export writes one): the header is the next row.
        header_row, header = 2, next(rows, None) or ()
    columns = {}
    for index, name in enumerate(header):
        name = re.sub(r"\s+", "", text(name))
        if name in HEADERS and name not in columns:
            columns[name] = index
    missing = [h for h in REQUIRED if h not in columns]
    if missing:
        raise ImportFailed(_("第1行须为表头,缺少列:{columns}。").format(columns="、".join(missing)))

    def numbered():
        for number, values in enumerate(rows, start=header_row + 1):
            if values and any(text(v) for v in values):
                yield number, values

    return Sheet(wb.properties.identifier or "", columns, numbered())


# --- checking --------------------------------------------------------------------------


def _unit_names() -> dict[str, Unit]:
    """Names and aliases → unit; a unit's own name wins over another's alias."""
    units = list(Unit.objects.all())
    names = {}
    for unit in units:
        for alias in unit.alias_list():
            names.setdefault(alias, unit)
    for unit in units:
        names[unit.name] = unit
    return names


def _ledger(campaign, outline):
    tasks = (
        Task.objects.filter(finding__campaign=campaign)
        .select_related("finding", "lead_unit")
        .prefetch_related(
            models.Prefetch("units", queryset=Unit.objects.only("id", "name")),
            models.Prefetch("actions", queryset=SubAction.objects.order_by("position")),
        )
    )
    by_key, by_place = {}, {}
    for task in tasks:
        f = task.finding
        by_key[outline.key(f.pk, f.label)] = task
        by_place[(normal_text(outline.category(f.parent_id)), f.label)] = task
    return by_key, by_place


def plan_import(source, campaign, filename="") -> Plan:
    """Check the workbook against `campaign`'s ledger. Writes nothing.

    Raises ImportFailed when the file cannot be read at all; otherwise every problem is a
    RowError in the plan.
    """
    sheet = read_sheet(source)
    if sheet.identifier.startswith("zhenggai:campaign:"):
        origin = sheet.identifier.removeprefix("zhenggai:campaign:")
        if origin != str(campaign.pk):
            raise ImportFailed(
                format_lazy(
                    _("该文件导出自另一项整改工作,不能导入“{campaign}”。"), campaign=campaign
                )
            )
    plan = Plan(campaign=campaign, filename=filename)
    outline = Outline(campaign.pk)
    by_key, by_place = _ledger(campaign, outline)
    units = _unit_names()
    statuses = layout.status_words()
    seen: dict[str, int] = {}
    new_places: set[tuple[int, str]] = set()

    for number, values in sheet.rows:
        plan.rows += 1

        def cell(header, values=values):
            index = sheet.columns.get(header)
            return values[index] if index is not None and index < len(values) else None

        def error(header, message, number=number):
            letter = sheet.letter(header) if header else None
            plan.errors.append(RowError(number, header, letter, str(message)))

        key = text(cell(KEY))
        if not key:
            error(KEY, _("缺少序号"))
            continue
        if key in seen:
            error(KEY, _("序号“{key}”与第{row}行重复").format(key=key, row=seen[key]))
            continue
        seen[key] = number
        category = normal_text(cell(CATEGORY))
        task = by_key.get(key) or by_place.get((category, key))

        raw_status = text(cell(STATUS))
        status = statuses.get(raw_status) if raw_status else None
        if raw_status and status is None:
            error(STATUS, _("无法识别的整改状态“{value}”").format(value=raw_status))

        lead = None
        lead_name = text(cell(LEAD))
        if lead_name:
            lead = units.get(lead_name)
            if lead is None:
                error(LEAD, _("未知单位“{name}”").format(name=lead_name))
        shared, unknown = [], []
        for name in layout.UNIT_SPLIT.split(text(cell(UNITS))):
            name = name.strip()
            if not name:
                continue
            unit = units.get(name)
            if unit is None:
                unknown.append(name)
            elif unit not in shared:
                shared.append(unit)
        for name in unknown:
            error(UNITS, _("未知单位“{name}”").format(name=name))

        raw_deadline = cell(DEADLINE)
        try:
            deadline = parse_deadline(raw_deadline)
        except CellError:
            deadline = None
            error(DEADLINE, _("无法识别的日期“{value}”").format(value=text(raw_deadline)))

        leader = text(cell(LEADER))
        if len(leader) > LEADER_MAX:
            error(LEADER, _("责任领导过长(最多{n}字)").format(n=LEADER_MAX))
        measure_cell = cell(MEASURE)
        if task is None:
            _plan_new(
                plan,
                outline,
                error,
                number,
                key,
                category,
                cell,
                status,
                raw_status,
                lead,
                shared,
                leader,
                deadline,
                measure_cell,
                new_places,
            )
        else:
            _plan_update(
                plan,
                error,
                number,
                key,
                task,
                status,
                raw_status,
                lead,
                lead_name,
                shared,
                leader,
                deadline,
                measure_cell,
            )
            title = normal_text(cell(PROBLEM))
            if title and title != normal_text(task.finding.title):
                plan.warnings.append(
                    _(
                        "第{row}行:存在问题的文字与系统不同,导入不修改问题表述(请在问题管理中修改)"
                    ).format(row=number)
                )
    return plan


def _plan_update(
    plan,
    error,
    number,
    key,
    task,
    status,
    raw_status,
    lead,
    lead_name,
    shared,
    leader,
    deadline,
    measure_cell,
):
    n_errors = len(plan.errors)
    change = Change(
        row=number, key=key, title=task.finding.title, task_id=task.pk, version=task.version
    )
    if status is not None and status != task.status:
        error(
            STATUS,
            _("整改状态只能通过流程变更:该事项当前为“{now}”,表格为“{given}”").format(
                now=layout.status_text(task.status), given=raw_status
            ),
        )

    current = layout.measure_text(
        task.measure, [(a.label, a.text) for a in task.actions.all()], task.body
    )
    if normal_text(measure_cell) != normal_text(current):
        parsed = parse_measure(measure_cell)
        change.shown[MEASURE] = (current, normal_text(measure_cell))
        change.values.update(measure=parsed.measure, body=parsed.body, actions=parsed.actions)

    if lead_name and lead is None:
        pass  # reported
    elif (lead.pk if lead else None) != task.lead_unit_id:
        if lead is None and task.status != Status.DRAFT:
            error(LEAD, _("已下达的事项须有牵头单位"))
        change.shown[LEAD] = (str(task.lead_unit or ""), str(lead or ""))
        change.values["lead_unit"] = lead

    before_units = list(task.units.all())
    if {u.pk for u in shared} != {u.pk for u in before_units}:
        change.shown[UNITS] = (
            layout.UNIT_SEPARATOR.join(sorted(u.name for u in before_units)),
            layout.UNIT_SEPARATOR.join(u.name for u in shared),
        )
        change.values["units"] = shared

    if leader != task.leader.strip():
        change.shown[LEADER] = (task.leader, leader)
        change.values["leader"] = leader

    if deadline is not None:
        now = current_deadline(task)
        if deadline != now:
            kind, value = deadline
            if task.revised_deadline is not None:
                error(
                    DEADLINE,
                    _("该事项已批准延期至{date},完成时限请通过延期审批调整").format(
                        date=task.revised_deadline.isoformat()
                    ),
                )
            elif kind == "date":
                change.values["deadline"] = value
                if not task.timeframe:
                    change.values["timeframe"] = Timeframe.DEADLINE
            elif kind == "timeframe":
                change.values.update(deadline=None, timeframe=value)
            else:
                if task.timeframe == Timeframe.DEADLINE and task.status != Status.DRAFT:
                    error(DEADLINE, _("限期整改的事项须有完成时限"))
                change.values["deadline"] = None
            change.shown[DEADLINE] = (_show_deadline(now), _show_deadline(deadline))

    if len(plan.errors) > n_errors:
        return
    if change.values:
        plan.changes.append(change)
    else:
        plan.unchanged += 1


def _plan_new(
    plan,
    outline,
    error,
    number,
    key,
    category,
    cell,
    status,
    raw_status,
    lead,
    shared,
    leader,
    deadline,
    measure_cell,
    new_places,
):
    n_errors = len(plan.errors)
    title = normal_text(cell(PROBLEM))
    parent = outline.find_heading(category) if category else None
    if not category:
        error(CATEGORY, _("新增事项(序号“{key}”在本台账中不存在)须填写问题类别").format(key=key))
    elif parent is None:
        error(CATEGORY, _("找不到问题类别“{value}”").format(value=category))
    if not title:
        error(PROBLEM, _("新增事项须填写存在问题"))
    if len(key) > LABEL_MAX:
        error(KEY, _("序号过长(最多{n}字)").format(n=LABEL_MAX))
    if status is not None and status != Status.DRAFT:
        error(
            STATUS,
            _("新增事项的整改状态只能是“待下达”,表格为“{given}”").format(given=raw_status),
        )
    if parent is not None:
        if (parent.pk, key) in new_places:
            error(KEY, _("同一问题类别下序号“{key}”重复").format(key=key))
        new_places.add((parent.pk, key))
    if len(plan.errors) > n_errors:
        return
    parsed = parse_measure(measure_cell)
    values = {
        "measure": parsed.measure,
        "body": parsed.body,
        "actions": parsed.actions,
        "lead_unit": lead,
        "units": shared,
        "leader": leader,
        "deadline": None,
        "timeframe": "",
    }
    kind, value = deadline or ("empty", None)
    if kind == "date":
        values.update(deadline=value, timeframe=Timeframe.DEADLINE)
    elif kind == "timeframe":
        values["timeframe"] = value
    change = Change(row=number, key=key, title=title, values=values, parent_id=parent.pk)
    change.shown = {
        CATEGORY: ("", category),
        PROBLEM: ("", title),
        MEASURE: ("", normal_text(measure_cell)),
        LEAD: ("", str(lead or "")),
        UNITS: ("", layout.UNIT_SEPARATOR.join(u.name for u in shared)),
        LEADER: ("", leader),
        DEADLINE: ("", _show_deadline((kind, value))),
    }
    plan.changes.append(change)


# --- writing ---------------------------------------------------------------------------

AUDIT_FIELDS = (
    "measure",
    "body",
    "actions",
    "lead_unit",
    "units",
    "leader",
    "deadline",
    "timeframe",
)


def _state(task, actions, units) -> dict:
    return {
        "measure": task.measure,
        "body": task.body,
        "actions": [f"{label}{text}" for label, text in actions],
        "lead_unit": str(task.lead_unit) if task.lead_unit_id else "",
        "units": sorted(u.name for u in units),
        "leader": task.leader,
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "timeframe": task.timeframe,
        "version": task.version,
    }


def _set_actions(task, actions):
    SubAction.objects.filter(task=task).delete()
    SubAction.objects.bulk_create(
        SubAction(task=task, position=i, label=label, text=text)
        for i, (label, text) in enumerate(actions)
    )


class Conflict(ImportFailed):
    pass


def apply_import(plan: Plan, user, progress=None) -> Plan:
    """Write `plan` (which must have no errors) in one transaction. `user` is the office
    member importing, or None for the console. Raises Conflict, writing nothing, when an
    item changed since the plan was made."""
    if plan.errors:
        raise ImportFailed(_("表格有错误,未导入任何内容。"))
    if user is not None and not is_office(user):
        raise ImportFailed(_("只有整改办可以导入台账。"))
    note = _("导入台账 {filename} 第{row}行")
    with transaction.atomic():
        for done, change in enumerate(plan.changes, start=1):
            reason = note.format(filename=plan.filename, row=change.row)
            if change.is_new:
                _create(plan.campaign, change, user, reason)
            else:
                _update(change, user, reason)
            if progress is not None:
                progress(done, len(plan.changes))
        if plan.created:
            from zhenggai.front.tree import renumber

            renumber(plan.campaign.pk)
    return plan


def _update(change: Change, user, reason):
    task = (
        Task.objects.select_related("lead_unit")
        .prefetch_related("units", "actions")
        .get(pk=change.task_id)
    )
    before = _state(task, [(a.label, a.text) for a in task.actions.all()], task.units.all())
    values = dict(change.values)
    actions = values.pop("actions", None)
    units = values.pop("units", None)
    updated = Task.objects.filter(pk=task.pk, version=change.version).update(
        version=models.F("version") + 1, updated_at=timezone.now(), **values
    )
    if updated != 1:
        raise Conflict(
            _("第{row}行的事项“{key}”已被他人修改,未导入任何内容。请重新导出或重新上传。").format(
                row=change.row, key=change.key
            )
        )
    task.refresh_from_db()
    if actions is not None:
        _set_actions(task, actions)
    if units is not None:
        task.units.set(units)
    after = _state(
        task, [(a.label, a.text) for a in task.actions.order_by("position")], task.units.all()
    )
    changed = [k for k in before if before[k] != after[k]]
    record(
        user,
        "ledger_import",
        task,
        {k: before[k] for k in changed},
        {k: after[k] for k in changed},
        note=reason,
    )


def _create(campaign, change: Change, user, reason):
    parent = Finding.objects.get(pk=change.parent_id)
    last = Finding.objects.filter(campaign=campaign).aggregate(m=models.Max("position"))["m"]
    finding = Finding.objects.create(
        campaign=campaign,
        inspection_id=parent.inspection_id,
        parent=parent,
        depth=parent.depth + 1,
        # Past the end; renumber() puts it last among its siblings.
        position=(last or 0) + 1,
        label=change.key,
        title=change.title,
    )
    values = dict(change.values)
    actions, units = values.pop("actions"), values.pop("units")
    task = Task.objects.create(finding=finding, status=Status.DRAFT, **values)
    _set_actions(task, actions)
    task.units.set(units)
    Transition.objects.create(
        task=task,
        action=Action.CREATE,
        from_status="",
        to_status=Status.DRAFT,
        actor=user,
        reason=reason,
    )
    record(user, Action.CREATE, task, {}, _state(task, actions, units), note=reason)
