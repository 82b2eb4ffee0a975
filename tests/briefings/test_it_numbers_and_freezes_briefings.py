import pytest

from tests.briefings.conftest import MONDAY, SUNDAY
from zhenggai.audit.models import AuditEntry
from zhenggai.briefings.models import Briefing, BriefingFrozen
from zhenggai.reporting.models import ProgressReport
from zhenggai.tasks.models import Task
from zhenggai.tasks.workflow import WrongState


def _draft(week, people, kind=Briefing.Kind.WEEKLY):
    return Briefing.create_draft(week.campaign, kind, MONDAY, SUNDAY, people.office)


def test_it_numbers_each_kind_per_campaign(week, people):
    first, second = _draft(week, people), _draft(week, people)
    month = _draft(week, people, Briefing.Kind.MONTHLY)
    assert (first.number, second.number, month.number) == (1, 2, 1)
    assert first.text.splitlines()[:2] == ["荔湾区巡视整改工作简报", "第1期"]
    assert "第2期" in second.text
    assert AuditEntry.objects.filter(action="briefing_draft").count() == 3


def test_it_freezes_an_issued_briefing(week, people):
    briefing = _draft(week, people)
    briefing.progress += "\n整改办补充的一段。"
    briefing.save()
    briefing.issue(people.office)
    issued_text = Briefing.objects.get(pk=briefing.pk).text
    assert "整改办补充的一段。" in issued_text and "甲事项本周完成治理435宗" in issued_text

    # Later edits to the records do not reach the issued briefing.
    ProgressReport.objects.filter(pk=week.reports[0].pk).update(text="改写后的进展")
    Task.objects.filter(pk=week.a.pk).update(status="completed")
    stored = Briefing.objects.get(pk=briefing.pk)
    assert stored.text == issued_text
    assert stored.content["items"][0]["reports"][0]["text"] == "甲事项本周完成治理435宗"

    stored.progress = "改动"
    with pytest.raises(BriefingFrozen):
        stored.save()
    with pytest.raises(BriefingFrozen):
        stored.delete()
    with pytest.raises(WrongState):
        stored.issue(people.office)
    assert Briefing.objects.get(pk=briefing.pk).text == issued_text
    assert AuditEntry.objects.filter(action="briefing_issue", object_id=briefing.pk).exists()
