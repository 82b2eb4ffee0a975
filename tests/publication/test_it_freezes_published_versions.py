import pytest

from tests.publication.conftest import publish_new
from zhenggai.publication.models import PublicReport, ReportFrozen
from zhenggai.tasks.models import Status, SubAction, Task
from zhenggai.tasks.workflow import Conflict, WrongState


def test_it_keeps_a_published_version_when_the_ledger_moves_on(seeded, people, client):
    report = publish_new(seeded, people.office)
    text, content = report.text, report.content
    task = Task.objects.get(finding__campaign=seeded, finding__label="(12)")
    Task.objects.filter(pk=task.pk).update(status=Status.COMPLETED, measure="台账里后来改写的措施")
    SubAction.objects.filter(task__finding__label="(1)").update(text="后来改写的分项")
    report.refresh_from_db()
    assert (report.text, report.content) == (text, content)
    page = client.get(f"/public/{report.pk}/").content.decode()
    assert "台账里后来改写的措施" not in page and "后来改写的分项" not in page

    second = PublicReport.create_draft(seeded, people.office)
    assert second.number == 2
    assert "台账里后来改写的措施(已完成整改)" in second.text
    assert "后来改写的分项" in second.text


def test_it_refuses_to_save_or_delete_a_published_row(seeded, people):
    report = publish_new(seeded, people.office)
    report.title = "改过的标题"
    with pytest.raises(ReportFrozen):
        report.save()
    stale = PublicReport.objects.get(pk=report.pk)
    stale.status = PublicReport.Status.DRAFT  # even an object that thinks it is a draft
    with pytest.raises(ReportFrozen):
        stale.save()
    with pytest.raises(ReportFrozen):
        report.delete()
    assert PublicReport.objects.get(pk=report.pk).title != "改过的标题"


def test_it_publishes_once(seeded, people):
    report = PublicReport.create_draft(seeded, people.office)
    twin = PublicReport.objects.get(pk=report.pk)
    report.publish(people.office)
    with pytest.raises(Conflict):
        twin.publish(people.office)  # loaded before the first click went through
    with pytest.raises(WrongState):
        report.publish(people.office)


def test_it_keeps_one_draft_per_campaign(seeded, people):
    first = PublicReport.create_draft(seeded, people.office)
    assert PublicReport.create_draft(seeded, people.office) == first
    assert PublicReport.objects.count() == 1


def test_it_recomposes_a_draft_from_the_ledger(seeded, people):
    report = PublicReport.create_draft(seeded, people.office)
    Task.objects.filter(finding__label="(63)").update(status=Status.CLAIMED)
    report.recompose(people.office)
    assert "(正在整改):一是已在" in report.text
    assert PublicReport.objects.get(pk=report.pk).text == report.text
