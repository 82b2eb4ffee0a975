"""Domain events: what happened, told to whoever subscribed, once the transaction that
made it happen has committed.

A move (tasks.moves), a feedback assignment, a 督办单… calls `emit(name, **facts)` inside
its transaction; subscribers (e.g. zhenggai.todo.steps, which tells people that work
waits for them) run after the commit, so nobody is told of a change that was rolled
back. A failing subscriber is logged and never undoes the change.

Subscribers speak for the system, not for the person who made the change: they run in
the site's language (settings.LANGUAGE_CODE). A message is written once and read by
others — a liaison's inbox, a unit's mail, a WeCom group — whose language is not the
actor's English switcher (a cookie of the actor's browser). Code that tells people
without an event (a 督办单 announced, a role granted) is decorated `@in_site_language`:
the same rule, written once here.
"""

import logging
from collections import defaultdict
from contextlib import nullcontext
from functools import wraps

from django.conf import settings
from django.db import transaction
from django.utils import translation

from zhenggai.lib import clock

log = logging.getLogger(__name__)

_subscribers: dict[str, list] = defaultdict(list)


def site_language():
    """The language messages to others are written in: the site's, not the actor's."""
    return translation.override(settings.LANGUAGE_CODE)


def in_site_language(func):
    """Decorator: compose and send `func`'s messages in the site's language."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        with site_language():
            return func(*args, **kwargs)

    return wrapper


def subscribe(*names):
    """Decorator: call the function with the event's facts after each `names` event."""

    def decorator(handler):
        for name in names:
            if handler not in _subscribers[name]:
                _subscribers[name].append(handler)
        return handler

    return decorator


def emit(name: str, **facts) -> None:
    # A move made on a frozen clock (the demo's replay of a past day) is told on that
    # day too, though the transaction commits after the clock has moved on.
    moment = clock.frozen_at()

    def run():
        with clock.frozen(moment) if moment else nullcontext():
            _deliver(name, facts)

    transaction.on_commit(run)


def _deliver(name: str, facts: dict) -> None:
    for handler in list(_subscribers.get(name, ())):
        try:
            with site_language():
                handler(name, **facts)
        except Exception:  # noqa: BLE001 — a message that fails must not undo the work
            log.exception("subscriber %s of %s failed", handler.__qualname__, name)
