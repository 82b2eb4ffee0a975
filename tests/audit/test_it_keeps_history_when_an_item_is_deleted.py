"""Deleting an item, or the finding it answers, leaves its transitions and audit entries
where they were: history does not cascade (and on PostgreSQL could not)."""

import pytest

from tests.audit.conftest import verify
from tests.workflow._helpers import add_evidence, make_task
from zhenggai.audit.models import AuditEntry
from zhenggai.inspections.models import Finding
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.tasks.models import Status, Task, Transition

pytestmark = pytest.mark.django_db


def _history(task_id):
    return (
        list(Transition.objects.filter(task_id=task_id).values_list("pk", "hash")),
        list(AuditEntry.objects.filter(task_id=task_id).values_list("pk", "hash")),
    )


def _busy_task(world):
    task = make_task(world, Status.ASSIGNED)
    task.claim(world.lead_liaison)
    ProgressReport.file(world.lead_liaison, task, Period.WEEK, task.deadline, "完成排查。")
    add_evidence(world, task)
    return task


def test_it_keeps_the_history_of_a_deleted_item(world, capsys):
    task = _busy_task(world)
    moves, entries = _history(task.pk)
    assert moves and len(entries) >= 3

    Task.objects.filter(pk=task.pk).delete()

    assert not Task.objects.filter(pk=task.pk).exists()
    assert _history(task.pk) == (moves, entries)
    assert verify(capsys)[0] == 0


def test_it_keeps_the_history_when_the_finding_goes(world, capsys):
    task = _busy_task(world)
    history = _history(task.pk)

    Finding.objects.filter(pk=task.finding_id).delete()

    assert not Task.objects.filter(pk=task.pk).exists()
    assert _history(task.pk) == history
    assert verify(capsys)[0] == 0
