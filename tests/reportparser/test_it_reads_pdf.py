"""Reports published as PDF attachments parse like the .txt; a scan without text is refused."""

from __future__ import annotations

import base64
import html
import io

import pytest

from reportparser import NotAReport, parse_file, parse_text, read_document
from reportparser.pdf import join_pages

from ._helpers import SEED, signature

HEADER = "荔湾区巡视整改进展情况"
STYLE = f"""
@page {{ size: A4; margin: 2.5cm 2cm;
  @top-center {{ content: "{HEADER}"; font-size: 9pt; }}
  @bottom-center {{ content: "- " counter(page) " -"; font-size: 9pt; }} }}
body {{ font-family: 'Noto Serif CJK SC', serif; font-size: 12pt; }}
p {{ margin: 0 0 0.5em 0; text-indent: 2em; }}
"""


def _pdf(path, body: str) -> None:
    from weasyprint import HTML

    HTML(string=f"<html><head><style>{STYLE}</style></head><body>{body}</body></html>").write_pdf(
        path
    )


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory, seed_text):
    path = tmp_path_factory.mktemp("pdf") / "liwan-2018.pdf"
    _pdf(path, "".join(f"<p>{html.escape(ln)}</p>" for ln in seed_text.split("\n") if ln.strip()))
    return path


def test_a_text_pdf_parses_like_the_txt(seed_pdf, seed_text):
    from_pdf, from_txt = parse_file(seed_pdf), parse_text(seed_text)
    assert from_pdf.items == 63
    assert signature(from_pdf.nodes) == signature(from_txt.nodes)
    assert from_pdf.inspection == from_txt.inspection
    assert from_pdf.declared == from_txt.declared


def test_headers_footers_and_page_numbers_are_gone(seed_pdf):
    text = read_document(seed_pdf)
    lines = text.split("\n")
    assert HEADER not in lines
    assert not [ln for ln in lines if ln.startswith("- ") and ln.endswith(" -")]
    # A paragraph cut by a page break reads on: the body has the seed's paragraphs whole.
    for line in SEED.read_text(encoding="utf-8").split("\n"):
        if line.startswith("(55)"):
            assert line in lines


def test_join_pages_drops_running_lines_and_numbers():
    pages = [
        "某某局巡察整改情况 第1页\n一、总体情况\n正文第一段写到页尾还没有结",
        "某某局巡察整改情况 第2页\n束,接着写完。\n— 2 —",
        "某某局巡察整改情况 第3页\n二、下一步\n2/3",
    ]
    assert join_pages(pages).split("\n") == [
        "一、总体情况",
        "正文第一段写到页尾还没有结束,接着写完。",
        "二、下一步",
    ]


def test_a_scanned_pdf_is_refused(tmp_path):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 300), "white")
    ImageDraw.Draw(image).rectangle((40, 40, 560, 260), outline="black", width=6)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    src = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
    path = tmp_path / "scan.pdf"
    from weasyprint import HTML

    HTML(string=f'<html><body><img src="{src}" style="width:15cm"></body></html>').write_pdf(path)
    with pytest.raises(NotAReport, match="没有文字层"):
        parse_file(path)


def test_a_broken_pdf_is_refused(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"garbage" * 50)
    with pytest.raises(NotAReport, match="PDF"):
        parse_file(path)
