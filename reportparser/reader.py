"""File → text: plain text in any common Chinese encoding, saved web pages, .docx and PDF."""

from __future__ import annotations

import os
import re
import zipfile

from .model import NotAReport

_TEXT_EXT = {".txt", ".text", ".md", ".csv", ""}
_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml", ".mht"}
_MAX_BYTES = 200 * 1024 * 1024


def read_document(path) -> str:
    path = os.fspath(path)
    ext = os.path.splitext(path)[1].lower()
    try:
        with open(path, "rb") as fh:
            data = fh.read(_MAX_BYTES + 1)
    except OSError as e:
        raise NotAReport(f"无法读取文件:{e.strerror or e}") from e
    if len(data) > _MAX_BYTES:
        raise NotAReport("文件过大,不像是整改进展报告")
    if not data.strip():
        raise NotAReport("不是整改进展报告:文件为空")
    if ext == ".docx" or (ext not in _TEXT_EXT | _HTML_EXT and data[:4] == b"PK\x03\x04"):
        return _docx_text(data)
    if ext == ".pdf" or data[:5] == b"%PDF-":
        from .pdf import pdf_text

        return pdf_text(path)
    if ext == ".doc":
        raise NotAReport("不支持旧版.doc格式,请另存为.docx或.txt")
    m = _CHARSET.search(data[:4096]) if ext not in _TEXT_EXT else None
    declared = m.group(1).decode("ascii") if m else None
    text = decode_bytes(data, declared)
    if ext in _HTML_EXT or (ext not in _TEXT_EXT and _looks_like_html(text)):
        return html_to_text(text)
    return text


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head


_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""")


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(data.decode("utf-16"))
        except UnicodeDecodeError as e:
            raise NotAReport("不是文本文件:UTF-16解码失败") from e
    if b"\x00" in data:
        raise NotAReport("不是文本文件:含有二进制数据")
    encodings = ["utf-8-sig"]
    if declared:
        encodings.append(declared)
    encodings.append("gb18030")
    for enc in encodings:
        try:
            return _check_text(data.decode(enc))
        except (UnicodeDecodeError, LookupError):
            continue
    raise NotAReport("不是文本文件:无法识别文字编码")


_JUNK = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")


def _check_text(text: str) -> str:
    sample = text[:200000]
    if sample and len(_JUNK.findall(sample)) > max(3, len(sample) // 50):
        raise NotAReport("不是文本文件:控制字符过多,疑似二进制数据")
    return text


# --- HTML ---------------------------------------------------------------------------

_BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd tr table tbody thead section article "
    "blockquote pre center main figure figcaption caption hr address title td th".split()
)
_CLUTTER_TAGS = frozenset(
    "script style noscript nav header footer aside form iframe svg template button select "
    "head object embed canvas map video audio".split()
)
_CLUTTER_ATTR = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|breadcrumbs?|crumbs?|sidebar|share|toolbar|"
    r"copyright|topbar|banner|ad|ads|advert|pagination|pager|related)(?:$|[\s_-])",
    re.IGNORECASE,
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_CJK_NL = re.compile(
    r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t\r]*\n\s*(?=[\u3000-\u9fff\uff00-\uffef])"
)
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def html_to_text(text: str) -> str:
    import lxml.etree
    import lxml.html

    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        raise NotAReport("不是整改进展报告:网页为空")
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as e:
        raise NotAReport("不是整改进展报告:网页无法解析") from e
    doomed = []
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.lower() in _CLUTTER_TAGS:
            doomed.append(el)
            continue
        attrs = f"{el.get('class', '')} {el.get('id', '')}".strip() if tag else ""
        if attrs and _CLUTTER_ATTR.search(attrs):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    parts: list[str] = []
    stack = [(root, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if closing:
            if tag in _BLOCK:
                parts.append("\n")
            if el.tail:
                parts.append(_inline(el.tail))
            continue
        if not tag:  # comments and processing instructions
            if el.tail:
                parts.append(_inline(el.tail))
            continue
        if tag == "br":
            parts.append("\n")
            if el.tail:
                parts.append(_inline(el.tail))
            continue
        if tag in _BLOCK:
            parts.append("\n")
        if el.text:
            parts.append(_inline(el.text))
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    lines = (ln.strip() for ln in "".join(parts).split("\n"))
    return "\n".join(ln for ln in lines if ln)


def _inline(s: str) -> str:
    # Source line breaks inside a paragraph are not paragraph breaks; between two
    # Chinese characters a browser shows nothing, elsewhere one space.
    return _SPACES.sub(" ", _CJK_NL.sub("", s))


# --- DOCX ---------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(data: bytes) -> str:
    import io

    import lxml.etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = zf.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError) as e:
        raise NotAReport("不是有效的.docx文件") from e
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = lxml.etree.fromstring(xml, parser)
    except lxml.etree.XMLSyntaxError as e:
        raise NotAReport("不是有效的.docx文件:文档内容无法解析") from e
    paras = []
    p_tag = _W + "p"
    for p in root.iter(p_tag):
        if next(p.iterancestors(p_tag), None) is not None:
            continue  # text box inside a paragraph: already part of the outer one
        paras.append(docx_paragraph_text(p))
    text = "\n".join(paras)
    if not text.strip():
        raise NotAReport("不是整改进展报告:文档为空")
    return text


_T, _TAB, _BREAKS = _W + "t", _W + "tab", (_W + "br", _W + "cr")


def docx_paragraph_text(p) -> str:
    """The text of a w:p element, line breaks and tabs kept."""
    buf = []
    for el in p.iter(_T, _TAB, *_BREAKS):
        if el.tag == _T:
            buf.append(el.text or "")
        elif el.tag == _TAB:
            buf.append("\t")
        else:
            buf.append("\n")
    return "".join(buf)
