"""The public report measured against GB/T 9704-2012."""

from tests.documents.gbt9704_checks import check_docx, check_pdf
from tests.publication.conftest import publish_new
from zhenggai.documents.models import Rendition


def test_the_published_files_follow_the_standard(seeded, people, tmp_path):
    report = publish_new(seeded, people.office)
    files = {r.kind: r.read() for r in Rendition.objects.of(report)}
    doc = check_docx(files["docx"])
    title = doc.paragraphs[0]
    assert title.style.name == "Title" and title.text == report.title
    headings = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [p.text[:2] for p in headings] == ["一、", "二、", "三、"]
    assert all(p.text.startswith("(") for p in doc.paragraphs if p.style.name == "Heading 2")
    pages = check_pdf(files["pdf"], tmp_path, first_line="根据省委统一部署", indent=2)
    assert pages[0][0][0].startswith("中共广州市荔湾区委关于巡视整改进展情况的")
