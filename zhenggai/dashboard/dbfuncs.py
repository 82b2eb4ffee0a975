"""Dates of a timestamp in local time, computed by the database itself.

Django's TruncDate/TruncWeek on SQLite call a Python function per row (with a time zone
conversion each time): a second or more per hundred thousand rows. On SQLite these use
the built-in date() with the zone's offset instead; on PostgreSQL Django's own
expressions are native already. The offset is the zone's offset today: right for
Asia/Shanghai (no summer time since 1991); a zone with summer time may put a move made
within an hour of midnight on the neighbouring day.
"""

import datetime

from django.db import connection
from django.db.models import DateField, Func
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone


def _offset_minutes() -> int:
    now = datetime.datetime.now(datetime.UTC)
    offset = timezone.get_current_timezone().utcoffset(now.replace(tzinfo=None))
    return int(offset.total_seconds() // 60) if offset else 0


class _SqliteDay(Func):
    output_field = DateField()
    modifiers = ""

    def __init__(self, expression):
        super().__init__(expression, output_field=DateField())

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, '{_offset_minutes():+d} minutes'{self.modifiers})", params


class _SqliteWeek(_SqliteDay):
    modifiers = ", '-6 days', 'weekday 1'"


def local_date(expression):
    """The local calendar day of a timestamp."""
    if connection.vendor == "sqlite":
        return _SqliteDay(expression)
    return TruncDate(expression, output_field=DateField())


def week_start(expression):
    """The Monday of the local ISO week of a timestamp."""
    if connection.vendor == "sqlite":
        return _SqliteWeek(expression)
    return TruncWeek(expression, output_field=DateField())


class AddDays(Func):
    """A date `days` later (a whole number fixed in the query)."""

    output_field = DateField()

    def __init__(self, expression, days: int):
        self.days = int(days)
        super().__init__(expression, output_field=DateField())

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, '{self.days:+d} days')", params

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} + {self.days})", params
