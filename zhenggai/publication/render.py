"""The one rendering of a report: a list of blocks; the plain text is their lines.

The preview, the public page, the .txt/.docx/.pdf exports and the round-trip test all
go through `report_blocks`, so what the office previews is what the public reads.
"""

from typing import NamedTuple

from reportparser.numbering import marker

_END = "。!?！？;；:：…”’)）"


class Block(NamedTuple):
    kind: str  # title, preamble, heading, para, category, problem, item, closing, issuer, date
    text: str
    task: int | None = None


def _paras(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def date_text(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def node_line(node: dict) -> tuple[str, list[str]]:
    """The node's own paragraph, and the paragraphs of text that follow it."""
    label, title = node.get("label", ""), (node.get("title") or "").strip()
    if node.get("kind") == "item":
        line = f"{label}{title}"
        measure = (node.get("measure") or "").strip().rstrip(",，")
        if measure:
            line += f",{measure}"
        line += f"({node.get('phrase', '')})"
        body = (node.get("body") or "").strip()
        line += f":{body}" if body else "。"
        return line, []
    text = _paras(node.get("text", ""))
    if node.get("kind") == "category":
        # "(一)对……问题的整改。" stands alone; any text follows as its own paragraph.
        return f"{label}{title}" + ("" if title[-1:] in _END else "。"), text
    # "1.针对……的问题,<text>", the text run on after the title.
    if text:
        return f"{label}{title},{text[0]}", text[1:]
    return f"{label}{title}", []


def report_blocks(report) -> list[Block]:
    blocks: list[Block] = []
    if report.title:
        blocks.append(Block("title", report.title.strip()))
    blocks += [Block("preamble", p) for p in _paras(report.preamble)]
    sections = []
    if report.intro_heading or report.intro:
        sections.append((report.intro_heading, _paras(report.intro), None))
    sections.append((report.findings_heading, [], report.content or []))
    if report.next_steps_heading or report.next_steps:
        sections.append((report.next_steps_heading, _paras(report.next_steps), None))
    for n, (heading, paras, nodes) in enumerate(sections):
        blocks.append(Block("heading", f"{marker(0, n + 1)}{(heading or '').strip()}"))
        blocks += [Block("para", p) for p in paras]
        for node in nodes or []:
            line, rest = node_line(node)
            blocks.append(Block(node.get("kind", "problem"), line, node.get("task")))
            blocks += [Block("para", p) for p in rest]
    blocks += [Block("closing", p) for p in _paras(report.closing)]
    if report.issuer:
        blocks.append(Block("issuer", report.issuer.strip()))
    if report.issue_date:
        blocks.append(Block("date", date_text(report.issue_date)))
    return blocks


def render_text(report) -> str:
    return "\n".join(b.text for b in report_blocks(report)) + "\n"
