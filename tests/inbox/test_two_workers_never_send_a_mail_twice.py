"""Two workers share the outbox: a mail claimed by one is not the other's, however long
the first one's round has been running (the lease counts from the claim)."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from tests.conftest import make_user
from zhenggai.accounts.models import Role
from zhenggai.inbox.delivery import deliver_outbox, deliver_webhooks
from zhenggai.inbox.models import Channel, Outbox, WebhookDelivery
from zhenggai.lib import clock


@pytest.fixture
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


@pytest.mark.django_db
def test_a_mail_claimed_late_in_a_long_round_is_not_sent_by_the_other_worker(locmem, monkeypatch):
    make_user("alice", Role.LIAISON, email="alice@example.org")
    # Worker A's round began twenty minutes ago (planning took that long) and reaches the
    # mail, queued before it began, only now; while A talks to the SMTP server, worker B
    # starts a round.
    started = clock.now() - datetime.timedelta(minutes=20)
    Outbox.objects.create(
        to="alice@example.org",
        subject="逾期提醒",
        body="请尽快推进。",
        next_try_at=started - datetime.timedelta(minutes=1),
    )
    send = EmailBackend.send_messages
    second = []

    def send_while_b_runs(self, messages):
        if not second:
            second.append(deliver_outbox())
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_while_b_runs)
    first = deliver_outbox(now=started)
    assert first["sent"] == 1
    assert second == [{"sent": 0, "failed": 0, "deferred": 0}]
    assert len(mail.outbox) == 1
    assert Outbox.objects.get().status == Outbox.Status.SENT


@pytest.mark.django_db
def test_a_channel_message_claimed_late_in_a_long_round_is_posted_once(monkeypatch):
    from zhenggai.inbox import channels

    channel = Channel.objects.create(
        name="整改群", kind="generic", url="http://127.0.0.1:9/hook", is_active=True
    )
    started = clock.now() - datetime.timedelta(minutes=20)
    WebhookDelivery.objects.create(
        channel=channel,
        subject_kind="task",
        object_id=1,
        period=clock.today(),
        level="red",
        title="逾期",
        next_try_at=started - datetime.timedelta(minutes=1),
    )
    posted, second = [], []

    def post(delivery):
        if not second:
            second.append(deliver_webhooks())
        posted.append(delivery.pk)

    monkeypatch.setattr(channels, "send", post)
    assert deliver_webhooks(now=started)["sent"] == 1
    assert second[0]["sent"] == 0 and len(posted) == 1
