"""Mail goes out over real SMTP: a local aiosmtpd server receives it and the test reads
it. With nothing listening, mails wait (attempts counted, next try pushed back) and are
delivered once when the server comes up."""

import datetime
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from tests.conftest import make_user
from tests.inbox.conftest import free_port
from zhenggai.accounts.models import Role
from zhenggai.inbox.delivery import deliver_outbox, notify
from zhenggai.inbox.models import Level, Notification, Outbox


class Collect:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 OK"


@pytest.fixture
def smtp_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 3
    settings.DEFAULT_FROM_EMAIL = "zhenggai@example.org"
    return settings


def serve(port):
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, handler


def tell(users, obj=1, level=Level.RED):
    return notify(
        users,
        "task",
        obj,
        datetime.date(2018, 8, 22),
        level,
        "【红灯】整改事项逾期",
        "请尽快推进。",
    )


def test_mail_arrives_over_smtp(db, smtp_settings):
    alice = make_user("alice", Role.LIAISON, email="alice@example.org")
    nobody = make_user("nomail", Role.LIAISON)
    controller, handler = serve(smtp_settings.EMAIL_PORT)
    try:
        tell([alice, nobody])
        assert Notification.objects.count() == 2  # both see it in the app
        assert Outbox.objects.count() == 1  # only the one with an address gets mail
        assert deliver_outbox() == {"sent": 1, "failed": 0, "deferred": 0}
        assert deliver_outbox()["sent"] == 0  # sent once
    finally:
        controller.stop()
    [(to, message)] = handler.messages
    assert to == ["alice@example.org"]
    assert message["Subject"] == "[整改] 【红灯】整改事项逾期"
    assert "请尽快推进" in message.get_content()
    mail = Outbox.objects.get()
    assert mail.status == Outbox.Status.SENT and mail.attempts == 1 and mail.sent_at


def test_server_down_then_up(db, smtp_settings):
    alice = make_user("alice", Role.LIAISON, email="alice@example.org")
    bob = make_user("bob", Role.LIAISON, email="bob@example.org")
    tell([alice, bob])
    t0 = timezone.now()

    # Nothing listens on the port: both wait, one attempt each, retried a minute later.
    assert deliver_outbox(t0) == {"sent": 0, "failed": 0, "deferred": 2}
    for mail in Outbox.objects.all():
        assert mail.status == Outbox.Status.PENDING
        assert mail.attempts == 1
        assert mail.next_try_at == t0 + datetime.timedelta(seconds=60)
        assert "Error" in mail.last_error or "refused" in mail.last_error.lower()
    # Not yet time to retry: nothing is tried.
    assert deliver_outbox(t0 + datetime.timedelta(seconds=30)) == {
        "sent": 0,
        "failed": 0,
        "deferred": 0,
    }
    # Still down a minute later: the backoff doubles.
    t1 = t0 + datetime.timedelta(seconds=61)
    deliver_outbox(t1)
    assert set(Outbox.objects.values_list("attempts", flat=True)) == {2}
    assert {m.next_try_at for m in Outbox.objects.all()} == {t1 + datetime.timedelta(seconds=120)}

    # The server comes up: each mail is delivered, once.
    controller, handler = serve(smtp_settings.EMAIL_PORT)
    try:
        t2 = t1 + datetime.timedelta(seconds=121)
        assert deliver_outbox(t2)["sent"] == 2
        assert deliver_outbox(t2 + datetime.timedelta(hours=1))["sent"] == 0
    finally:
        controller.stop()
    assert sorted(to[0] for to, _ in handler.messages) == ["alice@example.org", "bob@example.org"]
    assert set(Outbox.objects.values_list("status", "attempts")) == {("sent", 3)}


def test_gives_up_after_the_last_attempt_but_keeps_the_mail(db, smtp_settings):
    smtp_settings.MAIL_MAX_ATTEMPTS = 2
    tell([make_user("alice", Role.LIAISON, email="alice@example.org")])
    now = timezone.now()
    deliver_outbox(now)
    deliver_outbox(now + datetime.timedelta(hours=1))
    mail = Outbox.objects.get()
    assert (mail.status, mail.attempts) == (Outbox.Status.FAILED, 2)
    assert deliver_outbox(now + datetime.timedelta(days=1)) == {
        "sent": 0,
        "failed": 0,
        "deferred": 0,
    }


def test_notify_is_idempotent(db):
    alice = make_user("alice", Role.LIAISON, email="alice@example.org")
    assert len(tell([alice, alice])) == 1
    assert tell([alice]) == []
    assert len(tell([alice], level=Level.YELLOW)) == 1  # another level is another message
    assert Notification.objects.count() == 2 and Outbox.objects.count() == 2
