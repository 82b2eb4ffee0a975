"""申请延期: the lead unit asks, the office decides; the original deadline is kept."""

import datetime

import pytest

from tests.workflow._helpers import DEADLINE, make_task
from zhenggai.audit.models import AuditEntry
from zhenggai.tasks.models import DeadlineExtension, Status, Task
from zhenggai.tasks.workflow import Conflict, MissingRequirement, MoveNotAllowed, WrongState

LATER = DEADLINE + datetime.timedelta(days=30)


@pytest.mark.django_db
def test_it_sets_the_revised_deadline_and_keeps_the_original(world):
    task = make_task(world, Status.IN_PROGRESS)
    extension = task.request_extension(world.lead_liaison, LATER, "汛期影响施工")
    assert extension.status == DeadlineExtension.Status.PENDING
    assert extension.previous_deadline == DEADLINE

    version = Task.objects.get(pk=task.pk).version
    extension.approve(world.office, "同意")

    fresh = Task.objects.get(pk=task.pk)
    assert fresh.deadline == DEADLINE
    assert fresh.revised_deadline == LATER
    assert fresh.effective_deadline == LATER
    assert fresh.version == version + 1
    assert fresh.is_overdue(DEADLINE + datetime.timedelta(days=1)) is False
    assert extension.task.revised_deadline == LATER
    entry = AuditEntry.objects.get(action="extension_approve")
    assert entry.task_id == task.pk
    assert entry.object_type == "extension"
    assert entry.before == {"status": "pending", "revised_deadline": None}
    assert entry.after == {"status": "approved", "revised_deadline": LATER.isoformat()}


@pytest.mark.django_db
def test_it_refuses_with_a_reason_and_keeps_the_deadline(world):
    task = make_task(world, Status.IN_PROGRESS)
    extension = task.request_extension(world.lead_liaison, LATER, "汛期")
    with pytest.raises(MissingRequirement):
        extension.refuse(world.office, "")
    extension.refuse(world.office, "汛期前应可完成")

    fresh = Task.objects.get(pk=task.pk)
    assert (fresh.deadline, fresh.revised_deadline) == (DEADLINE, None)
    assert DeadlineExtension.objects.get().status == DeadlineExtension.Status.REFUSED
    # Decided: a new request may follow.
    task.request_extension(world.lead_liaison, LATER, "补充理由")


@pytest.mark.django_db
def test_it_allows_one_pending_request_per_item(world):
    task = make_task(world, Status.IN_PROGRESS)
    task.request_extension(world.lead_liaison, LATER, "汛期")
    with pytest.raises(WrongState):
        task.request_extension(world.lead_liaison, LATER, "再次申请")
    assert DeadlineExtension.objects.count() == 1


@pytest.mark.django_db
def test_it_lets_only_the_office_decide(world):
    task = make_task(world, Status.IN_PROGRESS)
    extension = task.request_extension(world.lead_liaison, LATER, "汛期")
    for role in ("leader", "lead_liaison", "shared_liaison", "discipline", "observer"):
        with pytest.raises(MoveNotAllowed):
            extension.approve(getattr(world, role))
    assert Task.objects.get(pk=task.pk).revised_deadline is None


@pytest.mark.django_db
def test_it_decides_a_request_once(world):
    task = make_task(world, Status.IN_PROGRESS)
    extension = task.request_extension(world.lead_liaison, LATER, "汛期")
    stale = DeadlineExtension.objects.get(pk=extension.pk)
    extension.approve(world.office)
    with pytest.raises(Conflict):
        stale.refuse(world.office2, "不同意")
    with pytest.raises(WrongState):
        extension.refuse(world.office2, "不同意")
    assert DeadlineExtension.objects.get().status == DeadlineExtension.Status.APPROVED


@pytest.mark.django_db
def test_it_wants_a_later_date_and_a_reason(world):
    task = make_task(world, Status.IN_PROGRESS)
    with pytest.raises(MissingRequirement):
        task.request_extension(world.lead_liaison, DEADLINE, "汛期")
    with pytest.raises(MissingRequirement):
        task.request_extension(world.lead_liaison, LATER, " ")
    assert not DeadlineExtension.objects.exists()
