"""Channel messages go out over real HTTP to a local robot, in each robot's own format:
one message per event and channel however many of the unit's people are told, to the
unit of the people told (the district's channel for people of no unit)."""

import base64
import datetime
import hashlib
import hmac
import time

from django.utils import timezone

from tests.conftest import make_unit, make_user
from tests.inbox.conftest import free_port
from zhenggai.accounts.models import Role
from zhenggai.inbox.delivery import deliver_webhooks, notify
from zhenggai.inbox.models import Channel, Level, Notification, WebhookDelivery
from zhenggai.rhythm.planner import run_once

DAY = datetime.date(2030, 8, 22)


def tell(users, obj=1, level=Level.RED, kind="task", title="【红灯】整改事项逾期:消防安全"):
    return notify(users, kind, obj, DAY, level, title, "牵头单位:区公安分局", "/tasks/1/")


def channel(kind, url, unit=None, secret="", name=None, **kw):
    return Channel.objects.create(
        name=name or f"{kind}-{unit or '全区'}", unit=unit, kind=kind, url=url, secret=secret, **kw
    )


def test_wecom_gets_markdown_once_per_event_for_its_unit(db, robot, hook_settings):
    gafj = make_unit("区公安分局")
    other = make_unit("区教育局")
    liaison = make_user("ll-gafj", Role.LIAISON, gafj)
    member = make_user("m-gafj", Role.MEMBER, gafj)
    outsider = make_user("ll-jy", Role.LIAISON, other)
    wecom = channel("wecom", robot.url + "/cgi-bin/webhook/send?key=abc-123", gafj)
    channel("generic", robot.url + "/other", other)

    tell([liaison, member])
    tell([liaison, member])  # told again: nothing new
    assert Notification.objects.count() == 2
    assert WebhookDelivery.objects.count() == 1

    assert deliver_webhooks() == {"sent": 1, "failed": 0, "deferred": 0, "throttled": 0}
    assert deliver_webhooks()["sent"] == 0
    [got] = robot.received
    assert got.path == "/cgi-bin/webhook/send" and got.query == {"key": ["abc-123"]}
    assert got.headers["Content-Type"].startswith("application/json")
    assert set(got.json) == {"msgtype", "markdown"}
    assert got.json["msgtype"] == "markdown"
    content = got.json["markdown"]["content"]
    assert content.startswith("**【红灯】整改事项逾期:消防安全**")
    assert "区公安分局" in content and "牵头单位" in content
    assert "[在系统中查看](https://zg.example.gov.cn/tasks/1/)" in content
    assert content.endswith('<font color="comment">整改工作管理系统</font>')
    sent = WebhookDelivery.objects.get()
    assert (sent.channel, sent.status, sent.attempts) == (wecom, "sent", 1)
    assert sent.sent_at is not None and sent.last_error == ""
    # The other unit's channel hears nothing of it; its own people's messages reach it.
    tell([outsider], obj=2)
    assert deliver_webhooks()["sent"] == 1
    assert robot.received[-1].path == "/other"


def test_wecom_markdown_is_cut_to_what_wecom_takes(db, robot, hook_settings):
    gafj = make_unit("区公安分局")
    liaison = make_user("ll-gafj", Role.LIAISON, gafj)
    channel("wecom", robot.url + "/send?key=k", gafj)
    notify([liaison], "task", 1, DAY, Level.RED, "标题", "很长的进展。" * 2000)
    deliver_webhooks()
    content = robot.delivered[0].json["markdown"]["content"]
    assert len(content.encode("utf-8")) <= 4096 and content.endswith("…")


def test_dingtalk_is_signed_and_the_signature_verifies(db, robot, hook_settings):
    office = make_user("office", Role.OFFICE)
    secret = "SEC0123456789abcdef0123456789abcdef"
    channel("dingtalk", robot.url + "/robot/send?access_token=tok42", None, secret=secret)

    before = int(time.time() * 1000)
    tell([office], kind="notice", level=Level.YELLOW, title="【黄灯】督办单即将到期")
    assert deliver_webhooks()["sent"] == 1
    after = int(time.time() * 1000)

    [got] = robot.received
    assert got.path == "/robot/send"
    assert got.query["access_token"] == ["tok42"]
    [timestamp] = got.query["timestamp"]
    assert before <= int(timestamp) <= after
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert got.query["sign"] == [expected]
    assert got.json["msgtype"] == "markdown"
    assert got.json["markdown"]["title"] == "【黄灯】督办单即将到期"
    assert got.json["markdown"]["text"].startswith("**【黄灯】督办单即将到期**")
    # Every message carries the system's name, for robots secured by keyword.
    assert got.json["markdown"]["text"].endswith("—— 整改工作管理系统")


def test_dingtalk_without_secret_sends_the_url_as_entered(db, robot, hook_settings):
    office = make_user("office", Role.OFFICE)
    channel("dingtalk", robot.url + "/robot/send?access_token=tok42", None)
    tell([office])
    deliver_webhooks()
    assert robot.received[0].query == {"access_token": ["tok42"]}


def test_generic_webhook_gets_the_documented_payload_and_a_verifiable_signature(
    db, robot, hook_settings
):
    gafj = make_unit("区公安分局")
    liaison = make_user("ll-gafj", Role.LIAISON, gafj)
    hook = channel("generic", robot.url + "/hooks/zhenggai", gafj, secret="shared-secret")
    tell([liaison], obj=7)
    deliver_webhooks()
    [got] = robot.received
    delivery = WebhookDelivery.objects.get()
    signature = "sha256=" + hmac.new(b"shared-secret", got.raw, hashlib.sha256).hexdigest()
    assert got.headers["X-Zhenggai-Signature"] == signature
    assert got.headers["X-Zhenggai-Delivery"] == str(delivery.pk)
    body = got.json
    assert body["id"] == delivery.pk
    assert body["kind"] == "task" and body["object_id"] == 7
    assert body["period"] == "2030-08-22"
    assert body["level"] == "red" and body["level_label"] == "红灯"
    assert body["title"] == "【红灯】整改事项逾期:消防安全"
    assert body["body"] == "牵头单位:区公安分局"
    assert body["url"] == "https://zg.example.gov.cn/tasks/1/"
    assert body["unit"] == {"id": gafj.pk, "name": "区公安分局"}
    assert body["created_at"] and body["sent_at"]
    assert hook.deliveries.get().status == "sent"


def test_generic_webhook_without_secret_is_not_signed(db, robot, hook_settings):
    office = make_user("office", Role.OFFICE)
    channel("generic", robot.url + "/h", None)
    tell([office])
    deliver_webhooks()
    assert "X-Zhenggai-Signature" not in robot.received[0].headers
    assert robot.received[0].json["unit"] is None


def test_the_district_channel_hears_of_people_of_no_unit(db, robot, hook_settings):
    gafj = make_unit("区公安分局")
    liaison = make_user("ll-gafj", Role.LIAISON, gafj)
    office = make_user("office", Role.OFFICE)
    office2 = make_user("office2", Role.OFFICE)
    district = channel("generic", robot.url + "/district", None)
    unit = channel("generic", robot.url + "/unit", gafj)

    tell([liaison, office, office2])
    assert set(WebhookDelivery.objects.values_list("channel_id", flat=True)) == {
        district.pk,
        unit.pk,
    }
    assert WebhookDelivery.objects.count() == 2
    deliver_webhooks()
    assert sorted(r.path for r in robot.received) == ["/district", "/unit"]
    # A new level is a new event: the groups hear it again.
    tell([liaison, office], level=Level.YELLOW)
    assert WebhookDelivery.objects.count() == 4


def test_a_switched_off_channel_gets_nothing_until_switched_on(db, robot, hook_settings):
    office = make_user("office", Role.OFFICE)
    hook = channel("generic", robot.url + "/h", None, is_active=False)
    tell([office])
    # Nothing is queued for a channel that is off when the message is made …
    assert WebhookDelivery.objects.count() == 0
    hook.is_active = True
    hook.save()
    tell([office], obj=2)
    hook.is_active = False
    hook.save()
    # … and what was queued waits while it is off.
    assert deliver_webhooks()["sent"] == 0
    hook.is_active = True
    hook.save()
    assert deliver_webhooks()["sent"] == 1
    assert len(robot.received) == 1


def test_a_channel_gets_no_more_than_its_rate(db, robot, hook_settings):
    hook_settings.WEBHOOK_PER_MINUTE = 2
    office = make_user("office", Role.OFFICE)
    channel("generic", robot.url + "/h", None)
    for obj in range(3):
        tell([office], obj=obj)
    now = timezone.now()
    assert deliver_webhooks(now) == {"sent": 2, "failed": 0, "deferred": 0, "throttled": 1}
    assert deliver_webhooks(now)["throttled"] == 1
    later = now + datetime.timedelta(seconds=61)
    assert deliver_webhooks(later) == {"sent": 1, "failed": 0, "deferred": 0, "throttled": 0}
    # Throttled is not a failed attempt.
    assert set(WebhookDelivery.objects.values_list("status", "attempts")) == {("sent", 1)}
    assert len(robot.received) == 3


def test_the_worker_round_posts_the_messages(db, robot, hook_settings):
    office = make_user("office", Role.OFFICE)
    channel("generic", robot.url + "/h", None)
    tell([office])
    result = run_once()
    assert result["channels"]["sent"] == 1
    assert run_once()["channels"]["sent"] == 0
    assert len(robot.received) == 1


def test_nothing_listening_is_a_failed_attempt(db, hook_settings):
    office = make_user("office", Role.OFFICE)
    channel("generic", f"http://127.0.0.1:{free_port()}/h", None)
    tell([office])
    now = timezone.now()
    assert deliver_webhooks(now)["deferred"] == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert "refused" in delivery.last_error.lower()
    assert delivery.next_try_at == now + datetime.timedelta(seconds=60)


def test_a_redirect_is_a_failure_and_is_not_followed(db, robot, hook_settings):
    office = make_user("office", Role.OFFICE)
    channel("generic", robot.url + "/h", None, secret="s")
    tell([office])
    robot.script = ["redirect"]
    assert deliver_webhooks()["deferred"] == 1
    assert [r.path for r in robot.received] == ["/h"]
    assert WebhookDelivery.objects.get().last_error.startswith("HTTP 302")
