"""Measurements of a document against GB/T 9704-2012's numbers, shared by the tests of
every document kind (briefings, the two-month report, the public report, 督办单)."""

import io
import re
import subprocess

from docx import Document
from docx.shared import Mm, Pt

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PT_PER_MM = 72 / 25.4
# The standard's numbers, written out here rather than read from the code under test.
PAGE = (210, 297)
TOP, INNER, TEXT_W, TEXT_H = 37, 28, 156, 225
LINE_MM = 225 / 22  # 22 lines a page
CHAR_MM = 156 / 28  # 28 characters a line


def near(a, b, tolerance):
    return abs(a - b) <= tolerance


def check_docx(data: bytes) -> Document:
    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    mm = Mm(1)
    assert (round(section.page_width / mm), round(section.page_height / mm)) == PAGE
    assert near(section.top_margin / mm, TOP, 0.5)
    assert near(section.left_margin / mm, INNER, 0.5)
    assert near((section.page_width - section.left_margin - section.right_margin) / mm, TEXT_W, 0.5)
    assert near(
        (section.page_height - section.top_margin - section.bottom_margin) / mm, TEXT_H, 0.5
    )
    # Mirrored margins: 订口 is on the binding side of every page.
    assert doc.settings.element.find(f"{W}mirrorMargins") is not None

    def east_asia(style):
        return style.element.rPr.rFonts.get(f"{W}eastAsia")

    normal = doc.styles["Normal"]
    assert east_asia(normal) == "仿宋_GB2312" and normal.font.size == Pt(16)  # 3号仿宋
    line = normal.paragraph_format.line_spacing
    assert near(line.pt * 22, TEXT_H * PT_PER_MM, 2)  # 22 lines fill the 版心
    spacing = int(normal.element.rPr.find(f"{W}spacing").get(f"{W}val")) / 20
    assert near((16 + spacing) * 28, TEXT_W * PT_PER_MM, 3)  # 28 characters fill a line
    assert east_asia(doc.styles["Title"]) == "方正小标宋简体"
    assert doc.styles["Title"].font.size == Pt(22)  # 2号
    assert east_asia(doc.styles["Heading 1"]) == "黑体"
    assert east_asia(doc.styles["Heading 2"]) == "楷体_GB2312"
    # "— PAGE —" in 4号, outer edge: right on odd pages, left on even ones.
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, 2), (section.even_page_footer, 0)):
        para = footer.paragraphs[0]
        xml = para._p.xml
        assert "PAGE" in "".join(t.text for t in para._p.iter(f"{W}instrText"))
        assert para.text.startswith("— ") and para.text.endswith(" —")
        assert para.alignment == align and "fldChar" in xml
        assert para.runs[0].font.size == Pt(14)
    return doc


def pdf_words(data: bytes, tmp_path) -> list[list[tuple]]:
    """Per page, (text, xMin, yMin, xMax, yMax) of every line, in points."""
    path = tmp_path / "measured.pdf"
    path.write_bytes(data)
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    pages = []
    for page in html.split("<page ")[1:]:
        lines = []
        for line in re.findall(r"<line (.*?)</line>", page, re.S):
            box = [float(v) for v in re.findall(r'(?:x|y)M(?:in|ax)="([\d.]+)"', line)[:4]]
            text = "".join(re.findall(r">([^<]*)</word>", line))
            lines.append((text, *box))
        pages.append(lines)
    return pages


def check_pdf(data: bytes, tmp_path, first_line: str, indent: int = 0) -> list:
    """`first_line`: how the first body line begins; `indent`: the characters it is
    indented by (a paragraph 空二字, a 主送机关 none)."""
    path = tmp_path / "measured.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True).stdout.decode()
    width, height = (
        float(v) for v in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()
    )
    assert near(width, PAGE[0] * PT_PER_MM, 1) and near(height, PAGE[1] * PT_PER_MM, 1)
    assert "GB/T 9704" in info and "Noto" in info  # the properties name the substitutes
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True).stdout
    rows = fonts.decode().splitlines()[2:]
    assert rows and all(" yes " in f" {row} " for row in rows)  # every font embedded
    pages = pdf_words(data, tmp_path)
    left = INNER * PT_PER_MM
    right = (INNER + TEXT_W) * PT_PER_MM
    bottom = (TOP + TEXT_H) * PT_PER_MM
    # The first body line starts at the 订口 and lines follow each other every 225/22 mm.
    lines = pages[0]
    i = next(n for n, line in enumerate(lines) if line[0].startswith(first_line))
    text, x0, y0, _x1, _y1 = lines[i]
    assert near(x0, left + indent * CHAR_MM * PT_PER_MM, 1), (text, x0)
    pitches = [b[2] - a[2] for a, b in zip(lines[i:], lines[i + 1 :], strict=False)]
    assert any(near(p, LINE_MM * PT_PER_MM, 0.3) for p in pitches)
    # Nothing outside the 版心 but the page number; even pages mirror odd ones.
    for n, page in enumerate(pages, 1):
        start = left if n % 2 else OUTER_LEFT
        for line in page:
            if not re.fullmatch(r"—\d+—", line[0]):
                assert line[1] >= start - 1 and line[3] <= start + TEXT_W * PT_PER_MM + 1, line
    # The page number: "— 1 —", one character in from the outer edge, 7 mm under the 版心.
    number = next(line for line in pages[0] if line[0] == "—1—")
    assert near(number[3], right - 14, 1.5), number
    assert near(number[2], bottom + 7 * PT_PER_MM, 1.5 * PT_PER_MM), number
    assert all(line[4] <= bottom + 1 for line in pages[0] if line[0] != "—1—")
    if len(pages) > 1:
        even = next(line for line in pages[1] if line[0] == "—2—")
        assert near(even[1], (PAGE[0] - INNER - TEXT_W) * PT_PER_MM + 14, 1.5), even
    return pages


# Even pages bind on the right: their 版心 starts 26 mm from the left edge.
OUTER_LEFT = (PAGE[0] - INNER - TEXT_W) * PT_PER_MM
