"""A briefing as a GB/T 9704 document (zhenggai.documents.gbt9704), and as plain text.

`prefill` writes the sections' first text from the drafted content: a few paragraphs
and tables, not every item's report — a briefing is read in five minutes, and the
monthly reports carry the full list of changes in an annex. `briefing_document` is what
every format (text, HTML/PDF, Word) is built from, so they say the same.

The wording here is the document's, not the interface's: a briefing is written in
Chinese whatever language the reader's pages are in, so it is not passed to gettext
(as with tasks.states.PUBLIC_PHRASES).
"""

import datetime
import re

from reportparser.numbering import marker

SECTION_HEADINGS = {
    "weekly": {
        "overview": "总体情况",
        "progress": "重点事项进展",
        "changes": "本周整改状态变化",
        "figures": "本周量化成果",
        "problems": "需要关注的问题",
        "next_steps": "下周工作安排",
    },
    "monthly": {
        "overview": "总体情况",
        "progress": "本月重点事项进展",
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


def _brief(entry, size=18) -> str:
    """(3)用新发展理念谋划…: the label and a short title, for lists of items."""
    title = (entry.get("title") or "").removeprefix("针对")
    return f"{entry['label']}{title[:size]}{'…' if len(title) > size else ''}"


_DOUBLED = re.compile(r"([。，,;；:：!?！？、])[。，,;；:：!?！？、]+")


def tidy(text: str) -> str:
    """No doubled punctuation where two texts meet ("。。", ";。", ",。")."""
    return _DOUBLED.sub(r"\1", text)


def amount(value: str, unit: str, approx: bool) -> str:
    return f"{'约' if approx else ''}{value}{unit}"


def figures_text(c, word) -> str:
    """Totals per indicator (never across), rates one by one, unclassified listed."""
    tallied = c.get("figures") or {}
    if not isinstance(tallied, dict):  # drafted before indicators existed
        tallied = {}
    totals, loose = tallied.get("totals") or [], tallied.get("unclassified") or []
    if not totals and not loose:
        return f"{word}未填报量化数据。"
    lines = []
    summed = [t for t in totals if t["summed"]]
    if summed:
        parts = [
            f"{t['name']}{amount(t['value'], t['unit'], t['approx'])}"
            f"(涉及{len({f['label'] for f in t['figures']})}项)"
            for t in summed
        ]
        lines.append(f"{word}填报的量化数据按指标合计:{'、'.join(parts)}。")
    for t in (t for t in totals if not t["summed"]):
        values = "、".join(
            f"{f['label']}{amount(f['value'], f['unit'], f['approx'])}" for f in t["figures"][:4]
        )
        lines.append(f"{t['name']}(比率类指标,不合计):{values}。")
    if loose:
        shown = "、".join(
            f"{f['label']}{f['words']}{amount(f['value'], f['unit'], f['approx'])}"
            for f in loose[:FIGURES_LISTED]
        )
        more = f"等{len(loose)}条" if len(loose) > FIGURES_LISTED else ""
        lines.append(f"尚未归入指标、未计入合计的数据:{shown}{more}。")
    return "\n".join(tidy(line) for line in lines)


# How many items' labels a sentence lists; a longer group gives its count only.
LABELS_LISTED = 10
# Unclassified figures a document lists before saying "等N条".
FIGURES_LISTED = 5


def changes_text(c, word) -> str:
    """The period's status changes, grouped by the state reached: labels, not paths."""
    if not c["changes"]:
        return f"{word}无整改事项状态变化。"
    last = {}
    for change in c["changes"]:
        last[change["task"]] = change  # in date order per item: the state reached
    groups: dict[str, list] = {}
    for change in last.values():
        groups.setdefault(change["to"], []).append(change)
    parts = []
    for to, entries in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        if len(entries) > LABELS_LISTED:  # the annex lists them
            parts.append(f"{len(entries)}项转为“{to}”")
            continue
        names = "、".join(_brief(e) if len(entries) <= 3 else e["label"] for e in entries)
        parts.append(f"{len(entries)}项转为“{to}”({names})")
    return tidy(f"{word}共{len(c['changes'])}次整改状态变化,涉及{len(last)}项:{';'.join(parts)}。")


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
    notable = c.get("notable") or {"progress": [], "problems": []}
    progress = []
    for entry in notable["progress"]:
        done = f"{word}转为“{entry['to']}”。" if entry.get("to") else ""
        progress.append(f"{_ref(entry)}:{done}{entry.get('text') or ''}")
    problems = []
    for entry in notable["problems"]:
        if entry.get("reopened"):
            problems.append(f"{_ref(entry)}:问题出现反弹,已重新整改。")
        else:
            problems.append(
                f"{_ref(entry)}:完成时限{cn_date(entry['due'])},已逾期{entry['days']}天,"
                f"目前{entry['status']}。"
            )
    more = len(c["overdue"]) - sum(1 for e in notable["problems"] if not e.get("reopened"))
    if more > 0:
        problems.append(f"另有{more}项逾期未完成事项,已列入督办。")
    return {
        **default_extras(briefing.campaign, kind),
        "title": default_title(briefing.campaign, kind),
        "issuer": default_issuer(briefing.campaign),
        "overview": "\n".join(tidy(line) for line in overview),
        "progress": "\n".join(tidy(line) for line in progress) or f"{word}无新增进展。",
        "changes": changes_text(c, word),
        "figures": figures_text(c, word),
        "problems": "\n".join(tidy(line) for line in problems)
        or f"截至{cn_date(c['end'])},无逾期未完成事项。",
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


def reporting_rows(content) -> list[list[str]]:
    rows = [["责任单位", "应报", "按时报送", "迟报", "未报"]]
    for row in (content.get("reporting") or {}).get("rows", []):
        rows.append([row["unit"], *(str(row[k]) for k in ("due", "on_time", "late", "missing"))])
    return rows


def change_rows(content) -> list[list[str]]:
    rows = [["序号", "整改事项", "牵头单位", "原状态", "新状态", "日期"]]
    for n, ch in enumerate(content.get("changes") or [], 1):
        rows.append(
            [
                str(n),
                _brief(ch, 10),
                ch.get("unit") or "",
                ch["from"],
                ch["to"],
                short_date(ch["date"]),
            ]
        )
    return rows


# The weekly chart stacks the items by stage, closed at the bottom.
TREND_GROUPS = (
    ("已完成整改", ("completed",), "#1e6b3a"),
    ("销号审核中", ("closure_requested", "office_accepted"), "#0f6466"),
    ("阶段性成效/长期推进", ("staged", "long_term"), "#1d4f91"),
    ("正在整改", ("claimed", "in_progress", "unfinished"), "#8a5a00"),
    ("未启动", ("draft", "assigned"), "#9ca3af"),
)


def trend_svg(content) -> str:
    """The items by stage at the end of each week (the charts module escapes labels)."""
    from zhenggai.dashboard import charts

    series = content.get("series") or []
    return charts.stacked_bar_chart(
        [point["week"][-3:] for point in series],
        [
            (name, [sum(p.get("counts", {}).get(s, 0) for s in group) for p in series], color)
            for name, group, color in TREND_GROUPS
        ],
        title="整改事项状态逐周变化",
        width=620,
        height=220,
    )


def default_extras(campaign, kind) -> dict:
    """The 公文 elements a new draft starts with; the office corrects them."""
    from zhenggai.accounts.models import Role, User

    place = _place(campaign)
    inspection = campaign.inspections.order_by("feedback_date", "id").first()
    inspector = (inspection.inspector if inspection else "") or ""
    superior = inspector.split("第", 1)[0] if "第" in inspector else "上级"
    leader = User.objects.filter(role=Role.LEADER, is_active=True).order_by("pk").first()
    if kind == "two_month":
        return {
            "signer": (leader.display_name or leader.username) if leader else "",
            "recipient": f"{superior}巡视工作领导小组办公室",
            "copy_to": inspector,
            "distribution": "",
            "organ_code": f"{place[:1]}巡整办",
        }
    return {
        "signer": "",
        "recipient": f"{place}巡视整改工作领导小组成员",
        "copy_to": inspector,
        "distribution": "各责任单位",
        "organ_code": f"{place[:1]}巡整办",
    }


def _sections(briefing) -> list:
    """The body: numbered sections with their paragraphs and tables."""
    from zhenggai.briefings.models import SECTION_FIELDS
    from zhenggai.documents.gbt9704 import Block

    c = briefing.content
    headings = SECTION_HEADINGS.get(briefing.kind, SECTION_HEADINGS["weekly"])
    blocks, n, tables = [], 0, 0
    for name in SECTION_FIELDS:
        text = (getattr(briefing, name) or "").strip()
        if not text:
            continue
        n += 1
        blocks.append(Block("h1", f"{marker(0, n)}{headings[name]}"))
        blocks += [Block("para", tidy(line.strip())) for line in text.splitlines() if line.strip()]
        if name == "overview" and c.get("counts") is not None:
            tables += 1
            blocks.append(Block("table", f"表{tables} 整改事项状态统计", rows=count_rows(c)))
            if len(c.get("series") or []) >= 2:
                blocks.append(Block("chart", "图1 整改事项状态逐周变化", svg=trend_svg(c)))
        if name == "problems" and (c.get("reporting") or {}).get("scheduled"):
            tables += 1
            word = "本月" if briefing.kind == "monthly" else WORD[briefing.kind]
            blocks.append(
                Block("table", f"表{tables} {word}各单位报送情况", rows=reporting_rows(c))
            )
    return blocks


def briefing_document(briefing):
    """The briefing as a GB/T 9704 document: a 简报 (weekly, monthly) with its 报头, or
    the two-month report (上行文) with 发文字号, 签发人, 主送 and 版记."""
    from zhenggai.documents.gbt9704 import Block, Document
    from zhenggai.documents.models import NumberSequence, doc_number

    c, kind = briefing.content, briefing.kind
    demo = "(演示数据)" if c.get("demo") else ""
    date = cn_date(briefing.issue_date)
    annex = []
    if kind != "weekly" and c.get("changes"):
        annex = [
            Block("title", f"{_period(c)}整改事项状态变化明细"),
            Block("table", "", rows=change_rows(c)),
        ]
    if kind == "two_month":
        year = briefing.issue_date.year
        number = briefing.doc_number or doc_number(
            briefing.organ_code, year, NumberSequence.peek(briefing.organ_code, year)
        )
        blocks = [
            Block("organ", f"{briefing.issuer}文件"),
            Block("number", number, right=f"签发人:{briefing.signer}"),
            Block("title", briefing.title + demo),
        ]
        if briefing.recipient:
            blocks.append(Block("addressee", f"{briefing.recipient}:"))
        blocks += _sections(briefing)
        if annex:
            blocks.append(Block("attachment", "附件:整改事项状态变化明细表"))
        blocks += [Block("signature", briefing.issuer), Block("date", date)]
        if annex:
            blocks.append(Block("annex", "附件", rows=annex))
        colophon = []
        if briefing.copy_to:
            colophon.append((f"抄送:{briefing.copy_to}。", ""))
        colophon.append((briefing.issuer, f"{date}印发"))
        blocks.append(Block("colophon", rows=colophon))
    else:
        blocks = [
            Block("organ", briefing.title),
            Block("issue", f"第{briefing.number}期{demo}"),
            Block("editor", briefing.issuer, right=date),
            *_sections(briefing),
        ]
        if annex:
            blocks.append(Block("attachment", "附件:整改事项状态变化明细表"))
            blocks.append(Block("annex", "附件", rows=annex))
        lines = [
            (f"{word}:{value}", "")
            for word, value in (
                ("报", briefing.recipient),
                ("送", briefing.copy_to),
                ("发", briefing.distribution),
            )
            if value
        ]
        lines.append((f"{briefing.issuer}", f"{date}印"))
        blocks.append(Block("colophon", rows=lines))
    return Document(
        blocks=blocks,
        title=f"{briefing.title}" + (f" 第{briefing.number}期" if kind != "two_month" else ""),
        author=briefing.issuer,
        subject=briefing.get_kind_display(),
        keywords="整改;简报" if kind != "two_month" else "整改;报告",
    )


def _block_text(block) -> list[str]:
    if block.kind == "table":
        lines = [block.text] if block.text else []
        return lines + ["\t".join(row) for row in block.rows]
    if block.kind == "annex":
        return [block.text] + [line for b in block.rows for line in _block_text(b)]
    if block.kind == "colophon":
        return [" ".join(part for part in row if part) for row in block.rows]
    if block.kind == "chart":
        return []
    return [f"{block.text}  {block.right}".strip() if block.right else block.text]


def render_text(briefing) -> str:
    document = briefing_document(briefing)
    return "\n".join(line for b in document.blocks for line in _block_text(b)) + "\n"
