"""PDF → text, for reports published as PDF attachments.

Text-based PDFs are read with poppler's pdftotext (a Debian package the project installs,
debian-packages.txt), then cleaned the way a reader sees the document: the running
header and footer that repeat on every page and the page numbers are dropped, and the
pages are joined so that a paragraph cut by a page break reads on. A scanned PDF has no
text layer and is refused: reading it would need OCR.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter

from .model import NotAReport
from .normalize import SENTENCE_END, display_width
from .numbering import starts_with_marker
from .status import STATUS_LINE

_TIMEOUT = 60
# "- 3 -", "— 3 —", "3", "第3页", "第 3 页 共 10 页", "3/10", "Page 3", "·3·"
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–·•]*(?:第\s*)?[0-9０-９]{1,4}\s*(?:页)?(?:\s*[/／]\s*[0-9]{1,4}|\s*共\s*[0-9]{1,4}\s*页)?"
    r"[\s\-—–·•]*$|^(?:page|p\.)\s*[0-9]{1,4}(?:\s*of\s*[0-9]{1,4})?$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"[0-9０-９]+")
# Lines kept at each end of a page when looking for running headers and footers.
_EDGE = 3


def pdf_text(path: str) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        raise NotAReport("无法读取PDF:系统未安装pdftotext(poppler-utils)")
    try:
        done = subprocess.run(
            [exe, "-enc", "UTF-8", "-eol", "unix", path, "-"],
            capture_output=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise NotAReport("无法读取PDF文件") from e
    if done.returncode != 0:
        raise NotAReport("不是有效的PDF文件,或文件已加密")
    pages = done.stdout.decode("utf-8", "replace").split("\f")
    text = join_pages(pages)
    if not text.strip():
        raise NotAReport("PDF中没有文字层(可能是扫描件),请提供文字版PDF或先进行文字识别")
    return text


def _key(line: str) -> str:
    # Running headers may carry the page number ("某某报告 第3页"): compare without digits.
    return _DIGITS.sub("#", line.strip())


def join_pages(pages: list[str]) -> str:
    """Drop page numbers and the lines that repeat at the top or bottom of most pages,
    then join the pages without a paragraph break between them."""
    split = [[ln.rstrip() for ln in page.split("\n")] for page in pages]
    split = [[ln for ln in lines if ln.strip()] for lines in split]
    split = [lines for lines in split if lines]
    running: set[str] = set()
    if len(split) >= 2:
        counts = Counter()
        for lines in split:
            edges = {_key(ln) for ln in lines[:_EDGE] + lines[-_EDGE:]}
            counts.update(edges)
        need = max(2, (len(split) + 1) // 2)
        running = {k for k, n in counts.items() if n >= need}
    out: list[str] = []
    for lines in split:
        head = 0
        while head < len(lines) and head < _EDGE and _edge_line(lines[head], running):
            head += 1
        tail = len(lines)
        while tail > head and len(lines) - tail < _EDGE and _edge_line(lines[tail - 1], running):
            tail -= 1
        out.extend(ln.strip() for ln in lines[head:tail])
    return "\n".join(unwrap(out))


def unwrap(lines: list[str]) -> list[str]:
    """One line per paragraph. A PDF line that reaches (nearly) the column's width goes
    on in the next line; line breaking may end a line up to two characters early (a
    closing mark may not start a line) and a first line is indented, which a fixed-width
    rule would take for the end of a paragraph."""
    widths = [display_width(ln) for ln in lines]
    long = [w for w in widths if w >= 24]
    if not long:
        return lines
    full = Counter(long).most_common(1)[0][0]
    full = max(w for w in long if w <= full + 2)
    out: list[str] = []
    prev_w = 0
    for ln, w in zip(lines, widths, strict=True):
        if out and _continues(out[-1], prev_w, full) and not _starts_block(ln):
            out[-1] += ln
        else:
            out.append(ln)
        prev_w = w
    return out


def _continues(prev: str, prev_w: int, full: int) -> bool:
    # A first line is indented by two characters and narrow ASCII marks throw the
    # estimate off by a few more; a line that ends a sentence, as most last lines of a
    # paragraph do, must be all but full to go on.
    if prev[-1:] in SENTENCE_END:
        return prev_w >= full - 3
    return prev_w >= full - 12


def _starts_block(line: str) -> bool:
    return starts_with_marker(line) or bool(STATUS_LINE.match(line))


def _edge_line(line: str, running: set[str]) -> bool:
    return bool(_PAGE_NUMBER.match(line.strip())) or _key(line) in running
