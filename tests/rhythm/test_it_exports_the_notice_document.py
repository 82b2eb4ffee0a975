"""The 督办单 as a document with its 文号, for whoever may read the notice."""

import datetime

from tests.documents.gbt9704_checks import check_docx, check_pdf
from zhenggai.demo_story import on
from zhenggai.rhythm.models import SupervisionNotice


def _issue(world, day, unit=None, task=None, text="请加快违建治理进度。"):
    with on(day, 10):
        return SupervisionNotice.issue(
            world.office,
            unit or world.a,
            text,
            day + datetime.timedelta(days=7),
            task=task if task is not None else world.task_a,
        )


def test_the_notice_carries_its_number_and_the_standards_form(world, client, tmp_path):
    first = _issue(world, datetime.date(2018, 9, 3))
    second = _issue(world, datetime.date(2018, 9, 4), unit=world.b, task=world.task_b)
    next_year = _issue(world, datetime.date(2019, 1, 2))
    client.force_login(world.liaison_b)
    response = client.get(f"/rhythm/notices/{second.pk}/notice.docx")
    assert response.status_code == 200
    doc = check_docx(response.content)
    texts = [p.text for p in doc.paragraphs]
    assert "荔巡整督〔2018〕2号" in texts and "区城管局:" in texts
    assert any("请于2018年9月11日前" in t for t in texts)
    assert any("(2)市容整治不彻底" in t for t in texts)
    # Units read only their own notices.
    assert client.get(f"/rhythm/notices/{first.pk}/notice.pdf").status_code == 404
    client.force_login(world.office)
    pdf = client.get(f"/rhythm/notices/{first.pk}/notice.pdf")
    pages = check_pdf(pdf.content, tmp_path, first_line="区住房建设局:")
    assert any(line[0] == "荔巡整督〔2018〕1号" for line in pages[0])
    again = client.get(f"/rhythm/notices/{first.pk}/notice.pdf", HTTP_IF_NONE_MATCH=pdf["ETag"])
    assert again.status_code == 304
    late = client.get(f"/rhythm/notices/{next_year.pk}/notice.docx")
    assert "荔巡整督〔2019〕1号" in [p.text for p in check_docx(late.content).paragraphs]
    assert client.get(f"/rhythm/notices/{first.pk}/notice.exe").status_code == 404
