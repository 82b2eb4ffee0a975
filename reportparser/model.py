"""Result types. to_dict() output is a contract with the Django side: do not rename keys."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

STATUSES = ("completed", "staged", "long_term", "in_progress", "unfinished")


class NotAReport(ValueError):
    """The input is not a rectification progress report; str(e) is one printable line."""

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))


@dataclass
class Inspection:
    kind: str | None = None
    inspector: str | None = None
    inspected: str | None = None
    onsite_start: str | None = None
    onsite_end: str | None = None
    feedback_date: str | None = None


@dataclass
class Declared:
    problems: int | None = None
    measures: int | None = None
    completed: int | None = None
    staged: int | None = None
    in_progress: int | None = None
    unfinished: int | None = None
    long_term: int | None = None
    # Per cent as stated ("整改完成率76%", "占…的96.18%"), not computed.
    rate: float | None = None


@dataclass
class Node:
    label: str
    title: str = ""
    text: str = ""
    status: str | None = None
    status_text: str | None = None
    actions: list[str] = field(default_factory=list)
    action_labels: list[str] = field(default_factory=list)
    body: str = ""
    line: int = 0
    children: list[Node] = field(default_factory=list)
    # Verbatim source of the node's own block (its paragraph plus the unnumbered
    # paragraphs and status line that follow it), so a report can be rebuilt exactly.
    raw: str = ""
    status_line: str | None = None
    number: int | None = None
    action_gaps: str | None = None
    rank: int = -1

    def leaves(self):
        if not self.children:
            yield self
            return
        stack = list(reversed(self.children))
        while stack:
            node = stack.pop()
            if node.children:
                stack.extend(reversed(node.children))
            else:
                yield node

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "title": self.title,
            "text": self.text,
            "status": self.status,
            "status_text": self.status_text,
            "actions": list(self.actions),
            "action_labels": list(self.action_labels),
            "body": self.body,
            "line": self.line,
            "raw": self.raw,
            "status_line": self.status_line,
            "children": [c.to_dict() for c in self.children],
        }


@dataclass
class Section:
    label: str
    title: str
    text: str = ""
    findings: bool = False
    line: int = 0
    heading: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Contact:
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    postcode: str | None = None


@dataclass
class Closing:
    text: str = ""
    issuer: str | None = None
    date: str | None = None
    date_text: str | None = None
    contact: Contact = field(default_factory=Contact)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    title: str | None = None
    inspection: Inspection = field(default_factory=Inspection)
    declared: Declared = field(default_factory=Declared)
    nodes: list[Node] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    preamble: str = ""
    sections: list[Section] = field(default_factory=list)
    closing: Closing = field(default_factory=Closing)
    # Every inspected organisation the lead text names; `inspection` is the first.
    inspections: list[Inspection] = field(default_factory=list)

    def leaves(self) -> list[Node]:
        out: list[Node] = []
        for node in self.nodes:
            out.extend(node.leaves())
        return out

    @property
    def items(self) -> int:
        return len(self.leaves())

    @property
    def status_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        counts["none"] = 0
        for leaf in self.leaves():
            counts[leaf.status or "none"] += 1
        return counts

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "inspection": asdict(self.inspection),
            "inspections": [asdict(i) for i in self.inspections or [self.inspection]],
            "declared": asdict(self.declared),
            "nodes": [n.to_dict() for n in self.nodes],
            "items": self.items,
            "status_counts": self.status_counts,
            "warnings": list(self.warnings),
            "preamble": self.preamble,
            "sections": [s.to_dict() for s in self.sections],
            "closing": self.closing.to_dict(),
        }
