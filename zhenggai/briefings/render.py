"""A briefing as blocks (masthead, sections, table, chart), and as plain text.

`prefill` writes the sections' first text from the drafted content; `briefing_blocks`
is what every format (text, HTML/PDF, Word) is built from, so they say the same.

The wording here is the document's, not the interface's: a briefing is written in
Chinese whatever language the reader's pages are in, so it is not passed to gettext
(as with tasks.states.PUBLIC_PHRASES).
"""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from zhenggai.briefings.drafting import chinese_number

SECTION_HEADINGS = {
    "weekly": {
        "overview": "总体情况",
        "progress": "本周整改进展",
        "changes": "本周整改状态变化",
        "figures": "本周量化成果",
        "problems": "逾期事项",
        "next_steps": "下周工作安排",
    },
    "monthly": {
        "overview": "总体情况",
        "progress": "本月整改进展",
        "changes": "本月整改状态变化",
        "figures": "本月量化成果",
        "problems": "逾期事项及存在问题",
        "next_steps": "下月工作安排",
    },
    "two_month": {
        "overview": "整改工作总体情况",
        "progress": "整改落实进展",
        "changes": "整改事项状态变化",
        "figures": "整改取得的量化成效",
        "problems": "存在的问题",
        "next_steps": "下一步工作打算",
    },
}
WORD = {"weekly": "本周", "monthly": "本月", "two_month": "整改期间"}


@dataclass
class Block:
    kind: str  # masthead, number, dateline, heading, para, table, chart
    text: str = ""
    rows: list = field(default_factory=list)


def cn_date(value) -> str:
    if isinstance(value, str):
        if not value:
            return ""
        value = datetime.date.fromisoformat(value)
    return f"{value.year}年{value.month}月{value.day}日"


def short_date(value: str) -> str:
    day = datetime.date.fromisoformat(value)
    return f"{day.month}月{day.day}日"


def _period(content) -> str:
    start, end = (datetime.date.fromisoformat(content[k]) for k in ("start", "end"))
    tail = f"{end.month}月{end.day}日" if start.year == end.year else cn_date(end)
    return f"{cn_date(start)}至{tail}"


def _place(campaign) -> str:
    """荔湾区 from 广州市荔湾区 / 中共广州市荔湾区委: the short name a masthead uses."""
    name = (campaign.organisation or campaign.issuer or "").strip()
    for prefix in ("中共",):
        name = name.removeprefix(prefix)
    if "市" in name and not name.endswith("市"):
        name = name.split("市", 1)[1]
    return name.removesuffix("委") or name


def default_title(campaign, kind) -> str:
    place = _place(campaign)
    if kind == "weekly":
        return f"{place}巡视整改工作简报"
    if kind == "monthly":
        return f"{place}巡视整改阶段性工作进展情况"
    return f"{place}关于巡视整改落实情况的报告"


def default_issuer(campaign) -> str:
    return f"{_place(campaign)}巡视整改工作领导小组办公室"


def _ref(entry) -> str:
    unit = f"(牵头单位:{entry['unit']})" if entry.get("unit") else ""
    return f"{entry['label']}{entry['title']}{unit}"


def prefill(briefing) -> dict:
    """The text fields of a new draft, written from `briefing.content`."""
    c, kind = briefing.content, briefing.kind
    word = WORD[kind]
    reports = sum(len(item["reports"]) for item in c["items"])
    counts = "、".join(f"{row['label']}{row['count']}项" for row in c["counts"]) or "暂无事项"
    overview = [
        f"{word}({_period(c)}),各责任单位报送并经整改办采纳的整改进展{reports}份,"
        f"涉及整改事项{len(c['items'])}项;{len(c['changes'])}次整改状态变化。",
        f"截至{cn_date(c['end'])},{c['total']}项整改事项中,{counts};"
        f"逾期未完成{len(c['overdue'])}项。",
    ]
    if kind == "two_month" and c.get("feedback_date"):
        overview.insert(
            0,
            f"{cn_date(c['feedback_date'])}{c.get('inspector') or '巡视组'}反馈巡视意见后,"
            f"按照两个月内报告整改落实情况的要求(时限{cn_date(c.get('report_due', ''))}),"
            "现将整改落实情况报告如下。",
        )
    progress = []
    for item in c["items"]:
        parts = []
        several = len({r["unit"] for r in item["reports"]}) > 1
        for report in item["reports"]:
            text = " ".join(report["text"].split())
            parts.append(f"{report['unit']}:{text}" if several else text)
        progress.append(f"{_ref(item)}:{';'.join(parts)}")
    changes = []
    for _task, moves in groupby(c["changes"], key=lambda ch: ch["task"]):
        moves = list(moves)
        path = "→".join([moves[0]["from"], *(ch["to"] for ch in moves)])
        when = "、".join(f"{short_date(ch['date'])}{ch['action']}" for ch in moves)
        changes.append(f"{_ref(moves[0])}:{path}({when})")
    figures = []
    for fig in c["figures"]:
        what = "、".join(fig["what"][:3]) + ("等" if len(fig["what"]) > 1 else "")
        amount = f"{'约' if fig['approx'] else ''}{fig['value']}{fig['unit']}"
        figures.append(f"{what}合计{amount}。" if what else f"合计{amount}。")
    problems = [
        f"{_ref(o)}:完成时限{cn_date(o['due'])},已逾期{o['days']}天,目前{o['status']}。"
        for o in c["overdue"]
    ]
    return {
        "title": default_title(briefing.campaign, kind),
        "issuer": default_issuer(briefing.campaign),
        "overview": "\n".join(overview),
        "progress": "\n".join(progress) or f"{word}无新增进展。",
        "changes": "\n".join(changes) or f"{word}无整改事项状态变化。",
        "figures": (
            "\n".join([f"{word}填报的量化数据,按计量单位合计如下:", *figures])
            if figures
            else f"{word}未填报量化数据。"
        ),
        "problems": "\n".join(problems) or f"截至{cn_date(c['end'])},无逾期未完成事项。",
        "next_steps": (
            "督促各责任单位按时报送整改进展,对逾期事项逐项督办,"
            "对已完成事项组织“回头看”,防止问题反弹。"
        ),
    }


def count_rows(content) -> list[list[str]]:
    rows = [["整改状态", "事项数"]]
    rows += [[row["label"], str(row["count"])] for row in content.get("counts", [])]
    rows.append(["合计", str(content.get("total", 0))])
    return rows


def briefing_blocks(briefing) -> list[Block]:
    from zhenggai.briefings.models import SECTION_FIELDS

    headings = SECTION_HEADINGS.get(briefing.kind, SECTION_HEADINGS["weekly"])
    blocks = [Block("masthead", briefing.title)]
    if briefing.kind != "two_month":
        blocks.append(Block("number", f"第{briefing.number}期"))
    blocks.append(Block("dateline", f"{briefing.issuer}\t{cn_date(briefing.issue_date)}"))
    n = 0
    for name in SECTION_FIELDS:
        text = (getattr(briefing, name) or "").strip()
        if not text:
            continue
        n += 1
        blocks.append(Block("heading", f"{chinese_number(n)}、{headings[name]}"))
        blocks += [Block("para", line.strip()) for line in text.splitlines() if line.strip()]
        if name == "overview" and briefing.content.get("counts") is not None:
            blocks.append(Block("table", "表1 整改事项状态统计", count_rows(briefing.content)))
            blocks.append(Block("chart", "图1 整改事项状态分布", ["status"]))
            if len(briefing.content.get("series") or []) >= 2:
                blocks.append(Block("chart", "图2 整改事项状态逐周变化", ["trend"]))
    return blocks


def render_text(briefing) -> str:
    lines = []
    for block in briefing_blocks(briefing):
        if block.kind == "table":
            lines.append(block.text)
            lines += ["\t".join(row) for row in block.rows]
        elif block.kind == "chart":
            continue
        else:
            lines.append(block.text)
    return "\n".join(lines) + "\n"
