"""Store a parsed report (reportparser's JSON shape) as a new ledger, all or nothing.

The parser reads; this module decides whether what was read can stand as a ledger,
names every line that cannot, and otherwise writes the campaign, its inspection, the
findings tree, the measures with their sub-actions, and one import transition per item
in a single transaction.
"""

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models, transaction

from reportparser.figures import find_figures
from zhenggai.audit.models import record
from zhenggai.inspections.models import Campaign, Finding, Inspection, SourceDocument
from zhenggai.inspections.signals import ledger_imported
from zhenggai.lib import clock
from zhenggai.tasks.models import Action, Result, Status, SubAction, Task, Timeframe, Transition

# The parser's status words are a subset of ours, spelled the same.
PARSER_STATUS = {
    "completed": Status.COMPLETED,
    "staged": Status.STAGED,
    "long_term": Status.LONG_TERM,
    "in_progress": Status.IN_PROGRESS,
    "unfinished": Status.UNFINISHED,
    None: Status.DRAFT,
}
KIND = {"巡视": Inspection.Kind.XUNSHI, "巡察": Inspection.Kind.XUNCHA}
LABEL_MAX = Finding._meta.get_field("label").max_length


def results_in(task: Task, text: str) -> list[Result]:
    """The quantities a measure's text reports ("完成治理435宗"), as the item's results."""
    return [
        Result(
            task=task,
            value=Decimal(str(f.value)),
            unit=f.unit[:20],
            what=(f.what or "")[:100],
            approx=f.approx,
            source_text=text[f.span[0] : f.span[1]][:200],
        )
        for f in find_figures(text)
    ]


class LedgerImportError(Exception):
    """The report cannot be stored; `problems` says where, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ImportSummary:
    campaign: Campaign
    categories: int
    problems: int
    items: int
    status_counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)


def _date(value, where: str, problems: list[str]) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        problems.append(f"{where}:日期“{value}”无法识别")
        return None


def _walk(nodes, depth=0, parent=None, out=None):
    """Pre-order: (node, depth, index of parent in the output or None)."""
    out = [] if out is None else out
    for node in nodes:
        index = len(out)
        out.append((node, depth, parent))
        _walk(node.get("children") or [], depth + 1, index, out)
    return out


def _where(node) -> str:
    line = node.get("line")
    return f"第{line}行 {node.get('label', '')}" if line else str(node.get("label", ""))


def check(data: dict) -> list[str]:
    """Every reason the parsed report cannot be stored as a ledger; empty when it can."""
    problems: list[str] = []
    flat = _walk(data.get("nodes") or [])
    # A report that gives only its dates and totals still starts a campaign (its items
    # come later, from the plan's task table); a tree without a single item does not.
    if flat and not any(not (n.get("children") or []) for n, _, _ in flat):
        problems.append("未找到任何具体问题条目,无法建立台账")
    if not flat and not _summary_only(data):
        problems.append("未找到任何具体问题条目,也没有巡视巡察时间或总数,无法建立台账")
    siblings: dict[int | None, dict[str, dict]] = {}
    for node, _depth, parent in flat:
        label = (node.get("label") or "").strip()
        if not label:
            problems.append(f"{_where(node)}:缺少编号")
        elif len(label) > LABEL_MAX:
            problems.append(f"{_where(node)}:编号过长(最多{LABEL_MAX}字)")
        if not (node.get("title") or "").strip():
            problems.append(f"{_where(node)}:缺少问题表述")
        if node.get("status") not in PARSER_STATUS:
            problems.append(f"{_where(node)}:无法识别的整改状态“{node.get('status')}”")
        seen = siblings.setdefault(parent, {})
        if label and label in seen:
            problems.append(f"{_where(node)}:编号与{_where(seen[label])}重复")
        seen.setdefault(label, node)
    for inspection in data.get("inspections") or [data.get("inspection") or {}]:
        start = _date(inspection.get("onsite_start"), "巡视进驻开始日期", problems)
        end = _date(inspection.get("onsite_end"), "巡视进驻结束日期", problems)
        _date(inspection.get("feedback_date"), "反馈日期", problems)
        if start and end and end < start:
            problems.append(f"巡视进驻结束日期 {end} 早于开始日期 {start}")
    return list(dict.fromkeys(problems))


def _summary_only(data: dict) -> bool:
    declared = data.get("declared") or {}
    info = data.get("inspection") or {}
    return any(v is not None for v in declared.values()) or bool(
        info.get("onsite_start") or info.get("feedback_date")
    )


def _campaign_name(data: dict, filename: str) -> str:
    inspection = data.get("inspection") or {}
    inspector, kind = inspection.get("inspector"), inspection.get("kind") or "巡视"
    if inspector:
        return f"{inspector}{kind}反馈意见整改"[:200]
    return (data.get("title") or filename)[:200]


@transaction.atomic
def import_report(
    data: dict,
    *,
    filename: str,
    text: str,
    user=None,
    as_draft: bool = False,
    campaign: Campaign | None = None,
) -> ImportSummary:
    """Create a new campaign holding the parsed report. Raises LedgerImportError.

    With `as_draft` every item starts as a draft (待下达), whatever the report says: the
    ledger of a campaign about to be run, rather than the record of one already run.

    With `campaign`, the tree is added after that campaign's findings, under its first
    inspection, instead of starting a new campaign. A leaf may carry its assignment
    (`leader`, `lead_unit_id`, `unit_ids`, `deadline`, `timeframe`), as a plan's task
    table gives it. The import and every item it creates are recorded in the audit
    trail (导入), whoever or whatever imported them.
    """
    problems = check(data)
    if problems:
        raise LedgerImportError(problems)

    info = data.get("inspection") or {}
    closing = data.get("closing") or {}
    offset = 0
    inspection = None
    if campaign is not None:
        inspection = campaign.inspections.order_by("id").first()
        last = campaign.findings.aggregate(m=models.Max("position"))["m"]
        offset = 0 if last is None else last + 1
    else:
        campaign = Campaign.objects.create(
            name=_campaign_name(data, filename),
            organisation=(info.get("inspected") or "")[:100],
            issuer=(closing.get("issuer") or "")[:100],
        )
    if inspection is None and (info.get("kind") or info.get("inspector")):
        # A round-up names several inspected organisations: one inspection each, the
        # findings hanging from the first.
        for each in data.get("inspections") or [info]:
            made = Inspection.objects.create(
                campaign=campaign,
                kind=KIND.get(each.get("kind"), Inspection.Kind.XUNSHI),
                inspector=(each.get("inspector") or "")[:100],
                inspected=(each.get("inspected") or "")[:100],
                onsite_start=_date(each.get("onsite_start"), "", []),
                onsite_end=_date(each.get("onsite_end"), "", []),
                feedback_date=_date(each.get("feedback_date"), "", []),
            )
            inspection = inspection or made
    SourceDocument.objects.create(
        campaign=campaign,
        filename=filename[:255],
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=(data.get("title") or "")[:300],
        text=text,
        structure={
            k: data.get(k) for k in ("title", "preamble", "sections", "closing", "declared")
        },
        warnings=list(data.get("warnings") or []),
        imported_by=user,
    )

    flat = _walk(data.get("nodes") or [])
    findings = [
        Finding(
            campaign=campaign,
            inspection=inspection,
            depth=depth,
            position=offset + position,
            label=node["label"].strip(),
            title=node["title"].strip(),
            text=(node.get("text") or "") if node.get("children") else "",
            source_line=node.get("line"),
        )
        for position, (node, depth, _parent) in enumerate(flat)
    ]
    # Insert level by level so that each level's parents already have their keys.
    for depth in range(max((d for _, d, _ in flat), default=-1) + 1):
        level = [i for i, (_, d, _) in enumerate(flat) if d == depth]
        for i in level:
            parent = flat[i][2]
            findings[i].parent = findings[parent] if parent is not None else None
        Finding.objects.bulk_create([findings[i] for i in level])

    leaves = [(i, node) for i, (node, _, _) in enumerate(flat) if not node.get("children")]
    tasks = [
        Task(
            finding=findings[i],
            measure=node.get("text") or "",
            body=node.get("body") or "",
            status=Status.DRAFT if as_draft else PARSER_STATUS[node.get("status")],
            status_text="" if as_draft else (node.get("status_text") or "")[:100],
            timeframe=node.get("timeframe")
            or (Timeframe.LONG_TERM if node.get("status") == "long_term" else ""),
            leader=(node.get("leader") or "")[:100],
            lead_unit_id=node.get("lead_unit_id"),
            deadline=_date(node.get("deadline"), "", []),
        )
        for i, node in leaves
    ]
    Task.objects.bulk_create(tasks)
    Task.units.through.objects.bulk_create(
        [
            Task.units.through(task_id=task.pk, unit_id=unit_id)
            for task, (_i, node) in zip(tasks, leaves, strict=True)
            for unit_id in dict.fromkeys(node.get("unit_ids") or [])
        ]
    )
    actions = []
    for task, (_i, node) in zip(tasks, leaves, strict=True):
        labels = node.get("action_labels") or []
        for position, action_text in enumerate(node.get("actions") or []):
            label = labels[position] if position < len(labels) else ""
            actions.append(SubAction(task=task, position=position, label=label, text=action_text))
    SubAction.objects.bulk_create(actions, batch_size=2000)
    Result.objects.bulk_create(
        [
            result
            for task, (_i, node) in zip(tasks, leaves, strict=True)
            for result in results_in(task, node.get("body") or "")
        ],
        batch_size=2000,
    )
    now = clock.now()
    Transition.objects.bulk_create(
        [
            Transition(
                task=task,
                action=Action.IMPORT,
                from_status="",
                to_status=task.status,
                actor=user,
                at=now,
                reason=f"导入自 {filename}"[:500],
            )
            for task in tasks
        ],
        batch_size=2000,
    )

    from zhenggai.rollups.maintain import touch

    touch(task.pk for task in tasks)
    reason = f"导入自 {filename}"[:500]
    record(user, Action.IMPORT, campaign, {}, {"items": len(tasks), "file": filename}, note=reason)
    for task, (_i, node) in zip(tasks, leaves, strict=True):
        after = {
            "finding": f"{node['label'].strip()}{node['title'].strip()}"[:200],
            "measure": task.measure,
            "leader": task.leader,
            "lead_unit": task.lead_unit_id,
            "units": sorted(set(node.get("unit_ids") or [])),
            "deadline": task.deadline,
            "timeframe": task.timeframe,
            "status": task.status,
        }
        record(user, Action.IMPORT, task, {}, after, note=reason)

    ledger_imported.send(sender=Campaign, campaign=campaign)
    return ImportSummary(
        campaign=campaign,
        categories=sum(1 for _, d, _ in flat if d == 0),
        problems=sum(1 for node, d, _ in flat if d > 0 and node.get("children")),
        items=len(tasks),
        status_counts=dict(Counter(t.status for t in tasks)),
        warnings=list(data.get("warnings") or []),
    )
