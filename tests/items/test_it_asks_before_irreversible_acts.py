"""印发, 发布, 审批销号, 退回 and 撤销令牌 cannot be undone: the first POST changes nothing and
shows what will happen; only the second, with confirm=1, acts (zhenggai/lib/confirm.py)."""

import datetime

from django.urls import reverse

from tests.world import login
from zhenggai.api.models import ApiToken
from zhenggai.audit.models import AuditEntry
from zhenggai.tasks.models import Status


def _move(task, name):
    return reverse("task_move", args=[task.pk, name])


def test_it_confirms_sign_off_before_signing_off(client, world):
    task = world.t1
    task.status = Status.OFFICE_ACCEPTED
    task.save()
    login(client, world.leader)
    first = client.post(_move(task, "approve"), {"version": task.version, "text": "同意销号"})
    assert first.status_code == 200
    body = first.content.decode()
    assert "确认审批销号" in body and "销号不能撤回" in body
    assert 'name="confirm" value="1"' in body
    assert 'name="text" value="同意销号"' in body  # what was typed goes with the second POST
    assert f'href="{reverse("task", args=[task.pk])}"' in body  # the way back
    task.refresh_from_db()
    assert task.status == Status.OFFICE_ACCEPTED
    assert not AuditEntry.objects.filter(action="approve").exists()

    second = client.post(
        _move(task, "approve"), {"version": task.version, "text": "同意销号", "confirm": "1"}
    )
    assert second.status_code == 302
    task.refresh_from_db()
    assert task.status == Status.COMPLETED


def test_it_confirms_a_return_but_asks_for_the_reason_first(client, world):
    task = world.t1
    task.status = Status.CLOSURE_REQUESTED
    task.save()
    login(client, world.office)
    blank = client.post(_move(task, "office_return"), {"version": task.version, "text": " "})
    assert blank.status_code == 422  # no confirmation for a move that cannot be made
    first = client.post(_move(task, "office_return"), {"version": task.version, "text": "补材料"})
    assert first.status_code == 200 and "确认退回" in first.content.decode()
    task.refresh_from_db()
    assert task.status == Status.CLOSURE_REQUESTED


def test_it_asks_no_confirmation_of_who_may_not_move(client, world):
    task = world.t1
    task.status = Status.OFFICE_ACCEPTED
    task.save()
    response = login(client, world.lead_liaison).post(
        _move(task, "approve"), {"version": task.version}
    )
    assert response.status_code == 403
    assert "确认" not in response.content.decode().split("<main>")[1]


def test_it_confirms_revoking_a_token(client, world):
    token, _key = ApiToken.issue(world.office, "旧脚本")
    login(client, world.office)
    url = reverse("api_token_revoke", args=[token.pk])
    first = client.post(url)
    assert first.status_code == 200 and "确认撤销令牌" in first.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.post(url, {"confirm": "1"}).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_it_confirms_issuing_a_briefing(client, world):
    from zhenggai.briefings.models import Briefing

    briefing = Briefing.create_draft(
        world.campaign,
        Briefing.Kind.WEEKLY,
        datetime.date(2018, 11, 12),
        datetime.date(2018, 11, 18),
        world.office,
    )
    login(client, world.office)
    url = reverse("briefings:issue", args=[briefing.pk])
    first = client.post(url)
    assert first.status_code == 200
    assert "确认印发" in first.content.decode() and "不能再修改" in first.content.decode()
    briefing.refresh_from_db()
    assert not briefing.is_issued
    assert client.post(url, {"confirm": "1"}).status_code == 302
    briefing.refresh_from_db()
    assert briefing.is_issued


def test_it_confirms_publishing_a_report(client, world):
    from zhenggai.publication.models import PublicReport

    login(client, world.office)
    client.post(reverse("publication:new"), {"campaign": world.campaign.pk})
    report = PublicReport.objects.get()
    url = reverse("publication:publish", args=[report.pk])
    first = client.post(url)
    assert first.status_code == 200
    assert "确认发布" in first.content.decode() and "无需登录" in first.content.decode()
    report.refresh_from_db()
    assert not report.is_published
    assert client.post(url, {"confirm": "1"}).status_code == 302
    report.refresh_from_db()
    assert report.is_published
