"""On PostgreSQL the audit trail and the transition log refuse UPDATE and DELETE in the
database itself, whoever sends them."""

import pytest
from django.db import DatabaseError, connection, transaction

from tests.audit.conftest import only_on_postgresql, verify
from tests.workflow._helpers import make_task
from zhenggai.audit.models import AuditEntry
from zhenggai.tasks.models import Status, Transition

pytestmark = [pytest.mark.django_db, only_on_postgresql]


def _refused(sql, params):
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)


@pytest.mark.parametrize(
    ("model", "table", "column"),
    [(AuditEntry, "audit_auditentry", "note"), (Transition, "tasks_transition", "reason")],
)
def test_it_refuses_raw_update_and_delete(world, capsys, model, table, column):
    task = make_task(world, Status.ASSIGNED)
    task.claim(world.lead_liaison)
    row = model.objects.order_by("id").last()
    before = model.objects.filter(pk=row.pk).values().get()

    _refused(f"UPDATE {table} SET {column} = %s WHERE id = %s", ["改写", row.pk])
    _refused(f"DELETE FROM {table} WHERE id = %s", [row.pk])
    _refused(f"DELETE FROM {table} WHERE id > %s", [0])

    assert model.objects.filter(pk=row.pk).values().get() == before
    assert verify(capsys)[0] == 0
