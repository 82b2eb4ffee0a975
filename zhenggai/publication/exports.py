"""The report as files: plain text, Word (.docx) and PDF. Kept out of the views.

Every format is built from render.report_blocks. Text reaches Word as XML text nodes
(python-docx escapes it) and the PDF through a Django template with autoescape on; no
report text is ever used as template source, so "{{ x }}" or "<script>" in a measure
stays text.
"""

import io

from django.template.loader import render_to_string
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from zhenggai.publication.render import render_text, report_blocks

# Official documents use 仿宋 for the body, 黑体 for headings and 小标宋 for the title
# (GB/T 9704). Word on the office's machines has them; elsewhere the reader's font
# substitution picks a CJK face (Noto on our servers).
BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TITLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"

CONTENT_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def report_txt(report) -> bytes:
    return render_text(report).encode("utf-8")


def _set_font(run_or_style, east_asian: str, size: float, bold: bool = False) -> None:
    font = run_or_style.font
    font.name = LATIN_FONT
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def report_docx(report) -> bytes:
    doc = Document()
    _set_font(doc.styles["Normal"], BODY_FONT, 16)
    for name in ("Title", "Heading 1"):
        _set_font(doc.styles[name], HEADING_FONT, 16)
    doc.core_properties.title = report.title
    doc.core_properties.author = report.issuer
    for block in report_blocks(report):
        if block.kind == "title":
            para = doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(para.add_run(block.text), TITLE_FONT, 22, bold=True)
            continue
        if block.kind == "heading":
            para = doc.add_heading(level=1)
            _set_font(para.add_run(block.text), HEADING_FONT, 16)
            para.paragraph_format.first_line_indent = Pt(32)
            continue
        para = doc.add_paragraph()
        if block.kind in ("issuer", "date"):
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            para.paragraph_format.first_line_indent = Pt(32)
        para.paragraph_format.line_spacing = Pt(28)
        _set_font(para.add_run(block.text), BODY_FONT, 16, bold=block.kind == "category")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _no_fetch(url, *args, **kwargs):
    # The PDF needs nothing from outside (fonts come from the system): fetch nothing, so
    # a report can never make the server reach the network or read local files.
    raise ValueError(f"external resource refused: {url}")


def report_html(report, template="publication/report_pdf.html") -> str:
    rows = [(block, []) for block in report_blocks(report)]
    return render_to_string(template, {"report": report, "rows": rows})


def report_pdf(report) -> bytes:
    from weasyprint import HTML

    return HTML(string=report_html(report), url_fetcher=_no_fetch).write_pdf()


EXPORTERS = {"txt": report_txt, "docx": report_docx, "pdf": report_pdf}


def export(report, kind: str) -> bytes:
    return EXPORTERS[kind](report)
