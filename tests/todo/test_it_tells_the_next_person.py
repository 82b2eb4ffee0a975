"""A message for every step, to the people who must act next, once."""

import pytest

from tests.workflow._helpers import add_evidence, make_task
from zhenggai.inbox.models import Notification
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.tasks.models import Status


def told(user):
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


@pytest.mark.django_db(transaction=True)
def test_each_step_reaches_who_acts_next(world):
    task = make_task(world, Status.DRAFT)
    task.assign(world.office, world.lead, [world.shared], "张副区长", task.deadline, "deadline")
    assert any("待认领" in t for t in told(world.lead_liaison))
    assert not told(world.shared_liaison)  # only the lead unit's liaison claims

    task.claim(world.lead_liaison)
    add_evidence(world, task)
    ProgressReport.file(world.lead_liaison, task, Period.WEEK, task.deadline, "本周进展")
    task.refresh_from_db()
    task.request_closure(world.lead_liaison, "已完成整改")
    assert any("待审核" in t for t in told(world.office))
    assert not any("待审核" in t for t in told(world.lead_liaison))

    task.office_return(world.office, "缺少验收材料")
    note = Notification.objects.get(user=world.lead_liaison, subject_kind="return")
    assert "缺少验收材料" in note.body

    task.request_closure(world.lead_liaison, "已补充验收材料")
    task.office_accept(world.office)
    assert any("审批" in t for t in told(world.leader))
    task.approve(world.leader)
    assert any("已销号" in t for t in told(world.lead_liaison))


@pytest.mark.django_db(transaction=True)
def test_nobody_is_told_of_a_move_that_was_rolled_back(world):
    from django.db import transaction

    task = make_task(world, Status.DRAFT)
    with pytest.raises(RuntimeError), transaction.atomic():
        task.assign(world.office, world.lead, [], "", task.deadline, "deadline")
        raise RuntimeError("the request failed after the move")
    assert not Notification.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_messages_are_in_the_sites_language_whatever_the_actor_reads(world):
    # The office works with the English switcher on; the liaison it tells did not choose
    # English, nor did the unit's mail and work-messaging group: the message is Chinese.
    from django.utils import translation

    task = make_task(world, Status.DRAFT)
    with translation.override("en"):
        task.assign(world.office, world.lead, [], "张副区长", task.deadline, "deadline")
        assert translation.get_language() == "en"  # the actor's own page stays English
    [note] = Notification.objects.filter(user=world.lead_liaison)
    assert note.title.startswith("新下达事项待认领:")
