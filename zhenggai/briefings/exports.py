"""A briefing as files: plain text, Word (.docx) and PDF in the national format
(GB/T 9704, laid out by zhenggai.documents.gbt9704 from render.briefing_document).

Text reaches Word as XML text nodes (python-docx escapes it) and the PDF through a
Django template with autoescape on; the chart is SVG from zhenggai.dashboard.charts,
which escapes its labels. Nothing is fetched.
"""

from zhenggai.briefings.render import briefing_document, render_text
from zhenggai.documents import gbt9704
from zhenggai.documents.exports import CONTENT_TYPES

__all__ = ["CONTENT_TYPES", "EXPORTERS", "export"]


def briefing_txt(briefing) -> bytes:
    return render_text(briefing).encode("utf-8")


def briefing_docx(briefing) -> bytes:
    return gbt9704.docx(briefing_document(briefing))


def briefing_html(briefing) -> str:
    return gbt9704.html(briefing_document(briefing))


def briefing_pdf(briefing) -> bytes:
    return gbt9704.pdf(briefing_document(briefing))


EXPORTERS = {"txt": briefing_txt, "docx": briefing_docx, "pdf": briefing_pdf}


def export(briefing, kind: str) -> bytes:
    return EXPORTERS[kind](briefing)
