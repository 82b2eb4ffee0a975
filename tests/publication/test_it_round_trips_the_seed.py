"""Imported and re-published, the seed reads the same (DESIGN.md, "And one thing in")."""

import datetime
import io

from reportparser import parse_text
from reportparser.reader import _docx_text
from tests.publication.conftest import publish_new, seed_text
from zhenggai.publication import exports
from zhenggai.publication.compose import compose
from zhenggai.publication.models import PublicReport
from zhenggai.publication.render import date_text, render_text

NODE_KEYS = ("label", "title", "text", "status", "status_text", "actions", "action_labels", "body")


def tree(nodes):
    return [{k: n[k] for k in NODE_KEYS} | {"children": tree(n["children"])} for n in nodes]


def sections(data):
    return [{k: s[k] for k in ("label", "title", "text", "findings")} for s in data["sections"]]


def assert_same_report(published: dict, seed: dict, report: PublicReport):
    assert tree(published["nodes"]) == tree(seed["nodes"])
    assert published["items"] == seed["items"] == 63
    assert published["status_counts"] == seed["status_counts"]
    assert published["inspection"] == seed["inspection"]
    assert published["preamble"] == seed["preamble"]
    assert sections(published) == sections(seed)
    assert published["closing"]["text"] == seed["closing"]["text"]
    assert published["closing"]["contact"] == seed["closing"]["contact"]
    assert published["closing"]["issuer"] == seed["closing"]["issuer"]
    assert published["closing"]["date"] == report.issue_date.isoformat()
    assert published["title"] == report.title
    assert published["declared"] == seed["declared"]


def test_it_republishes_the_seed_unchanged(seeded, people):
    seed = parse_text(seed_text()).to_dict()
    report = publish_new(seeded, people.office)
    report.refresh_from_db()
    assert report.status == PublicReport.Status.PUBLISHED
    assert report.text == render_text(report)
    assert_same_report(parse_text(report.text).to_dict(), seed, report)


def test_it_reads_the_same_from_the_word_file(seeded, people):
    seed = parse_text(seed_text()).to_dict()
    report = publish_new(seeded, people.office)
    text = _docx_text(exports.report_docx(report))
    assert_same_report(parse_text(text).to_dict(), seed, report)


def test_it_prefills_the_narrative_from_the_source(seeded):
    composed = compose(seeded)
    seed = parse_text(seed_text()).to_dict()
    assert composed["intro_heading"] == seed["sections"][0]["title"]
    assert composed["intro"] == seed["sections"][0]["text"]
    assert composed["findings_heading"] == seed["sections"][1]["title"]
    assert composed["next_steps_heading"] == "下一步工作计划"
    assert composed["issuer"] == "中共广州市荔湾区委"
    assert composed["title"] == "中共广州市荔湾区委关于巡视整改进展情况的通报"
    items = [n for n in composed["content"] if n["kind"] == "item"]
    assert len(items) == 63
    assert [n["phrase"] for n in items].count("已完成整改") == 13
    assert [n["phrase"] for n in items].count("已取得阶段性成效") == 31
    assert [n["phrase"] for n in items].count("长期推进,已落实具体举措并取得明显成效") == 19


def test_it_lays_out_lines_as_the_seed_does(seeded):
    text = render_text(PublicReport.from_composed(seeded, compose(seeded)))
    lines = text.splitlines()
    assert "(一)对区委谋划发展能力不足,领导不够坚强有力问题的整改。" in lines
    assert any(
        line.startswith("1.针对践行新发展理念,推进重点工作不到位的问题,区委") for line in lines
    )
    assert any(
        line.startswith("(20)针对有的基层工作人员对意识形态工作内容不了解的问题,")
        and "(已取得阶段性成效):一是及时召开会议安排部署,二是" in line
        for line in lines
    )
    assert lines[-1] == date_text(PublicReport.from_composed(seeded, compose(seeded)).issue_date)
    assert lines[-2] == "中共广州市荔湾区委"
    assert "[NextPage]" not in text and "主办单位" not in text
    io.StringIO(text)  # plain text, one paragraph a line


def test_it_writes_the_seed_back_word_for_word(seeded):
    """Dated as the seed, the composed report is the seed's own paragraphs after its title
    (the web page's banner lines and pagination markers are not part of the report)."""
    from reportparser.normalize import paragraphs
    from reportparser.structure import _CLUTTER

    seed = [p.text for p in paragraphs(seed_text()) if not _CLUTTER.search(p.text)]
    report = PublicReport.from_composed(seeded, compose(seeded))
    report.issue_date = datetime.date.fromisoformat(parse_text(seed_text()).closing.date)
    assert render_text(report).splitlines()[1:] == seed
