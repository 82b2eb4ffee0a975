"""The office's way through: new draft → edit the narrative → preview → publish."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.world import make_campaign, make_ledger
from zhenggai.publication.compose import compose
from zhenggai.publication.models import PublicReport
from zhenggai.tasks.models import Status, Task


def test_it_walks_a_draft_to_publication(seeded, people, client):
    client.force_login(people.office)
    response = client.post("/publication/new/", {"campaign": seeded.pk})
    report = PublicReport.objects.get(campaign=seeded)
    assert response["Location"] == f"/publication/{report.pk}/edit/"
    assert report.number == 1 and report.created_by == people.office

    form = client.get(f"/publication/{report.pk}/edit/").content.decode()
    assert "下一步工作计划" in form
    data = {
        "title": "中共广州市荔湾区委关于巡视整改进展情况的通报",
        "preamble": report.preamble,
        "intro_heading": report.intro_heading,
        "intro": "区委召开常委会会议,研究部署整改工作。",
        "findings_heading": report.findings_heading,
        "next_steps_heading": report.next_steps_heading,
        "next_steps": report.next_steps,
        "closing": report.closing,
        "issuer": report.issuer,
        "issue_date": "2018-11-27",
    }
    response = client.post(f"/publication/{report.pk}/edit/", data)
    assert response.status_code == 302
    preview = client.get(f"/publication/{report.pk}/").content.decode()
    assert "区委召开常委会会议,研究部署整改工作。" in preview
    assert "2018年11月27日" in preview
    assert client.get(f"/public/{report.pk}/").status_code == 404

    response = client.post(f"/publication/{report.pk}/publish/", {"confirm": "1"})
    assert response["Location"] == f"/public/{report.pk}/"
    report.refresh_from_db()
    assert report.status == PublicReport.Status.PUBLISHED
    assert report.published_by == people.office and report.published_at
    assert "区委召开常委会会议" in report.text
    # Published: the form no longer writes.
    client.post(f"/publication/{report.pk}/edit/", {**data, "title": "改"})
    assert PublicReport.objects.get(pk=report.pk).title == data["title"]
    assert client.post(f"/publication/{report.pk}/publish/", {"confirm": "1"}).status_code == 302

    client.logout()
    public = client.get(f"/public/{report.pk}/").content.decode()
    assert "区委召开常委会会议,研究部署整改工作。" in public


def test_it_reads_other_workflow_states_as_in_progress(seeded, people):
    for status in (
        Status.ASSIGNED,
        Status.CLAIMED,
        Status.CLOSURE_REQUESTED,
        Status.OFFICE_ACCEPTED,
    ):
        Task.objects.filter(finding__campaign=seeded, finding__label="(12)").update(status=status)
        item = next(n for n in compose(seeded)["content"] if n["label"] == "(12)")
        assert item["phrase"] == "正在整改"
        assert (
            "推进土地确权工作缓慢的问题,加快落实农村土地承包经营权确权登记颁证工作(正在整改):"
            in (PublicReport.from_composed(seeded, compose(seeded)).text)
        )


def test_it_composes_in_a_bounded_number_of_queries(db, django_assert_max_num_queries):
    small, large = make_campaign("小"), make_campaign("大")
    make_ledger(small, 3)
    make_ledger(large, 40)

    def count(campaign):
        with CaptureQueriesContext(connection) as ctx:
            compose(campaign)
        return len(ctx.captured_queries)

    assert count(small) == count(large)
    with django_assert_max_num_queries(5):
        composed = compose(large)
    assert sum(1 for n in composed["content"] if n["kind"] == "item") == 40
