"""The ledger's columns and how an item's fields become cells, shared by export and import.

The workbook is a document offices pass around and bring back, so its words are fixed
Chinese (like `PUBLIC_PHRASES`), whatever language the person exporting reads the site in:
a file exported in English must still import.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import translation

from reportparser.numbering import ACTION_MARKER
from zhenggai.inspections.models import Finding
from zhenggai.tasks.models import PUBLIC_PHRASES, Status, Timeframe

COLUMNS = (
    # (header, width in characters)
    ("序号", 9),
    ("问题类别", 24),
    ("存在问题", 40),
    ("整改措施", 60),
    ("牵头单位", 14),
    ("责任单位", 20),
    ("责任领导", 10),
    ("完成时限", 12),
    ("整改进展", 50),
    ("整改状态", 14),
    ("佐证材料", 24),
)
HEADERS = tuple(h for h, _ in COLUMNS)
KEY, CATEGORY, PROBLEM, MEASURE, LEAD, UNITS, LEADER, DEADLINE, PROGRESS, STATUS, EVIDENCE = HEADERS
# Filled by the system from reports and uploads; read back but never written.
READ_ONLY = frozenset({PROGRESS, EVIDENCE})

CATEGORY_SEPARATOR = "/"
UNIT_SEPARATOR = "、"
UNIT_SPLIT = re.compile(r"[、,,;;\n]+")
# 一是 … 十二是: the markers of sub-actions in the seed and most district reports.
ACTION_LABEL = ACTION_MARKER

PUBLIC_STATUSES = (Status.COMPLETED, Status.STAGED, Status.LONG_TERM)


def status_text(status: str) -> str:
    """整改状态 as the ledger writes it: the published phrase for the three public
    outcomes, the status label otherwise."""
    if status in PUBLIC_STATUSES:
        return PUBLIC_PHRASES[status]
    with translation.override("zh-hans"):
        return str(Status(status).label)


def status_words() -> dict[str, str]:
    """Every way the ledger may spell a status → the status."""
    words = {}
    with translation.override("zh-hans"):
        for s in Status:
            words[str(s.label)] = s.value
            words[s.value] = s.value
    for s, phrase in PUBLIC_PHRASES.items():
        words[phrase] = s
    return words


TIMEFRAME_WORDS = {
    "立行立改": Timeframe.IMMEDIATE,
    "长期推进": Timeframe.LONG_TERM,
    "长期坚持": Timeframe.LONG_TERM,
}


def deadline_text(deadline, timeframe):
    """完成时限: the (effective) date, or 立行立改 / 长期推进 when there is no date."""
    if deadline is not None:
        return deadline
    if timeframe == Timeframe.IMMEDIATE:
        return "立行立改"
    if timeframe == Timeframe.LONG_TERM:
        return "长期推进"
    return ""


def measure_text(measure: str, actions, body: str) -> str:
    """整改措施: the measure on the first line, then one sub-action a line with its
    marker (一是…), or the free text when the report listed none (seed item (12)).
    `actions`: (label, text) pairs in order."""
    lines = [measure.strip()]
    if actions:
        lines += [f"{label}{text.strip()}" for label, text in actions]
    elif body.strip():
        lines.append(body.strip())
    return "\n".join(lines).strip("\n")


def normal_text(text) -> str:
    """For comparing a cell with what the item holds: trimmed lines, no blank ones."""
    if text is None:
        return ""
    lines = (line.strip() for line in str(text).replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


@dataclass
class ParsedMeasure:
    measure: str
    actions: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""


def parse_measure(text) -> ParsedMeasure:
    """The inverse of `measure_text`. A line that does not start with a marker continues
    the sub-action before it; without any marker, the lines after the first are the body."""
    lines = normal_text(text).split("\n") if normal_text(text) else []
    if not lines:
        return ParsedMeasure("")
    measure = "" if ACTION_LABEL.match(lines[0]) else lines.pop(0)
    if not any(ACTION_LABEL.match(line) for line in lines):
        return ParsedMeasure(measure, [], "\n".join(lines))
    actions: list[list[str]] = []
    for line in lines:
        match = ACTION_LABEL.match(line)
        if match:
            actions.append([match.group(0), line[match.end() :]])
        elif actions:
            actions[-1][1] += line
        else:
            measure = f"{measure}\n{line}" if measure else line
    pairs = [(label, text) for label, text in actions]
    return ParsedMeasure(measure, pairs, "".join(label + text for label, text in pairs))


class Outline:
    """序号 and 问题类别 of a campaign's items, without loading the items themselves.

    The headings (findings without a measure) are few and all loaded; an item's 序号 is
    its label when no other item of the campaign has it, otherwise prefixed with as many
    ancestors' labels as make it unique ("1.(1)", then "(一)1.(1)"). Only the items whose
    labels repeat are loaded to work that out, so memory does not grow with the ledger.
    """

    def __init__(self, campaign_id):
        self.campaign_id = campaign_id
        self.headings = {
            f.pk: f
            for f in Finding.objects.filter(campaign_id=campaign_id, task__isnull=True).only(
                "id", "parent_id", "depth", "position", "label", "title", "inspection_id"
            )
        }
        repeated = (
            Finding.objects.filter(campaign_id=campaign_id, task__isnull=False)
            .values("label")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .values("label")
        )
        self.qualified = self._qualify(
            Finding.objects.filter(campaign_id=campaign_id, label__in=repeated, task__isnull=False)
            .order_by("position")
            .values_list("pk", "label", "parent_id")
        )

    def ancestors(self, parent_id) -> list[Finding]:
        chain, seen = [], set()
        while parent_id is not None and parent_id not in seen and parent_id in self.headings:
            seen.add(parent_id)
            node = self.headings[parent_id]
            chain.append(node)
            parent_id = node.parent_id
        chain.reverse()
        return chain

    def _qualify(self, items) -> dict[int, str]:
        chains = {
            pk: [a.label for a in self.ancestors(parent)] + [label] for pk, label, parent in items
        }
        out: dict[int, str] = {}
        pending = set(chains)
        k = 2
        while pending:
            keys = {pk: "".join(chains[pk][-k:]) for pk in pending}
            seen: dict[str, int] = {}
            for key in keys.values():
                seen[key] = seen.get(key, 0) + 1
            for pk in sorted(pending):
                whole = k >= len(chains[pk])
                if seen[keys[pk]] == 1 or whole:
                    # Siblings with the same label have the same whole path: keep them apart.
                    out[pk] = keys[pk] if seen[keys[pk]] == 1 else f"{keys[pk]}#{pk}"
                    pending.discard(pk)
            k += 1
        return out

    def key(self, finding_id, label) -> str:
        return self.qualified.get(finding_id, label)

    def category(self, parent_id) -> str:
        return CATEGORY_SEPARATOR.join(f"{a.label}{a.title}" for a in self.ancestors(parent_id))

    def find_heading(self, path: str):
        """The heading a 问题类别 cell names, segment by segment from the roots; a segment
        may be the label and title as exported, or just the label, or just the title."""
        parent = None
        segments = [s.strip() for s in str(path).split(CATEGORY_SEPARATOR) if s.strip()]
        if not segments:
            return None
        children: dict[int | None, list[Finding]] = {}
        for f in sorted(self.headings.values(), key=lambda f: f.position):
            children.setdefault(f.parent_id, []).append(f)
        for segment in segments:
            wanted = normal_text(segment)
            match = None
            for node in children.get(parent.pk if parent else None, []):
                if wanted in (normal_text(f"{node.label}{node.title}"), node.label, node.title):
                    match = node
                    break
            if match is None:
                return None
            parent = match
        return parent
