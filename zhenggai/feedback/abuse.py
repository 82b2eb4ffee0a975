"""Keeping the public form usable without an outside service: a per-address rate limit
counted in the database, a honeypot field, size limits (in the form) and CSRF.

The address is kept only as a keyed hash (HMAC with the installation's secret key): it
can be compared with the next message's, not read back.
"""

import datetime

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.utils.crypto import salted_hmac

from zhenggai.feedback.models import Feedback
from zhenggai.lib import clock
from zhenggai.lib.net import client_address

HONEYPOT = "website"


def client_hash(request) -> str:
    return salted_hmac("zhenggai.feedback.client", client_address(request)).hexdigest()


def limits() -> list[tuple[datetime.timedelta, int]]:
    return [
        (datetime.timedelta(minutes=10), getattr(settings, "FEEDBACK_PER_10_MINUTES", 5)),
        (datetime.timedelta(days=1), getattr(settings, "FEEDBACK_PER_DAY", 20)),
    ]


def lock_address(hashed: str) -> None:
    """On PostgreSQL, serialise the count-then-insert of one address for the rest of the
    transaction, so that parallel requests cannot all pass the count. SQLite needs no
    lock: settings open every transaction with BEGIN IMMEDIATE, which already does."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(hashed[:15], 16)])


def over_limit(hashed: str, now=None) -> bool:
    """Whether this address has used up any of its allowances. One query."""
    now = now or clock.now()
    windows = limits()
    longest = max(span for span, _ in windows)
    counts = Feedback.objects.recent_from(hashed, now - longest).aggregate(
        **{
            f"w{i}": Count("pk", filter=Q(received_at__gte=now - span))
            for i, (span, _) in enumerate(windows)
        }
    )
    return any(counts[f"w{i}"] >= limit for i, (_, limit) in enumerate(windows))
