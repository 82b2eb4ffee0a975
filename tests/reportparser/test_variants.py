"""The seed re-encoded every way it turns up in practice must give the same tree."""

from __future__ import annotations

import html
import re

import docx
import pytest

from reportparser import parse_file, parse_text

from ._helpers import canon, signature

_FULL = str.maketrans(",:;()", "\uff0c\uff1a\uff1b\uff08\uff09")


def _lines(text):
    return text.split("\n")


def test_fullwidth_punctuation(seed, seed_text):
    # The published seed uses ASCII ,:;(); the same report is also seen with full-width forms.
    report = parse_text(seed_text.translate(_FULL))
    assert report.items == 63
    assert report.nodes[0].label == "\uff08一\uff09"
    assert report.leaves()[0].label == "\uff081\uff09"
    assert signature(report.nodes, canonical=True) == signature(seed.nodes, canonical=True)
    assert report.status_counts == seed.status_counts
    assert report.to_dict()["inspection"] == seed.to_dict()["inspection"]
    assert report.closing.contact == seed.closing.contact
    assert [canon(w) for w in report.warnings] == seed.warnings


def test_ascii_punctuation_roundtrip(seed, seed_text):
    back = seed_text.translate(_FULL).translate(
        str.maketrans("\uff0c\uff1a\uff1b\uff08\uff09", ",:;()")
    )
    report = parse_text(back)
    assert signature(report.nodes) == signature(seed.nodes)


def test_mixed_punctuation_per_line(seed, seed_text):
    lines = _lines(seed_text)
    mixed = "\n".join(ln.translate(_FULL) if i % 2 else ln for i, ln in enumerate(lines))
    report = parse_text(mixed)
    assert signature(report.nodes, canonical=True) == signature(seed.nodes, canonical=True)


def _html_page(seed_text):
    paras = []
    for i, ln in enumerate(_lines(seed_text)[3:]):
        esc = html.escape(ln, quote=False)
        if i % 7 == 3 and len(ln) > 60:
            # Source line breaks inside a paragraph are not paragraph breaks.
            esc = esc[:30] + "\n      " + esc[30:]
        if i % 5 == 1:
            esc = f'<span style="font-family:仿宋">{esc}</span>'
        paras.append(f'<p style="text-indent:2em">{esc}</p>')
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>荔湾区巡视整改进展情况_南方网</title>
<style>p {{ margin: 0 }}</style>
<script>var nav = "一、首页 二、新闻"; window.onload = function() {{}};</script></head>
<body>
<header><div class="logo">广东省纪委监委网站</div></header>
<nav><ul><li>首页</li><li>要闻</li><li>一、巡视巡察</li><li>(一)审查调查</li></ul></nav>
<div class="breadcrumb">当前位置:首页 &gt; 巡视巡察</div>
<div id="article"><div class="content">
{chr(10).join(paras)}
</div></div>
<div class="share-bar">分享到:微信 微博</div>
<footer><p>主办单位:中共广东省纪律检查委员会</p><p>粤ICP备2024185129号</p>
<script>track("1.针对统计的问题")</script></footer>
</body></html>"""


@pytest.fixture
def html_file(tmp_path, seed_text):
    path = tmp_path / "liwan.html"
    path.write_text(_html_page(seed_text), encoding="utf-8")
    return path


def test_html_page_gives_same_tree(seed, html_file):
    report = parse_file(html_file)
    assert signature(report.nodes) == signature(seed.nodes)
    assert report.to_dict()["inspection"] == seed.to_dict()["inspection"]
    assert report.declared == seed.declared
    assert report.closing.contact == seed.closing.contact
    assert report.closing.issuer == "中共广州市荔湾区委"
    assert report.preamble == seed.preamble
    assert report.warnings == [
        w.replace("第30行", f"第{_line(report, '(16)')}行") for w in seed.warnings
    ]


def _line(report, label):
    return next(leaf.line for leaf in report.leaves() if leaf.label == label)


def test_gbk_declared_html(seed, tmp_path, seed_text):
    page = _html_page(seed_text).replace('charset="utf-8"', 'charset="gbk"')
    path = tmp_path / "liwan.htm"
    path.write_bytes(page.encode("gb18030"))
    report = parse_file(path)
    assert signature(report.nodes) == signature(seed.nodes)


def test_docx(seed, seed_text, tmp_path):
    document = docx.Document()
    document.add_heading("荔湾区巡视整改进展情况", level=1)
    for ln in _lines(seed_text):
        document.add_paragraph(ln)
    path = tmp_path / "liwan.docx"
    document.save(path)
    report = parse_file(path)
    assert signature(report.nodes) == signature(seed.nodes)
    assert report.title == "荔湾区巡视整改进展情况"
    assert report.to_dict()["inspection"] == seed.to_dict()["inspection"]
    assert report.closing.date == "2018-11-27"


def _wrap(text, width):
    out = []
    for ln in _lines(text):
        out.extend(ln[i : i + width] for i in range(0, max(len(ln), 1), width))
    return "\n".join(out)


@pytest.mark.parametrize("width", [38, 40, 27])
def test_hard_wrapped(seed, seed_text, width):
    report = parse_text(_wrap(seed_text, width))
    assert signature(report.nodes) == signature(seed.nodes)
    assert report.closing.issuer == "中共广州市荔湾区委"
    assert report.sections[2].text == seed.sections[2].text
    assert report.preamble == seed.preamble
    assert report.to_dict()["inspection"] == seed.to_dict()["inspection"]
    assert report.declared.measures == 63


def test_hard_wrapped_pdf_style_indent(seed, seed_text):
    # PDF copies indent each paragraph with two ideographic spaces.
    indented = "\n".join("\u3000\u3000" + ln for ln in _lines(seed_text))
    report = parse_text(_wrap(indented, 38))
    assert signature(report.nodes) == signature(seed.nodes)


def test_cut_off_mid_sentence(seed, seed_text):
    cut = int(len(seed_text) * 0.6)
    while seed_text[cut - 1] in "。\n":
        cut += 1
    report = parse_text(seed_text[:cut])
    assert any("文本在句中结束,可能不完整" in w for w in report.warnings)
    assert 0 < report.items < 63
    n = report.items
    # All complete items before the cut are intact; the cut one keeps what was read.
    assert signature(report.leaves()[: n - 1]) == signature(seed.leaves()[: n - 1])
    last = report.leaves()[-1]
    assert seed_text[:cut].endswith(last.raw)
    assert any("声明整改措施63个" in w for w in report.warnings)
    assert report.closing.issuer is None


def _statuses_on_own_lines(seed_text):
    lines = []
    phrase_for = {"已完成整改": "整改状态:完成", "已取得阶段性成效": "整改状态:阶段性完成"}
    for i, ln in enumerate(_lines(seed_text)):
        m = re.match(r"(\(\d+\).*?)\(([^()]*)\)(:.*)$", ln)
        if not m:
            lines.append(ln)
            continue
        lines.append(m.group(1) + m.group(3))
        phrase = m.group(2)
        if phrase.startswith("长期推进"):
            lines.append("整改情况:" + phrase)
        elif i % 2:
            lines.append(phrase_for[phrase])
        else:
            lines.append("整改情况:" + phrase)
    return "\n".join(lines)


def test_statuses_on_own_lines(seed, seed_text):
    text = _statuses_on_own_lines(seed_text)
    assert "整改状态:完成" in text and "整改状态:阶段性完成" in text
    report = parse_text(text)
    assert signature(report.nodes, status_text=False) == signature(seed.nodes, status_text=False)
    for got, want in zip(report.leaves(), seed.leaves(), strict=True):
        assert got.status_line is not None
        assert got.body == want.body
        assert "整改状态" not in got.body and "整改情况" not in got.body
    assert report.status_counts == seed.status_counts


def test_gb18030_text_file(seed, seed_text, tmp_path):
    path = tmp_path / "liwan.txt"
    path.write_bytes(seed_text.encode("gb18030"))
    report = parse_file(path)
    assert report.to_dict() == seed.to_dict()


def test_utf8_bom_and_crlf(seed, seed_text, tmp_path):
    path = tmp_path / "liwan.txt"
    path.write_bytes(b"\xef\xbb\xbf" + seed_text.replace("\n", "\r\n").encode("utf-8"))
    report = parse_file(path)
    assert report.to_dict() == seed.to_dict()


def test_utf16_text_file(seed, seed_text, tmp_path):
    path = tmp_path / "liwan.txt"
    path.write_bytes(seed_text.encode("utf-16"))
    assert signature(parse_file(path).nodes) == signature(seed.nodes)


def test_blank_lines_and_zero_width(seed, seed_text):
    noisy = "\ufeff" + "\n\n".join(ln.replace("整改", "整\u200b改", 1) for ln in _lines(seed_text))
    report = parse_text(noisy)
    assert signature(report.nodes) == signature(seed.nodes)
