"""Telling people: `notify` (in-app, and by the user's preference a queued mail and a
message to each channel of the user's unit) and the worker's steps that send them:
`send_digests`, `deliver_outbox` (mail), `deliver_webhooks` (channels)."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai.inbox import channels as channel_kinds
from zhenggai.inbox.models import (
    Channel,
    Delivery,
    Digest,
    Level,
    Notification,
    Outbox,
    WebhookDelivery,
)
from zhenggai.inbox.preferences import deliveries_for
from zhenggai.lib import clock

log = logging.getLogger(__name__)


def notify(users, subject_kind, object_id, period, level, title, body="", url=""):
    """Tell each of `users` once: returns the notifications created now (an empty list
    when everyone had already been told).

    Each new notification follows its user's preference for `subject_kind`
    (zhenggai.inbox.preferences): immediately, one mail (if the user has an address) and
    one message to each active channel of the user's unit — the district's channel for
    people of no unit — each channel once per event however many of its people are
    told; as a digest, nothing until the day's digest mail; off, nothing but the inbox.
    """
    created = []
    # Those already told: one query, so that a planner run that has nothing new to say
    # writes nothing.
    seen = set(
        Notification.objects.filter(
            subject_kind=subject_kind, object_id=object_id, period=period, level=level
        ).values_list("user_id", flat=True)
    )
    fresh = []
    for user in users:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        fresh.append(user)
    if not fresh:
        return created
    how = deliveries_for([user.pk for user in fresh], subject_kind)
    groups = _channels_by_unit(
        {_channel_key(user) for user in fresh if how[user.pk] == Delivery.IMMEDIATE}
    )
    event = {
        "subject_kind": subject_kind,
        "object_id": object_id,
        "period": period,
        "level": level,
    }
    for user in fresh:
        delivery = how[user.pk]
        try:
            with transaction.atomic():
                note, new = Notification.objects.get_or_create(
                    user=user,
                    **event,
                    defaults={
                        "title": title[:200],
                        "body": body,
                        "url": url,
                        "delivery": delivery,
                    },
                )
                if new and delivery == Delivery.IMMEDIATE:
                    if user.email:
                        Outbox.objects.create(
                            notification=note,
                            to=user.email,
                            subject=f"{settings.EMAIL_SUBJECT_PREFIX}{title}"[:200],
                            body=_mail_body(body, url),
                        )
                    # The unique key drops the rows a colleague's notification (or
                    # another worker) already queued for the same channel and event.
                    WebhookDelivery.objects.bulk_create(
                        [
                            WebhookDelivery(
                                channel_id=channel_id,
                                **event,
                                title=title[:200],
                                body=body,
                                url=url,
                            )
                            for channel_id in groups.get(_channel_key(user), ())
                        ],
                        ignore_conflicts=True,
                    )
        except IntegrityError:
            # Another worker created the same notification between our SELECT and INSERT.
            continue
        if new:
            created.append(note)
    return created


def _channel_key(user):
    """Which channels hear of a message to `user`: their unit's, or for someone of no
    unit, the office group of their own organisation (never another organisation's)."""
    if user.unit_id is not None:
        return user.unit_id
    return (None, user.organisation_id)


def _channels_by_unit(keys) -> dict:
    """{unit id, or (None, organisation id): [active channel ids]}, in one query."""
    if not keys:
        return {}
    q = models.Q(unit_id__in=[k for k in keys if not isinstance(k, tuple)])
    organisations = [k[1] for k in keys if isinstance(k, tuple) and k[1] is not None]
    if organisations:
        q |= models.Q(unit__isnull=True, organisation_id__in=organisations)
    groups = {}
    for pk, unit_id, org_id in Channel.objects.filter(q, is_active=True).values_list(
        "pk", "unit_id", "organisation_id"
    ):
        groups.setdefault(unit_id if unit_id is not None else (None, org_id), []).append(pk)
    return groups


def _mail_body(body, url):
    base = getattr(settings, "ZHENGGAI_BASE_URL", "").rstrip("/")
    if url and base:
        return f"{body}\n\n{base}{url}"
    return body


def backoff(attempts: int) -> datetime.timedelta:
    """1, 2, 4, … minutes after each failed attempt, at most settings.MAIL_RETRY_MAX_SECONDS."""
    seconds = settings.MAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.MAIL_RETRY_MAX_SECONDS))


def deliver_outbox(now=None, limit=100) -> dict:
    """Send the pending mails that are due, over one SMTP connection.

    Each mail is claimed with a conditional UPDATE (its next_try_at pushed by a lease
    counted from the moment of the claim, not from the round's start: a round that took
    long must not hand out a lease already over) before it is sent, so two workers never
    send the same mail. A failure counts an
    attempt and pushes next_try_at by the backoff; after settings.MAIL_MAX_ATTEMPTS the
    mail is marked failed (kept, visible in the admin). A server that is down loses
    nothing: the mails wait.
    """
    now = now or clock.now()
    ids = list(
        Outbox.objects.filter(status=Outbox.Status.PENDING, next_try_at__lte=now).values_list(
            "pk", flat=True
        )[:limit]
    )
    counts = {"sent": 0, "failed": 0, "deferred": 0}
    if not ids:
        return counts
    connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT)
    try:
        connection.open()
    except Exception as exc:  # noqa: BLE001 — the server is not there: every mail waits
        for mail in Outbox.objects.filter(pk__in=ids, status=Outbox.Status.PENDING):
            counts[_failed(mail, exc, now)] += 1
        log.warning("mail server unreachable, %d mails wait: %s", len(ids), exc)
        return counts
    try:
        for pk in ids:
            claimed = Outbox.objects.filter(
                pk=pk, status=Outbox.Status.PENDING, next_try_at__lte=now
            ).update(next_try_at=_lease(MAIL_LEASE))
            if not claimed:
                continue  # another worker has it
            mail = Outbox.objects.get(pk=pk)
            try:
                EmailMessage(
                    mail.subject,
                    mail.body,
                    settings.DEFAULT_FROM_EMAIL,
                    [mail.to],
                    connection=connection,
                ).send()
            except Exception as exc:  # noqa: BLE001 — any failure means "try again later"
                counts[_failed(mail, exc, now)] += 1
                continue
            Outbox.objects.filter(pk=pk).update(
                status=Outbox.Status.SENT, sent_at=clock.now(), attempts=mail.attempts + 1
            )
            counts["sent"] += 1
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001
            pass
    return counts


# How long a claimed mail is left to its worker: far longer than one SMTP exchange.
MAIL_LEASE = datetime.timedelta(minutes=5)


def _lease(length: datetime.timedelta) -> datetime.datetime:
    """Until when a message claimed now is its worker's: from the moment of the claim."""
    return clock.now() + length


def _failed(mail, exc, now) -> str:
    attempts = mail.attempts + 1
    failed = attempts >= settings.MAIL_MAX_ATTEMPTS
    Outbox.objects.filter(pk=mail.pk).update(
        attempts=attempts,
        last_error=f"{type(exc).__name__}: {exc}"[:2000],
        next_try_at=now + backoff(attempts),
        status=Outbox.Status.FAILED if failed else Outbox.Status.PENDING,
    )
    log.warning("mail %s to %s not sent: %s", mail.pk, mail.to, exc)
    return "failed" if failed else "deferred"


# -- channels ----------------------------------------------------------------------------


def deliver_webhooks(now=None, limit=100) -> dict:
    """Post the channel messages that are due, oldest first.

    As for mail: each message is claimed with a conditional UPDATE (next_try_at pushed
    by a lease longer than any request may take) before it is posted, so two workers
    never post the same one; a failure (no answer within settings.WEBHOOK_TIMEOUT, an
    HTTP error, a robot's errcode) counts an attempt and waits `backoff()`; after
    settings.WEBHOOK_MAX_ATTEMPTS it is marked failed and shown on the channels page.
    A channel that has had settings.WEBHOOK_PER_MINUTE messages in the last minute gets
    no more this round ("throttled", not an attempt): both robots refuse more than 20.
    Messages of a channel the office switched off wait until it is switched on again.
    """
    now = now or clock.now()
    lease = datetime.timedelta(seconds=max(300, 3 * settings.WEBHOOK_TIMEOUT))
    due = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_try_at__lte=now, channel__is_active=True
        )
        .order_by("next_try_at", "pk")
        .values_list("pk", "channel_id")[:limit]
    )
    counts = {"sent": 0, "failed": 0, "deferred": 0, "throttled": 0}
    if not due:
        return counts
    recent = dict(
        WebhookDelivery.objects.filter(
            channel_id__in={channel_id for _pk, channel_id in due},
            sent_at__gt=now - datetime.timedelta(minutes=1),
        )
        .values_list("channel_id")
        .annotate(n=models.Count("pk"))
    )
    room = {
        channel_id: settings.WEBHOOK_PER_MINUTE - recent.get(channel_id, 0)
        for _pk, channel_id in due
    }
    for pk, channel_id in due:
        if room[channel_id] <= 0:
            counts["throttled"] += 1
            continue
        claimed = WebhookDelivery.objects.filter(
            pk=pk, status=WebhookDelivery.Status.PENDING, next_try_at__lte=now
        ).update(next_try_at=_lease(lease))
        if not claimed:
            continue  # another worker has it
        delivery = WebhookDelivery.objects.select_related("channel__unit").get(pk=pk)
        try:
            channel_kinds.send(delivery)
        except channel_kinds.SendError as exc:
            counts[_webhook_failed(delivery, exc, now)] += 1
            continue
        WebhookDelivery.objects.filter(pk=pk).update(
            status=WebhookDelivery.Status.SENT,
            sent_at=clock.now(),
            attempts=delivery.attempts + 1,
            last_error="",
        )
        room[channel_id] -= 1
        counts["sent"] += 1
    return counts


def _webhook_failed(delivery, exc, now) -> str:
    attempts = delivery.attempts + 1
    failed = attempts >= settings.WEBHOOK_MAX_ATTEMPTS
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempts=attempts,
        last_error=str(exc)[:2000],
        next_try_at=now + backoff(attempts),
        status=WebhookDelivery.Status.FAILED if failed else WebhookDelivery.Status.PENDING,
    )
    log.warning("channel %s message %s not sent: %s", delivery.channel_id, delivery.pk, exc)
    return "failed" if failed else "deferred"


# -- digests -----------------------------------------------------------------------------


def send_digests(now=None) -> int:
    """From settings.DIGEST_HOUR (local time) on, queue one mail per user and day with the
    notifications their preferences held back for the digest; returns the mails queued.

    Once per user and day (Digest's unique key): a second worker or a later round finds
    the day's digest made. A notification held back after today's digest waits for
    tomorrow's; one held back while the worker was down goes in the next digest made.
    """
    now = now or clock.now()
    local = timezone.localtime(now)
    if local.hour < settings.DIGEST_HOUR:
        return 0
    day = local.date()
    waiting = Notification.objects.filter(
        delivery=Delivery.DIGEST, digest__isnull=True, user__is_active=True
    ).exclude(user__email="")
    users = waiting.exclude(user__digests__day=day).values_list("user_id", flat=True).distinct()
    made = 0
    for user_id in list(users):
        try:
            with transaction.atomic():
                digest = Digest.objects.create(user_id=user_id, day=day)
                notes = list(waiting.filter(user_id=user_id).select_related("user"))
                if not notes:
                    raise _Nothing
                Notification.objects.filter(pk__in=[n.pk for n in notes]).update(digest=digest)
                user = notes[0].user
                digest.mail = Outbox.objects.create(
                    to=user.email,
                    subject=(
                        settings.EMAIL_SUBJECT_PREFIX
                        + _("每日消息汇总(%(day)s,共 %(n)s 条)")
                        % {"day": day.isoformat(), "n": len(notes)}
                    )[:200],
                    body=_digest_body(notes),
                )
                digest.save(update_fields=["mail"])
        except (IntegrityError, _Nothing):
            # Another worker made this user's digest for the day, or took its messages.
            continue
        made += 1
    return made


class _Nothing(Exception):
    pass


def _digest_body(notes) -> str:
    parts = []
    for note in sorted(notes, key=lambda n: (n.created_at, n.pk)):
        label = Level(note.level).label if note.level in Level.values else note.level
        when = timezone.localtime(note.created_at).strftime("%Y-%m-%d %H:%M")
        parts.append(
            f"· [{label}] {note.title}({when})\n{_mail_body(note.body, note.url)}".rstrip()
        )
    return "\n\n".join(parts)
