import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.publication.conftest import flat, pdf_text, publish_new
from zhenggai.publication import exports
from zhenggai.publication.models import PublicReport
from zhenggai.reporting.models import Evidence, Period, ProgressReport
from zhenggai.tasks.models import Task

SECRET_REPORT = "内部进展填报绝密内容七七七"
SECRET_REVIEW = "整改办内部审核意见八八八"
EVIDENCE_NAME = "内部佐证材料九九九.pdf"


def _internal_matter(seeded, people):
    """A unit's progress report, the office's comment and an evidence file on item (1)."""
    task = Task.objects.get(finding__campaign=seeded, finding__label="(1)")
    Task.objects.filter(pk=task.pk).update(lead_unit=people.unit, leader="张副区长")
    task.refresh_from_db()
    report = ProgressReport.objects.create(
        task=task,
        unit=people.unit,
        author=people.liaison,
        period=Period.WEEK,
        period_start=datetime.date(2018, 11, 19),
        text=SECRET_REPORT,
        review_comment=SECRET_REVIEW,
    )
    upload = SimpleUploadedFile(EVIDENCE_NAME, b"%PDF-1.4\n%%EOF\n", "application/pdf")
    Evidence.attach(people.liaison, task, upload, report=report)
    return task


def _assert_nothing_internal(text: str):
    for secret in (SECRET_REPORT, SECRET_REVIEW, EVIDENCE_NAME, "内部佐证材料", "张副区长"):
        assert secret not in text
    for name in ("王联络员", "张办事员", "测试专用单位甲", "liaison-wang", "office-zhang"):
        assert name not in text


def test_it_shows_only_the_published_content(seeded, people, client, tmp_path):
    _internal_matter(seeded, people)
    report = publish_new(seeded, people.office)
    page = client.get(f"/public/{report.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "中共广州市荔湾区委关于巡视整改进展情况的通报" in html
    assert "(1)针对用新发展理念谋划推动工作不够" in html
    assert "长期推进,已落实具体举措并取得明显成效" in html
    assert "<script" not in html  # works without JavaScript
    css = Path(finders.find("publication/public.css")).read_text(encoding="utf-8")
    assert "@media print" in css and "@media (max-width" in css
    _assert_nothing_internal(html)
    _assert_nothing_internal(client.get(f"/public/{report.pk}/report.txt").content.decode())
    docx = client.get(f"/public/{report.pk}/report.docx").content
    from reportparser.reader import _docx_text

    _assert_nothing_internal(_docx_text(docx))
    pdf = client.get(f"/public/{report.pk}/report.pdf").content
    _assert_nothing_internal(flat(pdf_text(pdf, tmp_path)))


def test_it_lists_published_reports_newest_first(seeded, people, client):
    first = publish_new(seeded, people.office)
    second = publish_new(seeded, people.office)
    draft = PublicReport.create_draft(seeded, people.office)
    html = client.get("/public/").content.decode()
    assert html.index(f"/public/{second.pk}/") < html.index(f"/public/{first.pk}/")
    assert f"/public/{draft.pk}/" not in html
    for url in (f"/public/{draft.pk}/", f"/public/{draft.pk}/report.pdf", "/public/999999/"):
        assert client.get(url).status_code == 404
    assert client.get(f"/public/{first.pk}/report.exe").status_code == 404


def test_it_leaves_a_place_for_the_feedback_form(seeded, people, client):
    report = publish_new(seeded, people.office)
    response = client.get(f"/public/{report.pk}/")
    assert 'id="feedback"' in response.content.decode()
    assert response.context["feedback_enabled"] is apps.is_installed("zhenggai.feedback")
    items = response.context["items"]
    assert len(items) == 63
    task = Task.objects.get(finding__campaign=seeded, finding__label="(1)")
    assert items[0] == (task.pk, "(1)", task.finding.title)


def test_it_escapes_text_in_every_format(seeded, people, client, tmp_path):
    nasty = "<script>alert(1)</script>{{ x }}{% now 'Y' %}"
    Task.objects.filter(finding__campaign=seeded, finding__label="(12)").update(measure=nasty)
    report = publish_new(seeded, people.office)
    html = client.get(f"/public/{report.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{{ x }}{% now &#x27;Y&#x27; %}" in html
    assert nasty in exports.report_txt(report).decode()
    from reportparser.reader import _docx_text

    assert nasty in _docx_text(exports.report_docx(report))
    assert flat(nasty) in flat(pdf_text(exports.report_pdf(report), tmp_path))
    assert "<script>alert" not in exports.report_html(report)


def test_it_offers_word_and_pdf_downloads(seeded, people, client, tmp_path):
    report = publish_new(seeded, people.office)
    response = client.get(f"/public/{report.pk}/report.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from docx import Document

    doc = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == report.title
    assert doc.paragraphs[0].alignment == 1  # centred
    assert "二、发挥巡视整改标本兼治作用,推进重点整改项目落地落细" in paragraphs
    assert sum(1 for p in paragraphs if p.startswith("(") and "针对" in p[:8]) == 63
    assert paragraphs[-2:] == [
        "中共广州市荔湾区委",
        f"{report.issue_date.year}年{report.issue_date.month}月{report.issue_date.day}日",
    ]
    run = doc.paragraphs[1].runs[0]
    assert run.element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    )

    pdf = client.get(f"/public/{report.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = flat(pdf_text(pdf.content, tmp_path))
    assert "中共广州市荔湾区委关于巡视整改进展情况的通报" in text
    assert "针对临聘人员素质参差不齐、流动性强、管理混乱的问题" in text


@pytest.mark.heavy
def test_it_serves_the_public_pages_in_a_bounded_number_of_queries(
    seeded, people, client, django_assert_max_num_queries
):
    report = publish_new(seeded, people.office)
    for _ in range(3):
        publish_new(seeded, people.office)
    with django_assert_max_num_queries(2):
        assert client.get(f"/public/{report.pk}/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/public/").status_code == 200
