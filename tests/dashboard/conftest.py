"""The front's small ledger (区住房建设局 leads (1), 区城管局 leads (2) and shares (1),
区教育局 leads (3)), and a helper to write an item's history with explicit times."""

import datetime

import pytest
from django.utils import timezone

from tests.world import (  # noqa: F401 — fixtures, re-exported for these tests
    TODAY,
    login,
    make_campaign,
    make_finding,
    make_task,
    today,
    world,
)
from zhenggai.rollups.maintain import touch
from zhenggai.tasks.models import Action, Transition


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """`day` at `hour` o'clock, Beijing time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def history(task, *moves):
    """Append (day, from_status, to_status) moves to `task`'s log, at the given days."""
    for day, before, after in moves:
        Transition.objects.create(
            task=task, action=Action.START, from_status=before, to_status=after, at=at(day)
        )
    touch([task.pk])


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
