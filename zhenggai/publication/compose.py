"""Compose the public progress report from a campaign: its source document and its ledger.

Section 二 is generated from the ledger in the seed's wording: every category, problem
and item in ledger order, except items the office has not yet assigned (see
`is_public`); each item reads "(n)针对……的问题,<measure>(<status>):<body>".
The other parts are prefilled from the report the ledger was imported from, for the
office to rewrite.
"""

from django.db.models import Prefetch

from reportparser.items import extract_actions
from zhenggai.inspections.models import Finding, Inspection
from zhenggai.lib import clock
from zhenggai.tasks.models import PUBLIC_PHRASES, Status, SubAction

# The public wording for every state that is not one of the report's own phrases: to
# the public, an item being assigned, claimed or reviewed is being rectified.
IN_PROGRESS_PHRASE = PUBLIC_PHRASES[Status.IN_PROGRESS]

# Published text, not interface: these defaults are not translated.
DEFAULT_INTRO_HEADING = "整改工作开展情况"
DEFAULT_FINDINGS_HEADING = "巡视反馈问题整改落实情况"
DEFAULT_NEXT_STEPS_HEADING = "下一步工作计划"


def public_phrase(status: str) -> str:
    return PUBLIC_PHRASES.get(status) or IN_PROGRESS_PHRASE


def compose(campaign) -> dict:
    """The whole report as the ledger and the source document have it now (not saved)."""
    source = campaign.sources.order_by("-imported_at", "-id").first()
    structure = (source.structure if source else None) or {}
    sections = structure.get("sections") or []
    at = next((i for i, s in enumerate(sections) if s.get("findings")), None)
    before = sections[:at] if at is not None else []
    after = sections[at + 1 :] if at is not None else []
    closing = structure.get("closing") or {}
    issuer = closing.get("issuer") or campaign.issuer or campaign.organisation or ""
    return {
        "title": structure.get("title") or _default_title(campaign, issuer),
        "preamble": structure.get("preamble") or "",
        "intro_heading": before[0].get("title", "") if before else DEFAULT_INTRO_HEADING,
        "intro": "\n".join(s.get("text") or "" for s in before if s.get("text")),
        "findings_heading": (sections[at].get("title") if at is not None else "")
        or DEFAULT_FINDINGS_HEADING,
        "content": ledger_nodes(campaign),
        "next_steps_heading": after[0].get("title", "") if after else DEFAULT_NEXT_STEPS_HEADING,
        "next_steps": "\n".join(s.get("text") or "" for s in after if s.get("text")),
        "closing": closing.get("text") or "",
        "issuer": issuer[:100],
        "issue_date": clock.today(),
    }


def _default_title(campaign, issuer: str) -> str:
    kinds = {i.kind for i in campaign.inspections.all()}
    word = "巡察" if kinds == {Inspection.Kind.XUNCHA} else "巡视"
    return f"{issuer}关于{word}整改进展情况的通报" if issuer else f"{word}整改进展情况"


def ledger_nodes(campaign) -> list[dict]:
    """Section 二 from the ledger: a pre-order list of plain dicts, safe to freeze as JSON.

    Three queries whatever the size of the ledger: the tree with its measures, and the
    sub-actions of all of them.
    """
    findings = (
        Finding.objects.filter(campaign=campaign)
        .select_related("task")
        .prefetch_related(
            Prefetch("task__actions", queryset=SubAction.objects.order_by("position"))
        )
        .order_by("position")
    )
    findings = list(findings)
    hidden = _not_public(findings)
    nodes = []
    for finding in findings:
        if finding.pk in hidden:
            continue
        task = getattr(finding, "task", None)
        if task is None:
            nodes.append(
                {
                    "kind": "category" if finding.depth == 0 else "problem",
                    "depth": finding.depth,
                    "label": finding.label,
                    "title": finding.title,
                    "text": finding.text,
                }
            )
            continue
        actions = [(a.label, a.text) for a in task.actions.all()]
        nodes.append(
            {
                "kind": "item",
                "depth": finding.depth,
                "task": task.pk,
                "label": finding.label,
                "title": finding.title,
                "measure": task.measure,
                "status": task.status,
                "phrase": public_phrase(task.status),
                "actions": [list(a) for a in actions],
                "body": item_body(actions, task.body),
            }
        )
    return nodes


def is_public(task) -> bool:
    """Whether an item belongs to what the district tells the public: once it has been
    given to a unit (or came from a report already published). An item the office has
    created and not yet assigned (待下达) is a draft of the ledger, not a fact."""
    return task.status != Status.DRAFT


def _not_public(findings) -> set[int]:
    """The findings to leave out: draft items, and headings left with nothing under them
    but draft items (a heading with no items at all is the report's own text and stays)."""
    children: dict[int | None, list] = {}
    for finding in findings:
        children.setdefault(finding.parent_id, []).append(finding)
    hidden: set[int] = set()

    def visit(finding) -> tuple[int, int]:
        """(items, public items) in the subtree of `finding`."""
        task = getattr(finding, "task", None)
        items, shown = (1, int(is_public(task))) if task is not None else (0, 0)
        for child in children.get(finding.pk, []):
            sub_items, sub_shown = visit(child)
            items, shown = items + sub_items, shown + sub_shown
        if items and not shown:
            hidden.add(finding.pk)
        return items, shown

    for root in children.get(None, []):
        visit(root)
    return hidden


def item_body(actions: list[tuple[str, str]], stored_body: str) -> str:
    """The text after "(status):": the sub-actions, or the stored body when there are none.

    When the stored body still reads as exactly these sub-actions it is kept verbatim, so
    a report's own separators (item (13)'s "；", item (20)'s "，") survive re-publication;
    once the ledger's sub-actions differ from it, they are written out afresh.
    """
    if not actions:
        return stored_body.strip()
    parsed = extract_actions(stored_body or "")
    if list(zip(parsed.labels, parsed.texts, strict=True)) == [tuple(a) for a in actions]:
        return stored_body.strip()
    parts = []
    for i, (label, text) in enumerate(actions):
        text = text.strip()
        last = i == len(actions) - 1
        # A marker counts only after punctuation (see reportparser.items), so each
        # sub-action must end in some: a comma between, a full stop at the end.
        if text and text[-1] not in "。;；!?！？…”’)）":
            text += "。" if last else ","
        parts.append(f"{label}{text}")
    return "".join(parts)
