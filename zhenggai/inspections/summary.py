"""Plain-text summaries that the shell commands print."""

from zhenggai.tasks.models import PUBLIC_PHRASES, Status

# The report's own order: completed, staged, long-term; then anything else.
ORDER = [Status.COMPLETED, Status.STAGED, Status.LONG_TERM] + [
    s for s in Status if s not in (Status.COMPLETED, Status.STAGED, Status.LONG_TERM)
]


def _status_line(counts: dict[str, int]) -> str:
    parts = [f"{PUBLIC_PHRASES.get(s, s.label)} {counts[s]}" for s in ORDER if counts.get(s)]
    if counts.get("none"):
        parts.append(f"未标注状态 {counts['none']}")
    return " · ".join(parts) or "无"


def _inspection_line(info: dict) -> str:
    period = ""
    if info.get("onsite_start") or info.get("onsite_end"):
        period = f",进驻 {info.get('onsite_start') or '?'} 至 {info.get('onsite_end') or '?'}"
    feedback = f",反馈 {info['feedback_date']}" if info.get("feedback_date") else ""
    return (
        f"{info.get('inspector') or '(未识别巡视组)'} 对 {info.get('inspected') or '(未识别)'} "
        f"的{info.get('kind') or '巡视'}{period}{feedback}"
    )


def _warnings(lines: list[str], warnings: list[str]) -> None:
    if warnings:
        lines.append(f"警告 {len(warnings)} 条:")
        lines.extend(f"  - {w}" for w in warnings)


def describe_parse(data: dict) -> str:
    nodes = data.get("nodes") or []
    lines = [
        f"标题:{data.get('title') or '(无)'}",
        f"巡视:{_inspection_line(data.get('inspection') or {})}",
        f"顶层问题类别 {len(nodes)} 个,具体问题 {data.get('items', 0)} 项",
        f"状态:{_status_line(data.get('status_counts') or {})}",
    ]
    _warnings(lines, data.get("warnings") or [])
    return "\n".join(lines)


def describe_import(summary) -> str:
    campaign = summary.campaign
    lines = [
        f"已建立整改台账 #{campaign.pk}:{campaign.name}",
        f"问题类别 {summary.categories} 个,问题 {summary.problems} 个,具体问题 {summary.items} 项",
        f"状态:{_status_line(summary.status_counts)}",
    ]
    _warnings(lines, summary.warnings)
    return "\n".join(lines)
