"""A robot that fails (HTTP 500, a non-zero errcode, no answer in time) makes its message
wait with backoff; when it recovers each message is taken exactly once; after the last
attempt the message is marked failed, shown to the office and can be sent again. Two
workers at once never post the same message twice."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user
from zhenggai.accounts.models import Role
from zhenggai.audit.models import AuditEntry
from zhenggai.inbox.delivery import backoff, deliver_webhooks, notify
from zhenggai.inbox.models import Channel, Level, WebhookDelivery

DAY = datetime.date(2030, 8, 22)
NOTHING = {"sent": 0, "failed": 0, "deferred": 0, "throttled": 0}


def tell(users, obj=1):
    notify(users, "task", obj, DAY, Level.RED, f"【红灯】事项{obj}逾期", "请尽快推进。")


def dingtalk(robot, **kw):
    return Channel.objects.create(
        name="区整改办钉钉群",
        kind="dingtalk",
        url=robot.url + "/robot/send?access_token=t",
        secret="SECsecret",
        **kw,
    )


def test_it_backs_off_through_500_and_errcode_then_sends_once(db, robot, hook_settings):
    office = make_user("office", Role.OFFICE)
    dingtalk(robot)
    tell([office])
    robot.script = ["500", "500", "errcode"]
    t0 = timezone.now()

    assert deliver_webhooks(t0) == {**NOTHING, "deferred": 1}
    d = WebhookDelivery.objects.get()
    assert (d.status, d.attempts) == ("pending", 1)
    assert d.next_try_at == t0 + datetime.timedelta(seconds=60)
    assert d.last_error.startswith("HTTP 500")
    # Not yet due: not tried.
    assert deliver_webhooks(t0 + datetime.timedelta(seconds=30)) == NOTHING
    assert len(robot.received) == 1

    t1 = t0 + datetime.timedelta(seconds=61)
    assert deliver_webhooks(t1)["deferred"] == 1
    d.refresh_from_db()
    assert d.attempts == 2 and d.next_try_at == t1 + datetime.timedelta(seconds=120)

    # HTTP 200 with a robot's refusal is a failure too.
    t2 = t1 + datetime.timedelta(seconds=121)
    assert deliver_webhooks(t2)["deferred"] == 1
    d.refresh_from_db()
    assert d.attempts == 3 and d.next_try_at == t2 + datetime.timedelta(seconds=240)
    assert "errcode 310000" in d.last_error and "sign not match" in d.last_error

    # The robot recovers: sent, once.
    t3 = t2 + datetime.timedelta(seconds=241)
    assert deliver_webhooks(t3) == {**NOTHING, "sent": 1}
    assert deliver_webhooks(t3 + datetime.timedelta(hours=1)) == NOTHING
    d.refresh_from_db()
    assert (d.status, d.attempts, d.last_error) == ("sent", 4, "")
    assert [r.answer for r in robot.received] == ["500", "500", "errcode", "ok"]
    assert len(robot.delivered) == 1


def test_the_backoff_doubles_up_to_its_ceiling(settings):
    settings.MAIL_RETRY_BASE_SECONDS = 60
    settings.MAIL_RETRY_MAX_SECONDS = 6 * 3600
    assert [backoff(n).total_seconds() for n in range(1, 11)] == [
        60,
        120,
        240,
        480,
        960,
        1920,
        3840,
        7680,
        15360,
        21600,
    ]


def test_no_answer_in_time_is_a_failed_attempt(db, robot, hook_settings):
    office = make_user("office", Role.OFFICE)
    dingtalk(robot)
    tell([office])
    robot.script = ["slow"]
    now = timezone.now()
    assert deliver_webhooks(now)["deferred"] == 1
    d = WebhookDelivery.objects.get()
    assert d.attempts == 1 and "timed out" in d.last_error.lower()
    assert deliver_webhooks(now + datetime.timedelta(minutes=2))["sent"] == 1


def test_it_gives_up_after_the_last_attempt_and_the_office_sees_it(
    db, client, robot, hook_settings
):
    hook_settings.WEBHOOK_MAX_ATTEMPTS = 3
    office = make_user("office", Role.OFFICE)
    dingtalk(robot)
    tell([office])
    robot.default = "500"
    now = timezone.now()
    results = [deliver_webhooks(now + datetime.timedelta(hours=h)) for h in range(3)]
    assert [r["deferred"] for r in results] == [1, 1, 0]
    assert results[-1]["failed"] == 1
    d = WebhookDelivery.objects.get()
    assert (d.status, d.attempts) == ("failed", 3)
    assert deliver_webhooks(now + datetime.timedelta(days=1)) == NOTHING
    assert len(robot.received) == 3

    client.force_login(office)
    page = client.get(reverse("inbox:channels")).content.decode()
    assert "【红灯】事项1逾期" in page and "发送失败" in page and "HTTP 500" in page
    retry = reverse("inbox:delivery_retry", args=[d.pk])
    assert retry in page

    # Sent again from the office's page: a fresh start, and the robot is back.
    robot.default = "ok"
    assert client.post(retry).status_code == 302
    d.refresh_from_db()
    assert (d.status, d.attempts) == ("pending", 0)
    assert AuditEntry.objects.filter(action="channel_message_retry", actor=office).count() == 1
    assert deliver_webhooks()["sent"] == 1
    # A second retry of a message that is no longer failed changes nothing.
    client.post(retry)
    d.refresh_from_db()
    assert d.status == "sent"
    assert AuditEntry.objects.filter(action="channel_message_retry").count() == 1
    assert len(robot.delivered) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_post_each_message_once(robot, hook_settings):
    """Worker A is in the middle of posting (the robot holds its request) when worker B
    runs a whole round: B skips what A claimed and takes the rest; A then skips what B
    sent."""
    office = make_user("office", Role.OFFICE)
    dingtalk(robot)
    tell([office], obj=1)
    tell([office], obj=2)
    robot.hold_first = True
    now = timezone.now()
    results = {}

    def worker_a():
        try:
            results["a"] = deliver_webhooks(now)
        finally:
            connection.close()

    a = threading.Thread(target=worker_a)
    a.start()
    assert robot.arrived.wait(10)
    results["b"] = deliver_webhooks(now)
    robot.release.set()
    a.join(20)
    assert not a.is_alive()

    assert results["a"]["sent"] + results["b"]["sent"] == 2
    assert results["a"]["sent"] == 1 and results["b"]["sent"] == 1
    titles = sorted(r.json["markdown"]["title"] for r in robot.received)
    assert titles == ["【红灯】事项1逾期", "【红灯】事项2逾期"]
    assert set(WebhookDelivery.objects.values_list("status", "attempts")) == {("sent", 1)}
    # Later rounds find nothing to do.
    assert deliver_webhooks(now + datetime.timedelta(hours=1)) == NOTHING
    assert len(robot.received) == 2
