"""Telling people: `notify` (in-app + queued mail) and `deliver_outbox` (the worker's
mail step)."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhenggai.inbox.models import Notification, Outbox

log = logging.getLogger(__name__)


def notify(users, subject_kind, object_id, period, level, title, body="", url=""):
    """Tell each of `users` once: returns the notifications created now (an empty list
    when everyone had already been told)."""
    created = []
    # Those already told: one query, so that a planner run that has nothing new to say
    # writes nothing.
    seen = set(
        Notification.objects.filter(
            subject_kind=subject_kind, object_id=object_id, period=period, level=level
        ).values_list("user_id", flat=True)
    )
    for user in users:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        try:
            with transaction.atomic():
                note, new = Notification.objects.get_or_create(
                    user=user,
                    subject_kind=subject_kind,
                    object_id=object_id,
                    period=period,
                    level=level,
                    defaults={"title": title[:200], "body": body, "url": url},
                )
                if new and user.email:
                    Outbox.objects.create(
                        notification=note,
                        to=user.email,
                        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{title}"[:200],
                        body=_mail_body(body, url),
                    )
        except IntegrityError:
            # Another worker created the same notification between our SELECT and INSERT.
            continue
        if new:
            created.append(note)
    return created


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

    Each mail is claimed with a conditional UPDATE (its next_try_at pushed by a lease)
    before it is sent, so two workers never send the same mail. A failure counts an
    attempt and pushes next_try_at by the backoff; after settings.MAIL_MAX_ATTEMPTS the
    mail is marked failed (kept, visible in the admin). A server that is down loses
    nothing: the mails wait.
    """
    now = now or timezone.now()
    lease = now + datetime.timedelta(minutes=5)
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
            ).update(next_try_at=lease)
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
                status=Outbox.Status.SENT, sent_at=timezone.now(), attempts=mail.attempts + 1
            )
            counts["sent"] += 1
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001
            pass
    return counts


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
