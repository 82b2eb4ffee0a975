"""A briefing as files: plain text, Word (.docx) and PDF, in the plain layout of an
official document — red masthead, 第N期, issuing office and date over a red rule,
numbered sections, a table of counts by status and charts.

Built from render.briefing_blocks. Text reaches Word as XML text nodes (python-docx
escapes it) and the PDF through a Django template with autoescape on; the charts are
SVG from zhenggai.dashboard.charts, which escapes its labels. Nothing is fetched.
"""

import io

import cairosvg
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from zhenggai.briefings.render import briefing_blocks, render_text
from zhenggai.dashboard import charts
from zhenggai.publication.exports import (
    BODY_FONT,
    CONTENT_TYPES,
    HEADING_FONT,
    TITLE_FONT,
    _no_fetch,
    _set_font,
)

RED = RGBColor(0xC0, 0x00, 0x00)
STATUS_COLORS = {
    "completed": "#1e6b3a",
    "staged": "#1d4f91",
    "long_term": "#0f6466",
    "in_progress": "#8a5a00",
    "unfinished": "#b42318",
}

# The weekly chart stacks the items by stage, closed at the bottom.
TREND_GROUPS = (
    ("已完成整改", ("completed",), "#1e6b3a"),
    ("销号审核中", ("closure_requested", "office_accepted"), "#0f6466"),
    ("阶段性成效/长期推进", ("staged", "long_term"), "#1d4f91"),
    ("正在整改", ("claimed", "in_progress", "unfinished"), "#8a5a00"),
    ("未启动", ("draft", "assigned"), "#9ca3af"),
)

__all__ = ["CONTENT_TYPES", "EXPORTERS", "export"]


def chart_svg(briefing, which: str) -> str:
    content = briefing.content
    if which == "trend":
        series = content.get("series") or []
        return charts.stacked_bar_chart(
            [point["week"][-3:] for point in series],
            [
                (
                    name,
                    [sum(point.get("counts", {}).get(s, 0) for s in group) for point in series],
                    color,
                )
                for name, group, color in TREND_GROUPS
            ],
            title="整改事项状态逐周变化",
            width=620,
            height=240,
        )
    counts = content.get("counts") or []
    return charts.bar_chart(
        [row["label"] for row in counts],
        [row["count"] for row in counts],
        colors=[STATUS_COLORS.get(row["status"], "#4b5563") for row in counts] or None,
        title="整改事项状态分布",
        width=560,
    )


def briefing_txt(briefing) -> bytes:
    return render_text(briefing).encode("utf-8")


# --- Word -----------------------------------------------------------------------------


def _red_rule(paragraph) -> None:
    """A red line under the paragraph: the rule under an official document's head."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", "18"),
        ("w:space", "4"),
        ("w:color", "C00000"),
    ):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _table(doc, block) -> None:
    caption = doc.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(caption.add_run(block.text), HEADING_FONT, 12)
    table = doc.add_table(rows=0, cols=len(block.rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, row in enumerate(block.rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            para = cell.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            bold = i == 0 or i == len(block.rows) - 1
            _set_font(para.add_run(value), BODY_FONT, 12, bold=bold)


def _chart(doc, briefing, block) -> None:
    png = cairosvg.svg2png(bytestring=chart_svg(briefing, block.rows[0]).encode(), scale=2)
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.add_run().add_picture(io.BytesIO(png), width=Cm(14))
    caption = doc.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(caption.add_run(block.text), HEADING_FONT, 12)


def briefing_docx(briefing) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _set_font(doc.styles["Normal"], BODY_FONT, 16)
    _set_font(doc.styles["Heading 1"], HEADING_FONT, 16)
    doc.core_properties.title = f"{briefing.title} 第{briefing.number}期"
    doc.core_properties.author = briefing.issuer
    for block in briefing_blocks(briefing):
        if block.kind == "masthead":
            para = doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = para.add_run(block.text)
            _set_font(run, TITLE_FONT, 26 if len(block.text) <= 12 else 21, bold=True)
            run.font.color.rgb = RED
        elif block.kind == "number":
            para = doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(para.add_run(block.text), BODY_FONT, 16)
        elif block.kind == "dateline":
            issuer, date = block.text.split("\t")
            para = doc.add_paragraph()
            para.paragraph_format.tab_stops.add_tab_stop(Cm(15.6), alignment=2)  # right
            _set_font(para.add_run(issuer), BODY_FONT, 14)
            _set_font(para.add_run("\t" + date), BODY_FONT, 14)
            _red_rule(para)
        elif block.kind == "heading":
            para = doc.add_heading(level=1)
            _set_font(para.add_run(block.text), HEADING_FONT, 16)
            para.paragraph_format.first_line_indent = Pt(32)
        elif block.kind == "table":
            _table(doc, block)
        elif block.kind == "chart":
            _chart(doc, briefing, block)
        else:
            para = doc.add_paragraph()
            para.paragraph_format.first_line_indent = Pt(32)
            para.paragraph_format.line_spacing = Pt(28)
            _set_font(para.add_run(block.text), BODY_FONT, 16)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------------


def briefing_rows(briefing) -> list:
    """(block, chart SVG or None) for the templates: the page and the PDF."""
    return [
        # The charts module escapes every label it draws; the numbers are ours.
        (block, mark_safe(chart_svg(briefing, block.rows[0])) if block.kind == "chart" else None)  # noqa: S308
        for block in briefing_blocks(briefing)
    ]


def briefing_html(briefing, template="briefings/briefing_pdf.html") -> str:
    return render_to_string(template, {"briefing": briefing, "rows": briefing_rows(briefing)})


def briefing_pdf(briefing) -> bytes:
    from weasyprint import HTML

    return HTML(string=briefing_html(briefing), url_fetcher=_no_fetch).write_pdf()


EXPORTERS = {"txt": briefing_txt, "docx": briefing_docx, "pdf": briefing_pdf}


def export(briefing, kind: str) -> bytes:
    return EXPORTERS[kind](briefing)
