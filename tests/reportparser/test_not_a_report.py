"""Inputs that are not rectification reports must raise NotAReport with a one-line message."""

from __future__ import annotations

import os

import pytest

from reportparser import NotAReport, parse_file, parse_text, read_document

LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua.\n1. Ut enim ad minim veniam.\n"
    "2. Quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.\n"
)

RANDOM_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>广州天气</title>
<script>var x = 1;</script></head><body>
<nav><a href="/">首页</a><a href="/news">新闻</a></nav>
<h1>广州本周天气预报</h1>
<p>一、总体情况</p>
<p>本周广州以多云为主,气温22至29摄氏度,周三起有阵雨。</p>
<p>二、出行提示</p>
<p>1.雨天路滑,请注意交通安全。</p>
<p>2.外出请携带雨具,关注气象部门发布的最新预警信息。</p>
<footer>版权所有 广州天气网</footer></body></html>"""

NEWS_ABOUT_RECTIFICATION = (
    "某区召开巡视整改工作推进会\n"
    "11月20日,某区召开巡视整改工作推进会,区委书记出席会议并讲话。会议强调,要以钉钉子精神"
    "抓好整改落实,确保各项任务按期完成。\n"
)


def _assert_one_line(exc: NotAReport):
    msg = str(exc)
    assert msg and "\n" not in msg
    assert isinstance(exc, ValueError)


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t\u3000\n", LOREM, NEWS_ABOUT_RECTIFICATION, "整改", "一、\n(一)\n1.\n(1)\n"],
)
def test_texts_that_are_not_reports(text):
    with pytest.raises(NotAReport) as info:
        parse_text(text)
    _assert_one_line(info.value)


def test_empty_message_is_chinese():
    with pytest.raises(NotAReport, match="不是整改进展报告"):
        parse_text("")


def test_no_items_message():
    with pytest.raises(NotAReport, match="未找到整改问题条目"):
        parse_text(NEWS_ABOUT_RECTIFICATION)


def test_random_html_page(tmp_path):
    path = tmp_path / "weather.html"
    path.write_text(RANDOM_PAGE, encoding="utf-8")
    text = read_document(path)
    assert "var x" not in text and "版权所有" not in text and "首页" not in text
    assert "一、总体情况\n本周广州以多云为主" in text
    with pytest.raises(NotAReport) as info:
        parse_file(path)
    _assert_one_line(info.value)


@pytest.mark.parametrize("name", ["blob.txt", "blob.bin", "blob.docx", "blob.html", "blob"])
def test_binary_files(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(os.urandom(4096) + b"\x00\x01\x02" + os.urandom(512))
    with pytest.raises(NotAReport) as info:
        parse_file(path)
    _assert_one_line(info.value)


def test_control_characters_without_nul(tmp_path):
    path = tmp_path / "ctl.dat"
    path.write_bytes(bytes(range(1, 32)) * 200)
    with pytest.raises(NotAReport):
        read_document(path)


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty.docx"])
def test_empty_files(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(NotAReport):
        parse_file(path)


def test_missing_file(tmp_path):
    with pytest.raises(NotAReport):
        parse_file(tmp_path / "nope.txt")


def test_old_word_format(tmp_path):
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(NotAReport):
        parse_file(path)


def test_lorem_file_with_unknown_extension(tmp_path):
    path = tmp_path / "lorem.xyz"
    path.write_text(LOREM, encoding="utf-8")
    assert read_document(path) == LOREM
    with pytest.raises(NotAReport):
        parse_file(path)


def test_docx_without_report(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("会议纪要")
    document.add_paragraph("一、会议时间")
    path = tmp_path / "minutes.docx"
    document.save(path)
    with pytest.raises(NotAReport):
        parse_file(path)
