"""The one clock: every read of "now" and "today" in zhenggai goes through here.

Unpinned, `now()` is Django's `timezone.now()` — so a test that moves the clock of the
standard library (time-machine) moves ours too, and production reads the real time.

The demo stands on another day without patching the standard library:

- **pinned** (process-wide): `ZHENGGAI_TODAY=2018-11-27` (or a full ISO datetime), or
  `with clock.pinned(moment):`. The pinned clock *runs*: it starts at the pinned moment
  and advances with the wall clock (a monotonic one) from the moment it was pinned, so
  two things done one after the other still come in that order. A bare date pins to
  18:00 local time that day, after the working day the demo replays (its last step is
  at 17:00), so whatever a visitor does sorts after the replayed history; after six hours
  of running the pinned day turns into the next one, as a real day would.
- **frozen** (this thread or task only, a `contextvars` value): `with clock.frozen(moment):`
  stops the clock at `moment`, for writing history on a past day (zhenggai/demo_story.py).
  A frozen clock wins over a pinned one.
"""

import contextvars
import datetime
import time
import zoneinfo
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

# A bare date pins the clock to this hour of that day (see the module's docstring).
PIN_HOUR = 18

_frozen: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar(
    "zhenggai_clock_frozen", default=None
)
# (moment, monotonic reading when pinned) of `pinned()`; None: the setting's pin, if any.
_pin: tuple[datetime.datetime, float] | None = None
# The setting's pin runs from the moment this module was first imported (process start).
_STARTED = time.monotonic()


def parse_pin(raw: str, time_zone: str) -> datetime.datetime | None:
    """`2018-11-27` or `2018-11-27T09:30[+08:00]` as an aware datetime; '' as None.

    Raises ImproperlyConfigured on anything else: a mistyped pin must stop the process
    rather than leave the demo judging 2018 by today's date."""
    raw = raw.strip()
    if not raw:
        return None
    tz = zoneinfo.ZoneInfo(time_zone)
    try:
        if len(raw) == 10:
            day = datetime.date.fromisoformat(raw)
            return datetime.datetime.combine(day, datetime.time(PIN_HOUR), tz)
        moment = datetime.datetime.fromisoformat(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"ZHENGGAI_TODAY must be a date (2018-11-27) or an ISO datetime, not {raw!r}"
        ) from None
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=tz)


def pinned_at() -> datetime.datetime | None:
    """The pinned moment (where the running clock started), or None when unpinned."""
    if _pin is not None:
        return _pin[0]
    return getattr(settings, "CLOCK_PIN", None)


def now() -> datetime.datetime:
    """The current moment, aware (UTC, as `timezone.now()` gives it)."""
    moment = _frozen.get()
    if moment is not None:
        return moment
    if _pin is not None:
        start, anchor = _pin
    else:
        start, anchor = getattr(settings, "CLOCK_PIN", None), _STARTED
        if start is None:
            return timezone.now()
    elapsed = datetime.timedelta(seconds=time.monotonic() - anchor)
    return (start + elapsed).astimezone(datetime.UTC)


def today() -> datetime.date:
    """The current day in the site's time zone."""
    return timezone.localdate(now())


def frozen_at() -> datetime.datetime | None:
    """The moment the clock is frozen at in this context, or None."""
    return _frozen.get()


@contextmanager
def frozen(moment: datetime.datetime):
    """Stop the clock at `moment` for the code inside (this thread or task only)."""
    if timezone.is_naive(moment):
        raise ValueError("clock.frozen needs an aware datetime")
    token = _frozen.set(moment.astimezone(datetime.UTC))
    try:
        yield
    finally:
        _frozen.reset(token)


@contextmanager
def pinned(moment: datetime.datetime):
    """Pin the clock of the whole process at `moment`, running from there, for the code
    inside (the demo's server and its replay); the previous pin comes back after."""
    global _pin
    if timezone.is_naive(moment):
        raise ValueError("clock.pinned needs an aware datetime")
    previous, _pin = _pin, (moment, time.monotonic())
    try:
        yield
    finally:
        _pin = previous
