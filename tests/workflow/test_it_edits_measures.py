"""Task.edit_measure: the office rewrites the measure, its sub-actions and effect note."""

import pytest

from tests.workflow._helpers import ROLES, make_task
from zhenggai.audit.models import AuditEntry
from zhenggai.tasks.models import Status, SubAction, Transition
from zhenggai.tasks.workflow import Conflict, MissingRequirement, MoveNotAllowed


def actions_of(task):
    return list(task.actions.order_by("position").values_list("label", "text"))


@pytest.fixture
def task(world):
    task = make_task(world)
    for i, (label, text) in enumerate([("一是", "排查河涌"), ("二是", "清理排口")]):
        SubAction.objects.create(task=task, position=i, label=label, text=text)
    return task


def test_it_rewrites_the_measure_the_sub_actions_and_the_effect_note(world, task):
    changed = task.edit_measure(
        world.office,
        task.version,
        "  开展河涌专项整治  ",
        [("一是", "清理排口"), ("二是", "排查河涌"), ("四是", "建立长效机制")],
        "完成治理435宗",
    )
    assert changed is True
    task.refresh_from_db()
    assert task.measure == "开展河涌专项整治"
    assert task.effect_note == "完成治理435宗"
    # Labels are kept as typed, gaps and all (the seed's item (16) goes 一是, 二是, 四是).
    assert actions_of(task) == [
        ("一是", "清理排口"),
        ("二是", "排查河涌"),
        ("四是", "建立长效机制"),
    ]
    assert task.body == "一是清理排口二是排查河涌四是建立长效机制"
    assert task.version == 2
    assert task.status == Status.IN_PROGRESS


def test_it_removes_sub_actions_and_skips_empty_rows(world, task):
    task.edit_measure(world.office, None, task.measure, [("二是", "清理排口"), ("", "")], "")
    assert actions_of(task) == [("二是", "清理排口")]


def test_it_writes_one_audit_entry_with_before_and_after(world, task):
    task.edit_measure(
        world.office, 1, "新措施", [("一是", "排查河涌")], "成效", reason="按会议意见"
    )
    entry = AuditEntry.objects.get(action="edit_measure")
    assert entry.actor == world.office
    assert entry.task_id == task.pk
    assert entry.note == "按会议意见"
    assert entry.before["measure"] == "针对河涌治理不到位的问题,开展专项整治。"
    assert entry.before["actions"] == ["一是排查河涌", "二是清理排口"]
    assert entry.after == {
        "measure": "新措施",
        "actions": ["一是排查河涌"],
        "effect_note": "成效",
        "body": "一是排查河涌",
        "version": 2,
    }
    # Not a move: no transition.
    assert not Transition.objects.filter(task=task).exists()


def test_it_writes_nothing_when_nothing_changed(world, task):
    changed = task.edit_measure(
        world.office, 1, task.measure, [("一是", "排查河涌"), ("二是", "清理排口")], ""
    )
    assert changed is False
    task.refresh_from_db()
    assert task.version == 1
    assert not AuditEntry.objects.filter(action="edit_measure").exists()


def test_it_refuses_a_stale_version_and_writes_nothing(world, task):
    task.edit_measure(world.office, 1, "甲的修改", [], "")
    stale = type(task).objects.get(pk=task.pk)
    stale.version = 1  # the page the other office member loaded
    with pytest.raises(Conflict):
        stale.edit_measure(world.office2, 1, "乙的修改", [("一是", "x")], "")
    task.refresh_from_db()
    assert task.measure == "甲的修改"
    assert actions_of(task) == []
    assert AuditEntry.objects.filter(action="edit_measure").count() == 1


def test_it_loses_the_race_when_the_row_moved_under_it(world, task):
    loaded = type(task).objects.get(pk=task.pk)
    type(task).objects.filter(pk=task.pk).update(version=5)
    with pytest.raises(Conflict):
        loaded.edit_measure(world.office, None, "x", [], "")
    assert actions_of(task) == [("一是", "排查河涌"), ("二是", "清理排口")]


@pytest.mark.parametrize(
    "actions",
    [[("一是", "")], [("一二三四五六七八九十是", "太长的序号")]],
)
def test_it_refuses_a_sub_action_without_text_or_with_a_long_label(world, task, actions):
    with pytest.raises(MissingRequirement):
        task.edit_measure(world.office, 1, "x", actions, "")
    task.refresh_from_db()
    assert task.version == 1


@pytest.mark.parametrize("who", [r for r in ROLES if r != "office"])
def test_it_lets_only_the_office_edit(world, task, who):
    with pytest.raises(MoveNotAllowed):
        task.edit_measure(getattr(world, who), 1, "x", [], "")
    task.refresh_from_db()
    assert task.measure != "x"


def test_it_edits_in_any_state(world):
    closed = make_task(world, Status.COMPLETED)
    assert closed.edit_measure(world.office, None, "更正后的措施", [], "")
    closed.refresh_from_db()
    assert (closed.measure, closed.status) == ("更正后的措施", Status.COMPLETED)
