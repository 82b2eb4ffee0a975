"""Each user chooses, per kind, immediate, a daily digest or nothing outside the app; the
inbox always has the message. Kinds the office made mandatory, and kinds nobody has a
setting for, are immediate. The digest goes out once a day from the digest hour."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import make_unit, make_user
from zhenggai.accounts.models import Role
from zhenggai.audit.models import AuditEntry
from zhenggai.inbox.delivery import deliver_outbox, deliver_webhooks, notify, send_digests
from zhenggai.inbox.models import (
    Channel,
    Delivery,
    Digest,
    Level,
    MandatoryKind,
    Notification,
    Outbox,
    Preference,
    WebhookDelivery,
)
from zhenggai.inbox.preferences import delivery_for
from zhenggai.rhythm.planner import run_once

DAY = datetime.date(2030, 8, 22)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day, hour, minute=0):
    return datetime.datetime(2030, 8, day, hour, minute, tzinfo=SHANGHAI)


def tell(users, kind="task", obj=1, title=None):
    return notify(
        users, kind, obj, DAY, Level.RED, title or f"【红灯】{kind} {obj}", "正文", f"/x/{obj}/"
    )


@pytest.fixture
def unit_world(db, robot, hook_settings):
    gafj = make_unit("区公安分局")
    alice = make_user("alice", Role.LIAISON, gafj, email="alice@example.org")
    bob = make_user("bob", Role.MEMBER, gafj, email="bob@example.org")
    Channel.objects.create(name="公安群", unit=gafj, kind="generic", url=robot.url + "/gafj")
    return alice, bob


def prefer(user, kind, delivery):
    Preference.objects.create(user=user, kind=kind, delivery=delivery)


def test_off_keeps_the_inbox_but_sends_no_mail_and_no_channel_message(unit_world, robot):
    alice, _bob = unit_world
    prefer(alice, "task", Delivery.OFF)
    assert len(tell([alice])) == 1
    note = Notification.objects.get()
    assert (note.user, note.delivery) == (alice, Delivery.OFF)
    assert not Outbox.objects.exists()
    assert not WebhookDelivery.objects.exists()
    assert deliver_webhooks()["sent"] == 0 and robot.received == []
    # Another kind is still immediate.
    tell([alice], kind="notice")
    assert Outbox.objects.count() == 1 and WebhookDelivery.objects.count() == 1


def test_the_group_hears_when_one_of_its_people_takes_the_kind_immediately(unit_world):
    alice, bob = unit_world
    prefer(alice, "task", Delivery.OFF)
    prefer(bob, "task", Delivery.DIGEST)
    tell([alice, bob])
    assert not WebhookDelivery.objects.exists()
    carol = make_user("carol", Role.MEMBER, alice.unit, email="carol@example.org")
    tell([alice, bob, carol], obj=2)
    assert WebhookDelivery.objects.count() == 1
    assert list(Outbox.objects.values_list("to", flat=True)) == ["carol@example.org"]


def test_digest_waits_for_the_hour_then_one_mail_once(unit_world, settings):
    settings.DIGEST_HOUR = 8
    alice, bob = unit_world
    prefer(alice, "task", Delivery.DIGEST)
    tell([alice], obj=1, title="【红灯】事项一逾期")
    tell([alice], obj=2, title="【红灯】事项二逾期")
    tell([alice], kind="notice", obj=3, title="【督办】请回复")  # immediate
    assert list(Outbox.objects.values_list("subject", flat=True)) == ["[整改] 【督办】请回复"]
    assert set(Notification.objects.filter(user=alice).values_list("delivery", flat=True)) == {
        Delivery.DIGEST,
        Delivery.IMMEDIATE,
    }

    assert send_digests(at(23, 7, 59)) == 0
    assert send_digests(at(23, 8, 0)) == 1
    assert send_digests(at(23, 8, 1)) == 0  # once a day
    assert send_digests(at(23, 22, 0)) == 0

    digest = Digest.objects.get()
    assert (digest.user, digest.day) == (alice, datetime.date(2030, 8, 23))
    assert digest.mail.to == "alice@example.org"
    assert digest.mail.subject == "[整改] 每日消息汇总(2030-08-23,共 2 条)"
    assert "【红灯】事项一逾期" in digest.mail.body and "【红灯】事项二逾期" in digest.mail.body
    assert "https://zg.example.gov.cn/x/1/" in digest.mail.body
    assert "【督办】" not in digest.mail.body
    assert set(digest.notifications.values_list("object_id", flat=True)) == {1, 2}

    # The outbox sends it like any mail.
    assert deliver_outbox()["sent"] == 2
    assert sorted(m.subject for m in mail.outbox) == [
        "[整改] 【督办】请回复",
        "[整改] 每日消息汇总(2030-08-23,共 2 条)",
    ]

    # A message held back after today's digest goes in tomorrow's, and only there.
    tell([alice], obj=4, title="【红灯】事项四逾期")
    assert send_digests(at(23, 23, 0)) == 0
    assert send_digests(at(24, 8, 0)) == 1
    tomorrow = Digest.objects.get(day=datetime.date(2030, 8, 24))
    assert "事项四" in tomorrow.mail.body and "事项一" not in tomorrow.mail.body
    # Nothing held back: no digest at all.
    assert send_digests(at(25, 8, 0)) == 0
    assert Digest.objects.count() == 2


def test_the_worker_round_makes_the_digest(unit_world, settings):
    settings.DIGEST_HOUR = 0
    alice, _bob = unit_world
    prefer(alice, "task", Delivery.DIGEST)
    tell([alice])
    assert run_once()["digests"] == 1
    assert run_once()["digests"] == 0
    [digest] = mail.outbox
    assert digest.subject.startswith("[整改] 每日消息汇总(")


def test_no_digest_for_someone_without_an_address(db, settings):
    settings.DIGEST_HOUR = 0
    nomail = make_user("nomail", Role.OFFICE)
    prefer(nomail, "task", Delivery.DIGEST)
    tell([nomail])
    assert send_digests() == 0 and not Digest.objects.exists()
    assert Notification.objects.filter(user=nomail).count() == 1


def test_mandatory_kinds_are_immediate_whatever_was_chosen(unit_world):
    alice, _bob = unit_world
    prefer(alice, "task", Delivery.OFF)
    MandatoryKind.objects.create(kind="task")
    tell([alice])
    assert Notification.objects.get().delivery == Delivery.IMMEDIATE
    assert Outbox.objects.count() == 1 and WebhookDelivery.objects.count() == 1
    assert delivery_for(alice, "task") == Delivery.IMMEDIATE


def test_an_unknown_kind_is_immediate(unit_world):
    alice, _bob = unit_world
    assert delivery_for(alice, "a_new_step") == Delivery.IMMEDIATE
    tell([alice], kind="a_new_step")
    assert Outbox.objects.count() == 1 and WebhookDelivery.objects.count() == 1


def test_the_preferences_page_saves_choices_and_audits_them(db, client):
    alice = make_user("alice", Role.LIAISON, make_unit(), email="alice@example.org")
    MandatoryKind.objects.create(kind="closure")
    client.force_login(alice)
    page = client.get(reverse("inbox:preferences")).content.decode()
    assert "整改事项提醒" in page and "每日汇总" in page
    assert "必达(即时推送)" in page and 'name="closure"' not in page

    response = client.post(
        reverse("inbox:preferences"),
        {"task": "digest", "notice": "off", "due_report": "immediate", "closure": "off"},
    )
    assert response.status_code == 302
    assert dict(Preference.objects.filter(user=alice).values_list("kind", "delivery")) == {
        "task": "digest",
        "notice": "off",
    }
    entry = AuditEntry.objects.get(action="message_preferences")
    assert entry.actor == alice and entry.object_id == alice.pk
    assert entry.before == {"task": "immediate", "notice": "immediate"}
    assert entry.after == {"task": "digest", "notice": "off"}
    assert delivery_for(alice, "closure") == Delivery.IMMEDIATE
    page = client.get(reverse("inbox:preferences")).content.decode()
    assert '<option value="digest" selected>' in page

    # Saving the same again changes and records nothing.
    client.post(reverse("inbox:preferences"), {"task": "digest", "notice": "off"})
    assert AuditEntry.objects.filter(action="message_preferences").count() == 1


def test_the_preferences_page_refuses_bad_input_and_strangers(db, client):
    alice = make_user("alice", Role.LIAISON, make_unit())
    assert client.get(reverse("inbox:preferences")).status_code == 302
    client.force_login(alice)
    response = client.post(reverse("inbox:preferences"), {"task": "loudly"})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not Preference.objects.exists() and not AuditEntry.objects.exists()
    page = client.get(reverse("inbox:preferences")).content.decode()
    assert "没有登记邮箱" in page


def test_notify_costs_the_same_queries_for_many_recipients(
    db, hook_settings, django_assert_max_num_queries
):
    gafj = make_unit("区公安分局")
    people = [make_user(f"u{i}", Role.MEMBER, gafj, email=f"u{i}@example.org") for i in range(3)]
    Channel.objects.create(name="群", unit=gafj, kind="generic", url="https://h.example.com/")
    # seen + preferences (2) + channels, then per user: savepoint, get_or_create
    # (select, insert), mail, channel rows, release.
    with django_assert_max_num_queries(4 + 3 * 8):
        tell(people)
    assert WebhookDelivery.objects.count() == 1
    # Nothing new to say: one query.
    with django_assert_max_num_queries(1):
        tell(people)
