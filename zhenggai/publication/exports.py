"""The report as files: plain text, Word (.docx) and PDF. Kept out of the views.

Every format is built from render.report_blocks; Word and PDF are laid out in the
national format (GB/T 9704) by zhenggai.documents.gbt9704. Text reaches Word as XML text
nodes (python-docx escapes it) and the PDF through a Django template with autoescape on;
no report text is ever used as template source, so "{{ x }}" or "<script>" in a measure
stays text.
"""

from zhenggai.documents import gbt9704
from zhenggai.documents.exports import CONTENT_TYPES
from zhenggai.publication.render import render_text, report_blocks

__all__ = ["CONTENT_TYPES", "EXPORTERS", "export"]

# How each block of the report is set: the title in 2号小标宋, 一、 in 黑体, (一) in 楷体,
# the rest as body text; the issuer and the date close it, right-aligned.
KINDS = {
    "title": "title",
    "heading": "h1",
    "category": "h2",
    "issuer": "signature",
    "date": "date",
}


def report_document(report) -> gbt9704.Document:
    blocks = [gbt9704.Block(KINDS.get(b.kind, "para"), b.text) for b in report_blocks(report)]
    return gbt9704.Document(
        blocks=blocks,
        title=report.title,
        author=report.issuer,
        subject="巡视整改进展情况公开",
        keywords="整改;公开",
    )


def report_txt(report) -> bytes:
    return render_text(report).encode("utf-8")


def report_docx(report) -> bytes:
    return gbt9704.docx(report_document(report))


def report_html(report) -> str:
    return gbt9704.html(report_document(report))


def report_pdf(report) -> bytes:
    return gbt9704.pdf(report_document(report))


EXPORTERS = {"txt": report_txt, "docx": report_docx, "pdf": report_pdf}


def export(report, kind: str) -> bytes:
    return EXPORTERS[kind](report)
