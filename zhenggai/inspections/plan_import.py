"""A rectification plan's task table (整改方案的任务清单) as a new ledger, all or nothing.

reportparser.plan reads the table; this module matches the units each row names to the
district's units, builds the findings tree (category → problem → measure) in the shape
the report importer takes, and stores it through `importer.import_report` — the one way
findings and items are created from a document — with the row's leader, units, deadline
and time-frame, and an audit entry for the import and for every item.

Units are never created here: a name that matches no unit or alias is listed for the
office to confirm (add the unit or the alias, or accept the row without it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from reportparser.items import extract_actions
from reportparser.numbering import marker, split_marker
from reportparser.plan import Plan
from zhenggai.access import is_office, keeps_campaign
from zhenggai.inspections.importer import ImportSummary, LedgerImportError, import_report
from zhenggai.inspections.models import Finding
from zhenggai.tasks.models import Task
from zhenggai.units.matching import UnitMatcher
from zhenggai.units.models import Unit

LABEL_MAX = Finding._meta.get_field("label").max_length
LEADER_MAX = Task._meta.get_field("leader").max_length
# The fields of a task table, as the preview names them.
FIELD_LABELS = {
    "label": _lazy("序号"),
    "category": _lazy("问题类别"),
    "problem": _lazy("反馈问题"),
    "target": _lazy("整改目标"),
    "measure": _lazy("整改措施"),
    "leader": _lazy("责任领导"),
    "lead_units": _lazy("牵头单位"),
    "units": _lazy("责任单位"),
    "deadline": _lazy("完成时限"),
}


@dataclass
class PlanCheck:
    """What importing the plan would do: the tree, the units it could not match, and
    every reason it cannot be imported (row and column named)."""

    plan: dict
    data: dict
    unknown_units: dict[str, list[int]] = field(default_factory=dict)  # name → rows
    problems: list[str] = field(default_factory=list)
    categories: int = 0
    items: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(header as written, the field it was read as) for the preview."""
        return [(h, str(FIELD_LABELS[f])) for h, f in (self.plan.get("columns") or {}).items()]


def _units() -> UnitMatcher:
    return UnitMatcher(Unit.objects.filter(is_active=True))


def _split_label(text: str, rank: int, n: int) -> tuple[str, str]:
    """(label, title) of a category row: its own marker if it has one."""
    mk = split_marker(text)
    if mk is not None and mk.rest and len(mk.label) <= LABEL_MAX:
        return mk.label, mk.rest.strip()
    return marker(rank, n), text.strip()


def check_plan(plan: Plan | dict) -> PlanCheck:
    """Match units and build the tree. Writes nothing."""
    plan = plan.to_dict() if isinstance(plan, Plan) else plan
    matcher = _units()
    result = PlanCheck(plan=plan, data={})
    roots: list[dict] = []
    by_category: dict[str, dict | None] = {}
    last_problem: dict | None = None
    for item in plan.get("items") or []:
        row = item.get("row")
        cells = item.get("source_cells") or {}

        def where(name, row=row, cells=cells):
            return cells.get(name) or _("第{row}行").format(row=row)

        category = (item.get("category") or "").strip()
        if category not in by_category:
            if category:
                label, title = _split_label(category, 1, len(by_category) + 1)
                node = {"label": label, "title": title, "line": row, "children": []}
                roots.append(node)
                by_category[category] = node
            else:
                by_category[category] = None
            last_problem = None
        parent = by_category[category]
        siblings = parent["children"] if parent is not None else roots

        lead_ids, unit_ids = [], []
        for key, target in (("lead_units", lead_ids), ("units", unit_ids)):
            for name in item.get(key) or []:
                named = matcher.by_name.get(name)
                if named is None:
                    result.unknown_units.setdefault(name, []).append(row)
                elif named.unit_id not in lead_ids + unit_ids:
                    target.append(named.unit_id)
        # One lead unit per item; the others named as leading share the work.
        lead_id = lead_ids[0] if lead_ids else None
        unit_ids = lead_ids[1:] + unit_ids

        problem = (item.get("problem") or "").strip()
        measure = (item.get("measure") or "").strip()
        if not problem:
            result.problems.append(_("{cell}:缺少反馈问题").format(cell=where("measure")))
            continue
        if len(item.get("leader") or "") > LEADER_MAX:
            result.problems.append(
                _("{cell}:责任领导过长(最多{n}字)").format(cell=where("leader"), n=LEADER_MAX)
            )
        acts = extract_actions(measure)
        target = (item.get("target") or "").strip()
        body = "\n".join(
            x for x in (_("整改目标:{text}").format(text=target) if target else "", measure) if x
        )
        leaf = {
            "label": (item.get("label") or "").strip(),
            "title": problem,
            "text": measure,
            "body": body,
            "status": None,
            "actions": acts.texts,
            "action_labels": acts.labels,
            "line": row,
            "children": [],
            "leader": (item.get("leader") or "").strip(),
            "lead_unit_id": lead_id,
            "unit_ids": unit_ids,
            "deadline": item.get("deadline"),
            "timeframe": item.get("timeframe") or "",
        }
        if item.get("shared_problem"):
            # Several measures answer one problem: the problem becomes their parent.
            if last_problem is None or last_problem["title"] != problem:
                label = (item.get("problem_label") or "").strip()
                last_problem = {"label": label, "title": problem, "line": row, "children": []}
                siblings.append(last_problem)
            last_problem["children"].append(leaf)
        else:
            last_problem = None
            siblings.append(leaf)
    _number(roots, 0)
    result.data = {
        "title": plan.get("title"),
        "inspection": {},
        "nodes": roots,
        "warnings": list(plan.get("warnings") or []),
        "declared": {},
    }
    result.categories = sum(1 for n in roots if n["children"])
    result.items = sum(1 for _ in _leaves(roots))
    if not result.items:
        result.problems.append(_("任务清单中没有可导入的整改任务"))
    return result


def _leaves(nodes):
    for node in nodes:
        if node["children"]:
            yield from _leaves(node["children"])
        else:
            yield node


def _number(nodes: list[dict], depth: int) -> None:
    """Give every node a label unique among its siblings: its own 序号 when it has one,
    otherwise the next marker of its level (categories (一), problems 1., items (1))."""
    seen: set[str] = set()
    for n, node in enumerate(nodes, start=1):
        label = node["label"]
        if not label or label in seen or len(label) > LABEL_MAX:
            rank = 1 if depth == 0 and node["children"] else (2 if node["children"] else 3)
            label = marker(rank, n)
        node["label"] = label
        seen.add(label)
        _number(node["children"], depth + 1)


def import_plan(
    plan: Plan | dict, *, filename: str, text: str, user=None, campaign=None
) -> ImportSummary:
    """Store the plan as a new ledger (or into `campaign`), every item a draft (待下达).
    Raises LedgerImportError with every problem, writing nothing."""
    if user is not None and not is_office(user):
        raise LedgerImportError([_("只有整改办可以导入整改方案。")])
    if user is not None and campaign is not None and not keeps_campaign(user, campaign):
        raise LedgerImportError([_("只有整改办可以导入整改方案。")])
    checked = check_plan(plan)
    if not checked.ok:
        raise LedgerImportError(checked.problems)
    data = checked.data
    if checked.unknown_units:
        data["warnings"].append(
            _("以下单位未匹配到系统中的单位,相关任务未指派给它们:{names}").format(
                names="、".join(checked.unknown_units)
            )
        )
    # No inspector or kind: the campaign is named after the plan and gets no inspection
    # of its own (the office adds the inspection's dates on the campaign page).
    data["inspection"] = {"inspected": checked.plan.get("organisation") or ""}
    return import_report(
        data,
        filename=filename,
        text=text,
        user=user,
        as_draft=True,
        campaign=campaign,
    )


def plan_text(plan: Plan | dict) -> str:
    """The task table as text, one row a line, kept with the ledger as its source."""
    plan = plan.to_dict() if isinstance(plan, Plan) else plan
    lines = [plan.get("title") or ""]
    for item in plan.get("items") or []:
        cells = [
            item.get("label") or "",
            item.get("category") or "",
            item.get("problem") or "",
            item.get("target") or "",
            item.get("measure") or "",
            item.get("leader") or "",
            "、".join(item.get("lead_units") or []),
            "、".join(item.get("units") or []),
            item.get("deadline_text") or "",
        ]
        lines.append("\t".join(c.replace("\n", " ") for c in cells))
    return "\n".join(lines)
