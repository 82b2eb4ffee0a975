"""One campaign with two items, a published report of it, two units and one account per
kind of reader. 区住房建设局 is the unit feedback gets handed to; 区教育局 is another."""

import datetime
from types import SimpleNamespace

import pytest
from django.apps import apps

from tests.conftest import make_unit, make_user
from zhenggai.accounts.models import Role
from zhenggai.feedback.models import Channel, Feedback
from zhenggai.inspections.models import Campaign, Finding
from zhenggai.tasks.models import Status, Task


def make_task(campaign, label, title, lead_unit=None, position=0):
    finding = Finding.objects.create(
        campaign=campaign, depth=0, position=position, label=label, title=title
    )
    return Task.objects.create(finding=finding, lead_unit=lead_unit, status=Status.IN_PROGRESS)


def publish_report(campaign, tasks, number=1):
    """A published report, written straight to the table: its own publishing workflow is
    not what these tests are about."""
    PublicReport = apps.get_model("publication", "PublicReport")
    content = [
        {"kind": "item", "task": t.pk, "label": t.finding.label, "title": t.finding.title}
        for t in tasks
    ]
    (report,) = PublicReport.objects.bulk_create(
        [
            PublicReport(
                campaign=campaign,
                number=number,
                title="关于巡视整改进展情况的通报",
                findings_heading="二、整改落实情况",
                issue_date=datetime.date(2018, 11, 27),
                content=content,
                status="published",
            )
        ]
    )
    return PublicReport.objects.get(pk=report.pk)


def make_feedback(campaign, message="大厦消防通道仍被占用", **kwargs):
    kwargs.setdefault("channel", Channel.WEB)
    return Feedback.objects.create(campaign=campaign, message=message, **kwargs)


@pytest.fixture
def world(db):
    unit = make_unit("区住房建设局")
    other = make_unit("区教育局")
    campaign = Campaign.objects.create(name="荔湾区巡视整改", organisation="荔湾区委")
    t1 = make_task(campaign, "(1)", "针对新中国大厦历史遗留问题推进不力的问题", unit, 0)
    t2 = make_task(campaign, "(2)", "针对科技创新动力不足的问题", other, 1)
    report = publish_report(campaign, [t1, t2])
    return SimpleNamespace(
        campaign=campaign,
        unit=unit,
        other=other,
        t1=t1,
        t2=t2,
        report=report,
        office=make_user("office", Role.OFFICE, display_name="整改办"),
        leader=make_user("leader", Role.LEADER),
        discipline=make_user("discipline", Role.DISCIPLINE),
        observer=make_user("observer", Role.OBSERVER),
        liaison=make_user("ll-unit", Role.LIAISON, unit),
        member=make_user("member-unit", Role.MEMBER, unit),
        other_liaison=make_user("ll-other", Role.LIAISON, other),
    )
