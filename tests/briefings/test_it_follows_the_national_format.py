"""The weekly briefing and the two-month report measured against GB/T 9704-2012."""

import datetime

from tests.briefings.conftest import MONDAY, SUNDAY
from tests.documents.gbt9704_checks import check_docx, check_pdf, pdf_words
from zhenggai.briefings import exports
from zhenggai.briefings.models import Briefing, two_month_period
from zhenggai.documents.models import Rendition


def test_the_weekly_briefing_has_the_standards_geometry_fonts_and_page_numbers(week, tmp_path):
    briefing = Briefing.compose(week.campaign, Briefing.Kind.WEEKLY, MONDAY, SUNDAY, number=3)
    doc = check_docx(exports.export(briefing, "docx"))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "荔湾区巡视整改工作简报" and "第3期" in texts
    pages = check_pdf(exports.export(briefing, "pdf"), tmp_path, first_line="本周(", indent=2)
    assert 1 <= len(pages) <= 4
    head = pages[0][0]
    assert head[0] == "荔湾区巡视整改工作简报"
    text = briefing.text
    assert "。。" not in text and "发:各责任单位" in text


def _two_month(week, people):
    start, end = two_month_period(week.campaign, datetime.date(2018, 9, 30))
    return Briefing.create_draft(week.campaign, Briefing.Kind.TWO_MONTH, start, end, people.office)


def test_the_two_month_report_is_an_upward_document(week, people, tmp_path):
    report = _two_month(week, people)
    report.signer = "张三"
    report.save()
    report.issue(people.office)
    report.refresh_from_db()
    assert report.doc_number == "荔巡整办〔2018〕1号"
    lines = report.text.splitlines()
    assert lines[0] == "荔湾区巡视整改工作领导小组办公室文件"
    assert lines[1].startswith("荔巡整办〔2018〕1号") and lines[1].endswith("签发人:张三")
    assert "省委巡视工作领导小组办公室:" in lines  # 主送机关
    assert "抄送:省委第十巡视组。" in lines  # 版记
    assert lines[-1].endswith("2018年9月24日印发")
    assert "附件:整改事项状态变化明细表" in lines

    docx = Rendition.objects.of(report).get(kind="docx").read()
    doc = check_docx(bytes(docx))
    assert any("签发人:" in p.text and "张三" in p.text for p in doc.paragraphs)
    pdf = Rendition.objects.of(report).get(kind="pdf").read()
    pages = check_pdf(pdf, tmp_path, first_line="省委巡视工作领导小组办公室:")
    texts = [line[0] for page in pages for line in page]
    assert "荔巡整办〔2018〕1号" in texts and "签发人:张三" in texts
    # The annex starts on a page of its own.
    annex = next(i for i, page in enumerate(pages) if page and page[0][0] == "附件")
    assert annex > 0


def test_upward_documents_are_numbered_per_organ_and_year(week, people):
    first = _two_month(week, people)
    first.issue(people.office)
    second = _two_month(week, people)
    second.issue(people.office)
    other = _two_month(week, people)
    other.organ_code = "荔整办"
    other.save()
    other.issue(people.office)
    later = _two_month(week, people)
    later.issue_date = datetime.date(2019, 1, 5)
    later.save()
    later.issue(people.office)
    numbers = [
        b.doc_number
        for b in Briefing.objects.filter(pk__in=[first.pk, second.pk, other.pk, later.pk]).order_by(
            "pk"
        )
    ]
    assert numbers == [
        "荔巡整办〔2018〕1号",
        "荔巡整办〔2018〕2号",
        "荔整办〔2018〕1号",
        "荔巡整办〔2019〕1号",
    ]


def test_a_draft_shows_the_number_it_would_take(week, people, tmp_path):
    draft = _two_month(week, people)
    assert draft.doc_number == ""
    assert "荔巡整办〔2018〕1号" in draft.text
    words = pdf_words(exports.export(draft, "pdf"), tmp_path)
    assert any(line[0] == "荔巡整办〔2018〕1号" for line in words[0])
