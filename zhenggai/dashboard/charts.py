"""Charts as inline SVG strings, drawn on the server: no JavaScript, no CDN.

Plain functions of numbers and labels, with no Django in them, so that the Word/PDF
briefings can draw the same charts (WeasyPrint renders SVG). Every label is escaped.
"""

import math
from html import escape

FONT = '"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif'
PALETTE = ("#1e6b3a", "#1d4f91", "#0f6466", "#8a5a00", "#b42318", "#4b5563", "#6b21a8")


def _e(text) -> str:
    return escape(str(text), quote=True)


def _num(value) -> str:
    """A number as a short label: 12, 12.5, 1,234."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def text_width(text, size: int = 12) -> float:
    """About how wide `text` is drawn: a CJK character is a full em, Latin about 0.58 em.
    Enough to leave room for a label in either language, with no font metrics at hand."""
    return sum(size if ord(c) >= 0x2E80 else size * 0.58 for c in str(text))


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}" '
        f"font-family='{FONT}' font-size=\"12\">"
        f"<title>{_e(title)}</title>" + "".join(body) + "</svg>"
    )


def bar_chart(
    labels,
    values,
    *,
    title: str = "",
    colors=None,
    width: int = 560,
    bar_height: int = 22,
    label_width: int | None = None,
) -> str:
    """Horizontal bars, one per label, with the value at the end of each bar.

    Horizontal because Chinese labels (已取得阶段性成效) are long and read left to right;
    the labels' column is as wide as the longest one, in whichever language.
    """
    labels, values = list(labels), list(values)
    if label_width is None:
        longest = max((text_width(label) for label in labels), default=0)
        label_width = int(min(max(longest + 16, 100), width * 0.5))
    if len(labels) != len(values):
        raise ValueError("labels and values differ in length")
    colors = list(colors or PALETTE)
    gap, top = 8, 6
    height = top + len(labels) * (bar_height + gap) + 4
    top_value = max([v for v in values if v > 0], default=0) or 1
    room = width - label_width - 60
    body = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * (bar_height + gap)
        w = max(0.0, room * value / top_value)
        color = colors[i % len(colors)]
        body.append(
            f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" '
            f'text-anchor="end" fill="#1f2328">{_e(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_height}" '
            f'fill="{_e(color)}"><title>{_e(label)}: {_num(value)}</title></rect>'
            f'<text x="{label_width + w + 6:.1f}" y="{y + bar_height * 0.7:.1f}" '
            f'fill="#1f2328" font-weight="bold">{_num(value)}</text>'
        )
    return _svg(width, height, title, body)


def _nice_top(value: float, ticks: int = 4) -> float:
    """The axis top: `ticks` steps of 1, 2 or 5 × 10ⁿ covering `value` (63 → 80)."""
    if value <= 0:
        return ticks
    raw = value / ticks if value < 1 else max(1.0, value / ticks)  # counts: whole steps
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if power >= 1 and step != int(step):
        step = math.ceil(step)
    return step * ticks


def _axes(width, height, left, top, bottom, top_value, ticks=4):
    body = []
    plot_h = height - top - bottom
    for k in range(ticks + 1):
        v = top_value * k / ticks
        y = top + plot_h - plot_h * k / ticks
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" '
            f'stroke="#d8dee4" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#59636e">'
            f"{_num(v)}</text>"
        )
    return body


def _x_labels(labels, left, step, y, every):
    return [
        f'<text x="{left + step * (i + 0.5):.1f}" y="{y}" text-anchor="middle" '
        f'fill="#59636e">{_e(label)}</text>'
        for i, label in enumerate(labels)
        if i % every == 0 or i == len(labels) - 1
    ]


def _legend(series, width, y):
    """The series' names from `y` down, a new row when one is full (English names are
    long). Returns the drawing and the height added below `y`."""
    body, x, extra = [], 60.0, 0
    for name, _values, color in series:
        room = 28 + text_width(name)
        if x > 60 and x + room > width - 10:
            x, y, extra = 60.0, y + 18, extra + 18
        body.append(
            f'<rect x="{x:.0f}" y="{y - 10}" width="12" height="12" fill="{_e(color)}"/>'
            f'<text x="{x + 16:.0f}" y="{y}" fill="#1f2328">{_e(name)}</text>'
        )
        x += room
    return body, extra


def _series(series):
    out = []
    for i, s in enumerate(series):
        name, values = s[0], list(s[1])
        color = s[2] if len(s) > 2 and s[2] else PALETTE[i % len(PALETTE)]
        out.append((name, values, color))
    lengths = {len(v) for _n, v, _c in out}
    if len(lengths) > 1:
        raise ValueError("series differ in length")
    return out


def stacked_bar_chart(
    labels, series, *, title: str = "", width: int = 720, height: int = 280
) -> str:
    """Vertical bars, one per label (a week), each stacked from `series`:
    [(name, values, color or None), …], bottom first."""
    labels, series = list(labels), _series(series)
    left, top, bottom = 46, 10, 50
    n = max(len(labels), 1)
    totals = [sum(s[1][i] for s in series) for i in range(len(labels))]
    top_value = _nice_top(max(totals, default=0))
    plot_w, plot_h = width - left - 10, height - top - bottom
    step = plot_w / n
    body = _axes(width, height, left, top, bottom, top_value)
    for i, label in enumerate(labels):
        y = top + plot_h
        x = left + step * i + step * 0.12
        for name, values, color in series:
            h = plot_h * values[i] / top_value
            if h <= 0:
                continue
            y -= h
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.76:.1f}" height="{h:.1f}" '
                f'fill="{_e(color)}"><title>{_e(label)} {_e(name)}: {_num(values[i])}'
                f"</title></rect>"
            )
    body += _x_labels(labels, left, step, top + plot_h + 16, max(1, len(labels) // 10))
    legend, extra = _legend(series, width, height - 8)
    return _svg(width, height + extra, title, body + legend)


def line_chart(labels, series, *, title: str = "", width: int = 720, height: int = 280) -> str:
    """One polyline per series over the labels: [(name, values, color or None), …]."""
    labels, series = list(labels), _series(series)
    left, top, bottom = 46, 10, 50
    n = max(len(labels), 1)
    top_value = _nice_top(max((v for s in series for v in s[1]), default=0))
    plot_w, plot_h = width - left - 10, height - top - bottom
    step = plot_w / n
    body = _axes(width, height, left, top, bottom, top_value)
    for name, values, color in series:
        points = " ".join(
            f"{left + step * (i + 0.5):.1f},{top + plot_h - plot_h * v / top_value:.1f}"
            for i, v in enumerate(values)
        )
        body.append(
            f'<polyline points="{points}" fill="none" stroke="{_e(color)}" stroke-width="2">'
            f"<title>{_e(name)}</title></polyline>"
        )
    body += _x_labels(labels, left, step, top + plot_h + 16, max(1, len(labels) // 10))
    legend, extra = _legend(series, width, height - 8)
    return _svg(width, height + extra, title, body + legend)
