"""The dashboard's rows of numbers, written in one step each.

A category, unit or week row is six or seven counts; as template loops they were two
thirds of the page's rendering time (thousands of nodes at a province's size). Every
value is an int or a date, so nothing needs escaping but the caller's own cells.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def count_cells(cells):
    """`<td class="n">…</td>` per count, the last (overdue) in red when not zero."""
    out = [f'<td class="n">{conditional_escape(v)}</td>' for v in cells[:-1]]
    if cells:
        last = cells[-1]
        red = " red" if last else ""
        out.append(f'<td class="n{red}">{conditional_escape(last)}</td>')
    return mark_safe("".join(out))  # noqa: S308 — each value escaped above


@register.filter
def week_cells(row):
    """A burn-down row: the Monday, then the counts."""
    week, *counts = row
    cells = [f"<td>{week:%Y-%m-%d}</td>"]
    cells += [f'<td class="n">{conditional_escape(v)}</td>' for v in counts]
    return mark_safe("".join(cells))  # noqa: S308 — each value escaped above
