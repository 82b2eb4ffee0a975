"""Two connections appending at the same moment take turns on the chain's head: the
chain does not fork."""

import threading

import pytest
from django.db import connection, connections, transaction

from tests.audit.conftest import verify
from tests.workflow._helpers import make_task
from zhenggai.audit.models import AuditEntry, record
from zhenggai.tasks.models import Action, Status, Transition

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two writers at once: SQLite queues writers at BEGIN IMMEDIATE, and its "
    "test database is one in-memory connection",
)

ROUNDS = 15


@pytest.mark.django_db(transaction=True)
def test_it_does_not_fork_under_simultaneous_appends(world, capsys):
    task = make_task(world, Status.ASSIGNED)
    start = threading.Barrier(2)
    failures = []

    def append(user, label):
        try:
            start.wait()
            for n in range(ROUNDS):
                # Both chains in one transaction, as a move writes them.
                with transaction.atomic():
                    Transition.objects.create(
                        task=task,
                        action=Action.CREATE,
                        from_status=task.status,
                        to_status=task.status,
                    )
                    # About the unit, not the item: the item's search entry is rebuilt
                    # after each entry about it, a race of its own not tested here.
                    record(user, "edit", world.lead, {}, {"n": n}, note=label)
        except Exception as error:  # noqa: BLE001 — reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=append, args=(world.office, "甲")),
        threading.Thread(target=append, args=(world.office2, "乙")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert AuditEntry.objects.filter(note__in=["甲", "乙"]).count() == 2 * ROUNDS
    assert Transition.objects.filter(task=task, action=Action.CREATE).count() == 2 * ROUNDS
    code, out, err = verify(capsys)
    assert code == 0, err
    # Every row points at a different predecessor: no two rows share one.
    for model in (AuditEntry, Transition):
        prevs = list(model.objects.values_list("prev_hash", flat=True))
        assert len(prevs) == len(set(prevs))
