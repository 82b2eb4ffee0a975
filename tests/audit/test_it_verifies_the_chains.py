"""`zhenggai audit verify` walks the audit trail's and the transition log's hash chains:
exit 0 when they hold, 1 naming the first row that was changed, inserted or removed with
raw SQL behind the application's back."""

import pytest
from django.utils import timezone

from tests.audit.conftest import busy_history, raw, verify
from zhenggai.audit.models import AuditEntry
from zhenggai.tasks.models import Transition

pytestmark = pytest.mark.django_db


def _middle(model):
    rows = list(model.objects.order_by("id"))
    return rows[len(rows) // 2]


def _when(row):
    return timezone.localtime(row.at).isoformat(" ", "seconds")


def test_it_passes_an_intact_trail_after_many_appends(world, capsys):
    busy_history(world, items=16)
    entries, moves = AuditEntry.objects.count(), Transition.objects.count()
    assert entries > 100 and moves > 100

    code, out, err = verify(capsys)

    assert code == 0, err
    assert f"操作记录 {entries} 条" in out
    assert f"状态流转 {moves} 条" in out
    assert err == ""


def test_it_passes_an_empty_trail(db, capsys):
    code, out, _err = verify(capsys)
    assert code == 0
    assert "操作记录 0 条" in out


def test_it_names_an_entry_changed_with_raw_sql(world, capsys):
    busy_history(world, items=2)
    entry = _middle(AuditEntry)
    raw("UPDATE audit_auditentry SET note = %s WHERE id = %s", ["改写", entry.pk])

    code, _out, err = verify(capsys)

    assert code == 1
    assert f"audit_auditentry)第 {entry.pk} 号,{_when(entry)}:内容被改动" in err
    assert "tasks_transition" not in err


def test_it_names_a_transition_changed_with_raw_sql(world, capsys):
    busy_history(world, items=2)
    move = _middle(Transition)
    assert move.to_status != "completed"
    raw("UPDATE tasks_transition SET to_status = 'completed' WHERE id = %s", [move.pk])

    code, _out, err = verify(capsys)

    assert code == 1
    assert f"tasks_transition)第 {move.pk} 号,{_when(move)}:内容被改动" in err


def test_it_names_a_changed_time(world, capsys):
    busy_history(world, items=1)
    entry = _middle(AuditEntry)
    raw(
        "UPDATE audit_auditentry SET at = %s WHERE id = %s",
        [entry.at - timezone.timedelta(days=1), entry.pk],
    )
    code, _out, err = verify(capsys)
    assert code == 1
    assert f"第 {entry.pk} 号" in err and "内容被改动" in err


def test_it_names_an_inserted_row(world, capsys):
    busy_history(world, items=1)
    # A copy of a genuine row, hashes and all, under a new number.
    copied = _middle(Transition)
    new_id = Transition.objects.order_by("-id").first().pk + 1
    raw(
        "INSERT INTO tasks_transition (id, prev_hash, hash, task_id, action, from_status, "
        "to_status, actor_id, at, reason) SELECT %s, prev_hash, hash, task_id, action, "
        "from_status, to_status, actor_id, at, reason FROM tasks_transition WHERE id = %s",
        [new_id, copied.pk],
    )

    code, _out, err = verify(capsys)

    assert code == 1
    assert f"tasks_transition)第 {new_id} 号,{_when(copied)}:与前一条不相接" in err


def test_it_names_the_row_after_a_removed_one(world, capsys):
    busy_history(world, items=2)
    removed = _middle(AuditEntry)
    after = AuditEntry.objects.filter(id__gt=removed.pk).order_by("id").first()
    raw("DELETE FROM audit_auditentry WHERE id = %s", [removed.pk])

    code, _out, err = verify(capsys)

    assert code == 1
    assert f"audit_auditentry)第 {after.pk} 号,{_when(after)}:与前一条不相接" in err
    assert "被删除" in err


def test_it_notices_rows_removed_from_the_end(world, capsys):
    busy_history(world, items=1)
    last = Transition.objects.order_by("-id").first()
    raw("DELETE FROM tasks_transition WHERE id = %s", [last.pk])

    code, _out, err = verify(capsys)

    assert code == 1
    assert f"tasks_transition)第 {last.pk} 号:与链头不符" in err


def test_it_keeps_the_chain_whole_across_appends_after_a_check(world, capsys):
    busy_history(world, items=1)
    assert verify(capsys)[0] == 0
    task = Transition.objects.order_by("-id").first().task
    task.set_assignment(world.office, task.version, leader="李副区长")
    assert verify(capsys)[0] == 0
