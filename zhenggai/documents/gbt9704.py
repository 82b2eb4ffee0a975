"""Documents in the national format, GB/T 9704-2012 《党政机关公文格式》, as .docx and .pdf.

A document is a list of `Block`s, the same for every format: the 版头 (the issuing
organ's mark in red, 发文字号 and 签发人, or a 简报's 报头 with 第N期 and 编印单位), the
red rule, the title, 主送机关, the body with its four heading levels, tables, 附件说明,
署名 and 成文日期, annexes, and the 版记 (抄送, 印发机关 and 印发日期; a 简报's 报/送/发).
Briefings, the public report and the 督办单 build their blocks; this module lays them out.

The geometry is the standard's: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, 22 lines of
28 characters of 3号 (16 pt) text, page numbers "— 1 —" in 4号 7 mm under the 版心, at the
outer edge one character in.

Word files name the standard fonts (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312), which
office machines have. PDFs embed free substitutes installed from Debian packages
(debian-packages.txt) and say so in their properties; without those fonts the renderer
refuses (`FontsMissing`) rather than print blank boxes.
"""

import io
import subprocess
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

# --- the standard's numbers -----------------------------------------------------------

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
TOP_MM = 37  # 天头
INNER_MM = 28  # 订口
TEXT_WIDTH_MM, TEXT_HEIGHT_MM = 156, 225  # 版心
OUTER_MM = PAGE_WIDTH_MM - INNER_MM - TEXT_WIDTH_MM  # 26
BOTTOM_MM = PAGE_HEIGHT_MM - TOP_MM - TEXT_HEIGHT_MM  # 35
LINES, CHARS = 22, 28
PAGE_NUMBER_GAP_MM = 7  # 页码一字线上距版心下边缘

PT_PER_MM = 72 / 25.4
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号
LINE_PT = round(TEXT_HEIGHT_MM / LINES * PT_PER_MM, 2)  # 28.96
CHAR_PT = TEXT_WIDTH_MM / CHARS * PT_PER_MM  # 15.79
# Letters are set 0.2 pt closer than 3号 so 28 fit the 156 mm line.
CHAR_SPACING_PT = round(CHAR_PT - BODY_PT, 2)  # -0.21

RED = "C00000"

# The standard's fonts, named in Word files; what PDFs embed in their place.
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEI_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
SONG_FONT = "宋体"
LATIN_FONT = "Times New Roman"
SUBSTITUTES = {
    BODY_FONT: ("Noto Serif CJK SC", "fonts-noto-cjk"),
    TITLE_FONT: ("Noto Serif CJK SC", "fonts-noto-cjk"),  # bold
    HEI_FONT: ("Noto Sans CJK SC", "fonts-noto-cjk"),
    KAI_FONT: ("LXGW WenKai", "fonts-lxgw-wenkai"),
    SONG_FONT: ("Noto Serif CJK SC", "fonts-noto-cjk"),
}


def substitutes_note() -> str:
    """What the PDF's properties say about its fonts."""
    pairs = "; ".join(f"{std}→{sub}" for std, (sub, _pkg) in SUBSTITUTES.items())
    return f"GB/T 9704-2012; 字体替代(免费字体): {pairs}"


# --- the document ---------------------------------------------------------------------


@dataclass
class Block:
    """One element of a document.

    Head: organ (发文机关标志 / 简报名称, red), issue (第N期), number (发文字号; `right`:
    签发人 on upward documents), editor (编印单位; `right`: date). The red rule follows
    the head. Body: title, addressee (主送机关), h1 一、, h2 (一), h3 1., h4 (1), para,
    table (`text` caption, `rows`), chart (`text` caption, `svg`), attachment (附件说明),
    signature, date, annex (new page: `text` 附件N, `rows` its blocks). End: colophon
    (`rows`: its lines, each (left, right)).
    """

    kind: str
    text: str = ""
    right: str = ""
    rows: list = field(default_factory=list)
    svg: str = ""


@dataclass
class Document:
    blocks: list[Block]
    title: str
    author: str = ""
    subject: str = ""
    keywords: str = ""
    red_head: bool = True

    @property
    def head(self) -> list[Block]:
        return [b for b in self.blocks if b.kind in HEAD_KINDS]

    @property
    def body(self) -> list[Block]:
        return [b for b in self.blocks if b.kind not in HEAD_KINDS]


HEAD_KINDS = ("organ", "issue", "number", "editor")


def organ_size(text: str) -> float:
    """The organ's mark fits one line of the 版心: at most 初号-ish 36 pt."""
    return round(min(36.0, TEXT_WIDTH_MM * PT_PER_MM / max(len(text), 1) * 0.92), 1)


# --- fonts ------------------------------------------------------------------------------


class FontsMissing(RuntimeError):
    """The fonts a PDF needs are not installed: refuse rather than print blank boxes."""


def missing_fonts() -> list[str]:
    """The Debian packages whose fonts are not installed (fc-list asks fontconfig,
    which is what the PDF renderer uses)."""
    try:
        listed = subprocess.run(
            ["fc-list", ":", "family"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return sorted({pkg for _font, pkg in SUBSTITUTES.values()})
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    return sorted({pkg for font, pkg in SUBSTITUTES.values() if font not in families})


def require_fonts() -> None:
    missing = missing_fonts()
    if missing:
        raise FontsMissing(
            _(
                "缺少生成 PDF 所需的中文字体,请安装:apt-get install %(packages)s(或运行 make system-deps)。"
            )
            % {"packages": " ".join(missing)}
        )


# --- PDF ------------------------------------------------------------------------------


def _no_fetch(url, *args, **kwargs):
    # Nothing from outside (fonts come from the system): a document can never make the
    # server reach the network or read local files.
    raise ValueError(f"external resource refused: {url}")


def html(document: Document) -> str:
    return render_to_string(
        "documents/gbt9704.html",
        {
            "doc": document,
            "g": {
                "top": TOP_MM,
                "inner": INNER_MM,
                "outer": OUTER_MM,
                "bottom": BOTTOM_MM,
                "line": LINE_PT,
                "spacing": CHAR_SPACING_PT,
                "body": BODY_PT,
                "title": TITLE_PT,
                "page_number": PAGE_NUMBER_PT,
                "gap": PAGE_NUMBER_GAP_MM,
                "fonts": {k: v[0] for k, v in SUBSTITUTES.items()},
            },
            "substitutes": substitutes_note(),
            "blocks": laid_out(document),
        },
    )


def laid_out(document: Document) -> list[Block]:
    """The blocks for the HTML, with the red rule after the head and sizes filled in."""
    head, body = document.head, document.body
    out = [
        Block(b.kind, b.text, right=b.right or str(organ_size(b.text)), rows=b.rows)
        if b.kind == "organ"
        else b
        for b in head
    ]
    if head:
        out.append(Block("rule"))
    return out + body


def pdf(document: Document) -> bytes:
    require_fonts()
    from weasyprint import HTML

    return HTML(string=html(document), url_fetcher=_no_fetch).write_pdf()


# --- Word -----------------------------------------------------------------------------


def _fonts(target, east_asian: str, size: float | None = None, bold=None, color=None) -> None:
    font = target.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    font.color.rgb = RGBColor.from_string(color or "000000")
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def _spacing(target, points: float) -> None:
    rpr = target.element.get_or_add_rPr()
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.append(spacing)
    spacing.set(qn("w:val"), str(round(points * 20)))


def _exact(para, points=LINE_PT) -> None:
    fmt = para.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(points)
    fmt.space_before = fmt.space_after = Pt(0)


def _rule(para, color=RED, size=8, where="bottom") -> None:
    """A line under (or over) the paragraph: the red rule, the 版记's rules."""
    ppr = para._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    line = OxmlElement(f"w:{where}")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", str(size)),
        ("w:space", "1"),
        ("w:color", color),
    ):
        line.set(qn(key), value)
    borders.append(line)


def _page_field(para) -> None:
    """ "— PAGE —": the page number as a field Word and WPS fill in."""
    para.add_run("— ")
    for kind, text in (
        ("begin", None),
        (None, "PAGE"),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        run = para.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        else:
            run.text = text
    para.add_run(" —")
    for run in para.runs:
        _fonts(run, SONG_FONT, PAGE_NUMBER_PT)


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    _fonts(normal, BODY_FONT, BODY_PT)
    _spacing(normal, CHAR_SPACING_PT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = True
    for name, font, size in (
        ("Title", TITLE_FONT, TITLE_PT),
        ("Heading 1", HEI_FONT, BODY_PT),
        ("Heading 2", KAI_FONT, BODY_PT),
        ("Heading 3", BODY_FONT, BODY_PT),
        ("Heading 4", BODY_FONT, BODY_PT),
    ):
        style = doc.styles[name]
        _fonts(style, font, size, bold=False)
        style.font.italic = False
        sfmt = style.paragraph_format
        sfmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        sfmt.line_spacing = Pt(LINE_PT if size == BODY_PT else LINE_PT * 1.2)
        sfmt.space_before = sfmt.space_after = Pt(0)
        # No border under Word's built-in Title style.
        ppr = style.element.get_or_add_pPr()
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)


def _section(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(TOP_MM), Mm(BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(INNER_MM), Mm(OUTER_MM)
    # The page number's line sits 7 mm under the 版心.
    section.footer_distance = Mm(BOTTOM_MM - PAGE_NUMBER_GAP_MM) - Pt(PAGE_NUMBER_PT * 1.3)
    section.header_distance = Mm(15)
    # Odd pages bind left, even pages right: mirror margins, outer page numbers.
    settings = doc.settings.element
    mirror = OxmlElement("w:mirrorMargins")
    settings.insert(0, mirror)
    doc.settings.odd_and_even_pages_header_footer = True
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))
    for footer, align, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left"),
    ):
        para = footer.paragraphs[0]
        para.alignment = align
        setattr(para.paragraph_format, f"{side}_indent", Pt(PAGE_NUMBER_PT))
        _page_field(para)


def _para(doc, text, font=BODY_FONT, size=BODY_PT, align=None, indent=True, color=None, bold=False):
    para = doc.add_paragraph()
    _exact(para)
    if align is not None:
        para.alignment = align
    else:
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        para.paragraph_format.first_line_indent = Pt(CHAR_PT * 2)
    run = para.add_run(text)
    _fonts(run, font, size, bold=bold, color=color)
    return para


def _table(doc, block) -> None:
    if block.text:
        _para(doc, block.text, HEI_FONT, BODY_PT - 2, WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    table = doc.add_table(rows=0, cols=len(block.rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, row in enumerate(block.rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            para = cell.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER if len(str(value)) < 12 else None
            _exact(para, 18)
            _fonts(para.add_run(str(value)), HEI_FONT if i == 0 else BODY_FONT, 12)
    if table.rows:
        # The header row repeats on every page the table runs to.
        trpr = table.rows[0]._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        trpr.append(header)


def _chart(doc, block) -> None:
    import cairosvg

    png = cairosvg.svg2png(bytestring=block.svg.encode(), scale=2)
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.add_run().add_picture(io.BytesIO(png), width=Cm(13))
    if block.text:
        _para(doc, block.text, HEI_FONT, BODY_PT - 2, WD_ALIGN_PARAGRAPH.CENTER, indent=False)


def _head(doc, document) -> None:
    head = document.head
    for block in head:
        if block.kind == "organ":
            para = doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            size = organ_size(block.text)
            _exact(para, size * 1.4)
            _fonts(para.add_run(block.text), TITLE_FONT, size, color=RED)
        elif block.kind == "issue":
            _para(doc, block.text, BODY_FONT, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        elif block.kind == "number":
            doc.add_paragraph()  # 空二行 under the organ's mark (one is the mark's own)
            para = doc.add_paragraph()
            _exact(para)
            if block.right:  # 上行文: 发文字号 left, 签发人 right, each one character in
                para.paragraph_format.left_indent = Pt(CHAR_PT)
                para.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM) - Pt(CHAR_PT), 2)
                _fonts(para.add_run(block.text), BODY_FONT, BODY_PT)
                label, _sep, name = block.right.partition(":")
                _fonts(para.add_run(f"\t{label}:"), BODY_FONT, BODY_PT)
                _fonts(para.add_run(name), KAI_FONT, BODY_PT)
            else:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _fonts(para.add_run(block.text), BODY_FONT, BODY_PT)
        elif block.kind == "editor":
            para = doc.add_paragraph()
            _exact(para)
            para.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), 2)
            _fonts(para.add_run(block.text), BODY_FONT, BODY_PT)
            _fonts(para.add_run("\t" + block.right), BODY_FONT, BODY_PT)
    if head:
        _rule(doc.paragraphs[-1], RED, 18)  # the red rule, 版心 wide
        doc.add_paragraph()


def _body(doc, blocks) -> None:
    for block in blocks:
        kind = block.kind
        if kind == "title":
            para = doc.add_paragraph(style="Title")
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _fonts(para.add_run(block.text), TITLE_FONT, TITLE_PT)
            para.paragraph_format.space_after = Pt(LINE_PT)  # 标题下空一行
        elif kind == "addressee":
            _para(doc, block.text, indent=False)
        elif kind in ("h1", "h2", "h3", "h4"):
            level = int(kind[1])
            para = doc.add_paragraph(style=f"Heading {level}")
            para.paragraph_format.first_line_indent = Pt(CHAR_PT * 2)
            font = {1: HEI_FONT, 2: KAI_FONT}.get(level, BODY_FONT)
            _fonts(para.add_run(block.text), font, BODY_PT, bold=False)
        elif kind == "table":
            _table(doc, block)
        elif kind == "chart":
            _chart(doc, block)
        elif kind == "attachment":
            para = _para(doc, block.text)
            para.paragraph_format.left_indent = Pt(CHAR_PT * 2)
            para.paragraph_format.first_line_indent = Pt(0)
            para.paragraph_format.space_before = Pt(LINE_PT)  # 正文下空一行
        elif kind == "signature":
            para = _para(doc, block.text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
            para.paragraph_format.right_indent = Pt(CHAR_PT * 4)
            para.paragraph_format.space_before = Pt(LINE_PT)  # 正文下空一行
        elif kind == "date":
            para = _para(doc, block.text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
            para.paragraph_format.right_indent = Pt(CHAR_PT * 4)
        elif kind == "annex":
            para = doc.add_paragraph()
            para.add_run().add_break(WD_BREAK.PAGE)
            _para(doc, block.text, HEI_FONT, indent=False)
            _body(doc, block.rows)
        elif kind == "colophon":
            _colophon(doc, block)
        else:
            _para(doc, block.text)


def _colophon(doc, block) -> None:
    """版记: 4号 lines between rules, one character in from each side."""
    doc.add_paragraph()
    for i, (left, right) in enumerate(block.rows):
        para = doc.add_paragraph()
        _exact(para)
        fmt = para.paragraph_format
        fmt.left_indent = fmt.right_indent = Pt(PAGE_NUMBER_PT)
        fmt.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM) - Pt(PAGE_NUMBER_PT * 2), 2)
        _fonts(para.add_run(left), BODY_FONT, PAGE_NUMBER_PT)
        if right:
            _fonts(para.add_run("\t" + right), BODY_FONT, PAGE_NUMBER_PT)
        if i == 0:
            _rule(para, "000000", 8, "top")
        _rule(para, "000000", 8 if i == len(block.rows) - 1 else 4, "bottom")


def docx(document: Document) -> bytes:
    doc = WordDocument()
    _section(doc)
    _styles(doc)
    props = doc.core_properties
    props.title = document.title
    props.author = document.author
    props.subject = document.subject
    props.keywords = document.keywords
    props.comments = "GB/T 9704-2012; 字体:正文仿宋_GB2312、标题方正小标宋简体、一级标题黑体、二级标题楷体_GB2312"
    _head(doc, document)
    _body(doc, document.body)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


__all__ = ["Block", "Document", "FontsMissing", "docx", "html", "pdf"]
