"""Task.create_for: the office opens an item (整改任务) on a leaf of the findings tree."""

import pytest

from tests.workflow._helpers import ROLES
from zhenggai.audit.models import AuditEntry
from zhenggai.inspections.models import Finding
from zhenggai.tasks.models import Action, Status, Task
from zhenggai.tasks.workflow import MoveNotAllowed, WrongState


@pytest.fixture
def tree(world):
    problem = Finding.objects.create(
        campaign=world.campaign, position=0, depth=0, label="1.", title="河涌治理问题"
    )
    leaf = Finding.objects.create(
        campaign=world.campaign,
        parent=problem,
        position=1,
        depth=1,
        label="(1)",
        title="针对河涌治理不到位的问题",
    )
    return problem, leaf


def test_it_creates_a_draft_with_a_transition_and_an_audit_entry(world, tree):
    _problem, leaf = tree
    task = Task.create_for(world.office, leaf, "  开展专项整治 ")
    assert task.status == Status.DRAFT
    assert task.measure == "开展专项整治"
    assert task.finding == leaf
    t = task.transitions.get()
    assert (t.action, t.from_status, t.to_status, t.actor) == (
        Action.CREATE,
        "",
        Status.DRAFT,
        world.office,
    )
    entry = AuditEntry.objects.get(task_id=task.pk)
    assert (entry.action, entry.actor, entry.before) == ("create", world.office, {})
    assert entry.after == {"status": "draft", "measure": "开展专项整治", "version": 1}


def test_it_then_assigns_like_any_draft(world, tree):
    task = Task.create_for(world.office, tree[1])
    task.assign(world.office, world.lead, [], "", None, "immediate")
    assert task.status == Status.ASSIGNED


def test_it_refuses_a_finding_with_children(world, tree):
    problem, _leaf = tree
    with pytest.raises(WrongState):
        Task.create_for(world.office, problem)
    assert not Task.objects.exists()
    assert not AuditEntry.objects.exists()


def test_it_refuses_a_finding_that_has_its_item(world, tree):
    Task.create_for(world.office, tree[1])
    with pytest.raises(WrongState):
        Task.create_for(world.office, tree[1])
    assert Task.objects.count() == 1
    assert AuditEntry.objects.count() == 1


@pytest.mark.parametrize("who", [r for r in ROLES if r != "office"])
def test_it_lets_only_the_office_create(world, tree, who):
    with pytest.raises(MoveNotAllowed):
        Task.create_for(getattr(world, who), tree[1])
    assert not Task.objects.exists()
