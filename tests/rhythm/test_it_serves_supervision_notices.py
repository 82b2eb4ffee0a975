"""督办单: the office issues, the unit replies; who may see and do what; an unanswered
notice escalates like an item."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.rhythm.conftest import at
from zhenggai.audit.models import AuditEntry
from zhenggai.inbox.models import Notification
from zhenggai.rhythm.models import SupervisionNotice
from zhenggai.rhythm.planner import plan_reminders

D = datetime.date


REPLY_DUE = D(2018, 8, 20)


def issue(world, unit=None, reply_due=REPLY_DUE):
    unit = unit or world.a
    task = world.task_a if unit == world.a else world.task_b
    return SupervisionNotice.issue(
        world.office, unit, "请于限期内报送整改进展。", reply_due, task=task
    )


def test_the_office_issues_a_notice_from_the_page(world, client):
    client.force_login(world.office)
    assert client.get(reverse("rhythm:notice_new")).status_code == 200
    response = client.post(
        reverse("rhythm:notice_new"),
        {
            "unit": world.a.pk,
            "task": world.task_a.pk,
            "text": "请说明进展",
            "reply_due": "2018-08-20",
        },
    )
    notice = SupervisionNotice.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "rhythm:notice", args=[notice.pk]
    )
    assert AuditEntry.objects.filter(action="notice_issue", object_id=notice.pk).exists()
    # The unit's liaison and responsible leader are told at once.
    told = set(
        Notification.objects.filter(subject_kind="notice").values_list("user__username", flat=True)
    )
    assert told == {"liaison_a", "leader_a"}


def test_a_notice_about_an_item_the_unit_has_nothing_to_do_with_is_refused(world, client):
    client.force_login(world.office)
    response = client.post(
        reverse("rhythm:notice_new"),
        {
            "unit": world.other.pk,
            "task": world.task_a.pk,
            "text": "请说明",
            "reply_due": "2018-08-20",
        },
    )
    assert response.status_code == 200
    assert "该事项不由所选单位牵头或参与。" in response.content.decode()
    assert not SupervisionNotice.objects.exists()


@pytest.mark.parametrize("who", ["liaison_a", "member_a", "liaison_b", "observer"])
def test_only_the_office_issues(world, client, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("rhythm:notice_new")).status_code == 403
    response = client.post(
        reverse("rhythm:notice_new"),
        {"unit": world.a.pk, "text": "x", "reply_due": "2018-08-20"},
    )
    assert response.status_code == 403
    assert not SupervisionNotice.objects.exists()


def test_the_unit_replies_and_the_office_hears(world, client):
    notice = issue(world)
    client.force_login(world.member_a)
    page = client.get(reverse("rhythm:notice", args=[notice.pk]))
    assert "提交回复" in page.content.decode()
    response = client.post(reverse("rhythm:notice", args=[notice.pk]), {"reply": "已完成拆除。"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.reply == "已完成拆除。" and notice.replied_by == world.member_a
    assert Notification.objects.filter(subject_kind="notice_reply", user=world.office).exists()
    # Answered once: a second reply is refused.
    response = client.post(reverse("rhythm:notice", args=[notice.pk]), {"reply": "再说一遍"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("who", "status"),
    [("office", 403), ("observer", 403), ("liaison_b", 404), ("liaison_o", 404)],
)
def test_others_cannot_reply(world, client, who, status):
    notice = issue(world)
    user = world.liaison_other if who == "liaison_o" else getattr(world, who)
    client.force_login(user)
    response = client.post(reverse("rhythm:notice", args=[notice.pk]), {"reply": "代为回复"})
    assert response.status_code == status
    notice.refresh_from_db()
    assert notice.replied_at is None


def test_who_sees_which_notices(world, client):
    mine = issue(world)
    theirs = issue(world, unit=world.b, reply_due=D(2018, 8, 21))
    client.force_login(world.liaison_b)
    body = client.get(reverse("rhythm:notices")).content.decode()
    assert f"#{theirs.pk}<" in body and f"#{mine.pk}<" not in body
    assert client.get(reverse("rhythm:notice", args=[mine.pk])).status_code == 404
    client.force_login(world.observer)
    body = client.get(reverse("rhythm:notices")).content.decode()
    assert f"#{theirs.pk}<" in body and f"#{mine.pk}<" in body
    client.logout()
    assert client.get(reverse("rhythm:notices")).status_code == 302


def test_an_unanswered_notice_escalates(world):
    with time_machine.travel(at(D(2018, 8, 10), 9), tick=False):
        notice = issue(world)
    for day in (D(2018, 8, 17), D(2018, 8, 18), D(2018, 8, 20), D(2018, 8, 21), D(2018, 8, 22)):
        with time_machine.travel(at(day, 9), tick=False):
            plan_reminders()
    told = {
        (n.user.username, n.level)
        for n in Notification.objects.filter(
            subject_kind="notice", object_id=notice.pk
        ).select_related("user")
    }
    assert told == {
        ("liaison_a", "info"),
        ("leader_a", "info"),
        ("liaison_a", "yellow"),
        ("leader_a", "yellow"),
        ("liaison_a", "red"),
        ("leader_a", "red"),
        ("head_a", "red"),
        ("office", "red"),
    }


def test_the_notice_list_takes_a_fixed_number_of_queries(world, client):
    client.force_login(world.office)
    issue(world)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("rhythm:notices"))
    for _ in range(15):
        issue(world)
        issue(world, unit=world.b)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("rhythm:notices"))
    assert response.status_code == 200
    assert len(many) == len(few)


def test_the_overview_takes_a_fixed_number_of_queries(world, client):
    from zhenggai.rhythm.models import Kind, Schedule
    from zhenggai.rhythm.planner import ensure_due_reports

    Schedule.objects.create(
        campaign=world.campaign, kind=Kind.WEEKLY, weekday=4, starts_on=D(2018, 7, 30)
    )
    client.force_login(world.office)
    ensure_due_reports(at(D(2018, 7, 31), 9))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("rhythm:overview"))
    ensure_due_reports(at(D(2018, 9, 30), 9))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("rhythm:overview"))
    assert response.status_code == 200
    assert len(many) == len(few)
    client.force_login(world.liaison_a)
    assert client.get(reverse("rhythm:overview")).status_code == 403
