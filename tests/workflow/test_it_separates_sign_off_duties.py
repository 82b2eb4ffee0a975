"""Four eyes, whatever the roles: nobody makes two of 申请销号, 审核通过 and 审批销号 on
one item — not with a second account's role, not after a role change."""

import pytest

from tests.workflow._helpers import add_evidence, make_task
from zhenggai.accounts.models import Role
from zhenggai.tasks import permissions
from zhenggai.tasks.models import Status, Transition
from zhenggai.tasks.workflow import MoveNotAllowed


def _accepted_by(world, reviewer):
    task = make_task(world, Status.IN_PROGRESS)
    add_evidence(world, task)
    task.request_closure(world.lead_liaison, "已完成整改,见佐证材料")
    task.office_accept(reviewer)
    return task


@pytest.mark.django_db
def test_a_reviewer_turned_leader_cannot_approve_what_they_reviewed(world):
    task = _accepted_by(world, world.office)
    # The attack: the office account that reviewed changes its own role to leader.
    world.office.role = Role.LEADER
    world.office.save()
    assert not permissions.can_approve(world.office, task)
    with pytest.raises(MoveNotAllowed):
        task.approve(world.office)
    assert task.status == Status.OFFICE_ACCEPTED
    assert not Transition.objects.filter(task=task, action="approve").exists()


@pytest.mark.django_db
def test_another_leader_approves(world):
    task = _accepted_by(world, world.office)
    task.approve(world.leader)
    assert task.status == Status.COMPLETED
    assert task.sign_offs == {
        "request_closure": [world.lead_liaison.pk],
        "office_accept": [world.office.pk],
        "approve": [world.leader.pk],
    }


@pytest.mark.django_db
def test_the_requester_turned_office_cannot_review_the_request(world):
    task = make_task(world, Status.IN_PROGRESS)
    add_evidence(world, task)
    task.request_closure(world.lead_liaison, "已完成整改")
    requester = world.lead_liaison
    requester.role, requester.unit = Role.OFFICE, None
    requester.save()
    with pytest.raises(MoveNotAllowed):
        task.office_accept(requester)


@pytest.mark.django_db
def test_the_duty_is_remembered_across_a_return_and_a_second_round(world):
    task = _accepted_by(world, world.office)
    task.office_return(world.office, "佐证材料不全")
    add_evidence(world, task)
    # The first round's reviewer cannot make the second round's closure request either.
    world.office.role, world.office.unit = Role.LIAISON, world.lead
    world.office.save()
    assert not permissions.can_request_closure(world.office, task)
