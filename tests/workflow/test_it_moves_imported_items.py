"""Items imported from a published report start as COMPLETED, STAGED, LONG_TERM, IN_PROGRESS
or DRAFT, with no lead unit. Once the office names one, the moves carry on from there."""

import pytest

from tests.workflow._helpers import DEADLINE, add_evidence, make_task
from zhenggai.tasks import permissions
from zhenggai.tasks.models import Status, Timeframe
from zhenggai.tasks.workflow import MoveNotAllowed


@pytest.mark.django_db
def test_it_needs_a_lead_unit_before_an_imported_item_can_move(world):
    task = make_task(world, Status.STAGED, lead=False, status_text="已取得阶段性成效")
    assert not permissions.can_request_closure(world.lead_liaison, task)
    with pytest.raises(MoveNotAllowed):
        task.request_closure(world.lead_liaison, "成效")

    task.set_assignment(world.office, task.version, lead_unit=world.lead, deadline=DEADLINE)
    add_evidence(world, task)
    task.request_closure(world.lead_liaison, "成效")

    assert task.status == Status.CLOSURE_REQUESTED
    # The imported wording described the imported state, not this one.
    assert task.status_text == ""


@pytest.mark.django_db
def test_it_reopens_an_imported_completed_item(world):
    task = make_task(world, Status.COMPLETED, lead=False, status_text="已完成整改")
    task.reopen(world.office, "巡察回头看发现反弹")
    assert task.status == Status.IN_PROGRESS


@pytest.mark.django_db
def test_it_assigns_an_imported_draft(world):
    task = make_task(world, Status.DRAFT, lead=False, timeframe="", deadline=None)
    task.assign(world.office, world.lead, [], "", DEADLINE, Timeframe.IMMEDIATE)
    assert task.status == Status.ASSIGNED


@pytest.mark.django_db
def test_it_treats_an_imported_unfinished_item_as_in_progress(world):
    task = make_task(world, Status.UNFINISHED)
    task.report_staged(world.lead_liaison, "阶段性成效")
    assert task.status == Status.STAGED
