import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from tests.briefings.conftest import MONDAY, SCRIPT, SUNDAY, WEEK, flat, pdf_text
from zhenggai.briefings import exports
from zhenggai.briefings.models import Briefing
from zhenggai.inspections.models import Campaign


def _exit_code(*args):
    with pytest.raises(CommandError) as exc:
        call_command("briefing", *args)
    return exc.value.returncode, str(exc.value)


def _docx_text(path) -> str:
    doc = Document(str(path))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_it_writes_the_weeks_briefing_as_docx_and_pdf(week, tmp_path):
    call_command("briefing", "--week", WEEK, "--out", str(tmp_path / "b.docx"))
    text = _docx_text(tmp_path / "b.docx")
    assert "荔湾区巡视整改工作简报" in text and "第1期" in text
    assert "甲事项本周完成治理435宗" in text and "丙事项" not in text
    assert "一、总体情况" in text and "正在整改" in text
    assert len(Document(str(tmp_path / "b.docx")).inline_shapes) == 1  # the weekly chart

    call_command(
        "briefing",
        "--week",
        WEEK,
        "--out",
        str(tmp_path / "b.pdf"),
        "--campaign",
        str(week.campaign.pk),
    )
    pdf = (tmp_path / "b.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    extracted = flat(pdf_text(pdf, tmp_path))
    assert "荔湾区巡视整改工作简报" in extracted and "甲事项本周完成治理435宗" in extracted
    assert not Briefing.objects.exists()  # the command drafts without saving


def test_it_writes_the_month_and_the_two_month_report(week, tmp_path):
    call_command("briefing", "--month", "2018-09", "--out", str(tmp_path / "m.txt"))
    assert "本月重点事项进展" in (tmp_path / "m.txt").read_text(encoding="utf-8")
    call_command("briefing", "--two-month", "--out", str(tmp_path / "t.txt"))
    assert "整改落实进展" in (tmp_path / "t.txt").read_text(encoding="utf-8")


def test_it_writes_a_briefing_for_a_week_without_data(week, tmp_path):
    call_command("briefing", "--week", "2019-W01", "--out", str(tmp_path / "e.docx"))
    assert "本周无新增进展。" in _docx_text(tmp_path / "e.docx")


def test_it_exits_2_on_bad_input(week, tmp_path):
    out = str(tmp_path / "b.docx")
    code, message = _exit_code("--week", "2018-W60", "--out", out)
    assert code == 2 and "2018-W60" in message
    code, message = _exit_code("--week", "last week", "--out", out)
    assert code == 2 and "2018-W36" in message
    code, message = _exit_code("--month", "2018-13", "--out", out)
    assert code == 2 and "2018-13" in message
    code, message = _exit_code("--week", WEEK, "--out", str(tmp_path / "b.odt"))
    assert code == 2 and ".odt" in message
    code, message = _exit_code("--week", WEEK, "--out", out, "--campaign", "999999")
    assert code == 2 and "999999" in message
    Campaign.objects.create(name="另一项整改")
    code, message = _exit_code("--week", WEEK, "--out", out)
    assert code == 2 and "--campaign" in message
    assert not (tmp_path / "b.docx").exists()


def test_it_exits_2_without_a_campaign(db, tmp_path):
    code, message = _exit_code("--week", WEEK, "--out", str(tmp_path / "b.pdf"))
    assert code == 2 and message == "还没有整改工作"


def test_it_keeps_report_text_as_text_in_every_format(week, tmp_path):
    briefing = Briefing.compose(week.campaign, "weekly", MONDAY, SUNDAY, number=1)
    html = exports.briefing_html(briefing)
    assert (
        "<script>alert" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    )
    assert "{{ secret }}" in html
    (tmp_path / "x.docx").write_bytes(exports.export(briefing, "docx"))
    assert SCRIPT in _docx_text(tmp_path / "x.docx")
    pdf = exports.export(briefing, "pdf")
    assert flat(SCRIPT) in flat(pdf_text(pdf, tmp_path))
