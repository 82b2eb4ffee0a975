"""The migration that brings in the chains seals the rows already stored, in order, so an
existing database verifies as intact after upgrading."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.audit.conftest import verify
from zhenggai.audit.models import AuditEntry
from zhenggai.tasks.models import Transition

BEFORE = [("audit", "0001_initial"), ("tasks", "0002_task_closure_requested_by_deadlineextension")]


@pytest.mark.heavy
@pytest.mark.django_db(transaction=True)
def test_it_seals_the_rows_stored_before_the_chain(capsys):
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    campaign = old.get_model("inspections", "Campaign").objects.create(name="旧台账")
    finding = old.get_model("inspections", "Finding").objects.create(
        campaign=campaign, position=0, label="(1)", title="问题"
    )
    task = old.get_model("tasks", "Task").objects.create(finding=finding)
    at = datetime.datetime(2018, 7, 25, 1, 2, 3, 456789, tzinfo=datetime.UTC)
    for n in range(30):
        old.get_model("tasks", "Transition").objects.create(
            task=task, action="create", to_status="draft", at=at, reason=f"第{n}次"
        )
        old.get_model("audit", "AuditEntry").objects.create(
            action="edit",
            object_type="task",
            object_id=task.pk,
            task_id=task.pk,
            at=at + datetime.timedelta(minutes=n),
            before={"leader": None, "n": n, "金额": 1.5},
            after={"leader": "张区长", "units": ["甲", "乙"]},
        )

    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    assert AuditEntry.objects.count() == Transition.objects.count() == 30
    code, out, err = verify(capsys)
    assert code == 0, err
    assert "操作记录 30 条" in out and "状态流转 30 条" in out
    # New rows carry on from the sealed ones.
    first = Transition.objects.order_by("id").first()
    Transition.objects.create(task_id=first.task_id, action="create", to_status="draft")
    assert Transition.objects.order_by("-id").first().prev_hash == (
        Transition.objects.order_by("-id")[1].hash
    )
    assert verify(capsys)[0] == 0
