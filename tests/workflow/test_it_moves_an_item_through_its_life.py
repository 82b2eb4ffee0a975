"""The whole path of the report's items: 下达 → 认领 → 整改中 → 阶段性成效 → 申请销号 →
整改办审核 → 销号, and the long-term and 反弹 branches."""

import datetime

import pytest

from tests.workflow._helpers import DEADLINE, add_evidence, make_task
from zhenggai.audit.models import AuditEntry
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.tasks.models import Action, Status, Task, Timeframe
from zhenggai.tasks.workflow import MissingRequirement, MoveNotAllowed, WrongState


def _path(task):
    return [(t.action, t.from_status, t.to_status) for t in task.transitions.order_by("at", "id")]


@pytest.mark.django_db
def test_it_takes_an_item_from_draft_to_completed(world):
    task = make_task(world, Status.DRAFT, lead=False, timeframe="", deadline=None)

    task.assign(
        world.office, world.lead, [world.shared], "张区长", DEADLINE, Timeframe.DEADLINE, "第一批"
    )
    task.claim(world.lead_liaison)
    ProgressReport.file(world.shared_liaison, task, Period.WEEK, DEADLINE, "沙面街道完成排查。")
    task.refresh_from_db()
    task.report_staged(world.lead_liaison, "完成治理435宗,面积34.5万平方米")
    add_evidence(world, task)
    task.request_closure(world.lead_liaison, "河涌水质明显改善")
    task.office_accept(world.office, "材料齐全")
    task.approve(world.leader)

    fresh = Task.objects.get(pk=task.pk)
    assert fresh.status == Status.COMPLETED
    assert fresh.public_phrase == "已完成整改"
    assert fresh.lead_unit == world.lead
    assert list(fresh.units.all()) == [world.shared]
    assert (fresh.leader, fresh.deadline, fresh.timeframe) == ("张区长", DEADLINE, "deadline")
    assert fresh.effect_note == "河涌水质明显改善"
    assert fresh.closure_requested_by == world.lead_liaison
    assert fresh.version == task.version == 8
    assert _path(fresh) == [
        (Action.ASSIGN, Status.DRAFT, Status.ASSIGNED),
        (Action.CLAIM, Status.ASSIGNED, Status.CLAIMED),
        (Action.START, Status.CLAIMED, Status.IN_PROGRESS),
        (Action.REPORT_STAGED, Status.IN_PROGRESS, Status.STAGED),
        (Action.REQUEST_CLOSURE, Status.STAGED, Status.CLOSURE_REQUESTED),
        (Action.OFFICE_ACCEPT, Status.CLOSURE_REQUESTED, Status.OFFICE_ACCEPTED),
        (Action.APPROVE, Status.OFFICE_ACCEPTED, Status.COMPLETED),
    ]
    actors = [t.actor for t in fresh.transitions.order_by("at", "id")]
    assert actors == [
        world.office,
        world.lead_liaison,
        world.shared_liaison,
        world.lead_liaison,
        world.lead_liaison,
        world.office,
        world.leader,
    ]
    assert fresh.transitions.get(action=Action.ASSIGN).reason == "第一批"


@pytest.mark.django_db
def test_it_starts_the_item_once_when_two_units_file_their_first_reports(world):
    task = make_task(world, Status.CLAIMED)
    stale = Task.objects.get(pk=task.pk)
    ProgressReport.file(world.lead_liaison, task, Period.WEEK, DEADLINE, "牵头单位进展")
    ProgressReport.file(world.shared_liaison, stale, Period.WEEK, DEADLINE, "责任单位进展")

    assert Task.objects.get(pk=task.pk).status == Status.IN_PROGRESS
    assert task.transitions.filter(action=Action.START).count() == 1
    assert ProgressReport.objects.count() == 2


@pytest.mark.django_db
def test_it_returns_a_closure_request_to_the_state_it_came_from(world):
    staged = make_task(world, Status.STAGED)
    in_progress = make_task(world, Status.IN_PROGRESS)
    for task in (staged, in_progress):
        add_evidence(world, task)
        task.request_closure(world.lead_liaison, "成效")
    in_progress.office_accept(world.office)

    staged.office_return(world.office, "佐证材料不足以证明成效")
    in_progress.office_return(world.office2, "还需补充台账")

    assert Task.objects.get(pk=staged.pk).status == Status.STAGED
    assert Task.objects.get(pk=in_progress.pk).status == Status.IN_PROGRESS
    assert staged.closure_requested_by is None
    last = staged.transitions.last()
    assert (last.action, last.reason, last.actor) == (
        Action.OFFICE_RETURN,
        "佐证材料不足以证明成效",
        world.office,
    )


@pytest.mark.django_db
def test_it_wants_a_comment_to_return(world):
    task = make_task(world, Status.CLOSURE_REQUESTED)
    with pytest.raises(MissingRequirement):
        task.office_return(world.office, "  ")


@pytest.mark.django_db
def test_it_refuses_closure_without_evidence(world):
    task = make_task(world, Status.IN_PROGRESS)
    with pytest.raises(MissingRequirement, match="佐证材料") as refused:
        task.request_closure(world.lead_liaison, "成效明显")
    assert refused.value.status_code == 422
    assert Task.objects.get(pk=task.pk).status == Status.IN_PROGRESS
    assert not AuditEntry.objects.filter(action=Action.REQUEST_CLOSURE).exists()


@pytest.mark.django_db
def test_it_refuses_closure_without_an_effect_note(world):
    task = make_task(world, Status.IN_PROGRESS)
    add_evidence(world, task)
    with pytest.raises(MissingRequirement, match="整改成效"):
        task.request_closure(world.lead_liaison, "   ")
    assert Task.objects.get(pk=task.pk).status == Status.IN_PROGRESS


@pytest.mark.django_db
def test_it_keeps_the_submitter_from_reviewing_or_approving_their_own_request(world):
    # A liaison who later joins the office (or the leading group) must not sign off
    # what they asked for.
    task = make_task(world, Status.IN_PROGRESS)
    add_evidence(world, task)
    submitter = world.lead_liaison
    task.request_closure(submitter, "成效")

    submitter.role = "office"
    submitter.save()
    with pytest.raises(MoveNotAllowed):
        task.office_accept(submitter)
    task.office_accept(world.office)

    submitter.role = "leader"
    submitter.save()
    with pytest.raises(MoveNotAllowed):
        task.approve(submitter)
    task.approve(world.leader)
    assert Task.objects.get(pk=task.pk).status == Status.COMPLETED


@pytest.mark.django_db
def test_it_reopens_a_completed_item_and_keeps_its_history(world):
    task = make_task(world, Status.IN_PROGRESS)
    evidence = add_evidence(world, task)
    task.request_closure(world.lead_liaison, "成效")
    task.office_accept(world.office)
    task.approve(world.leader)

    with pytest.raises(MissingRequirement):
        task.reopen(world.office, "")
    task.reopen(world.office, "群众反映河涌黑臭反弹")

    fresh = Task.objects.get(pk=task.pk)
    assert fresh.status == Status.IN_PROGRESS
    assert fresh.closure_requested_by is None
    assert fresh.evidence.get() == evidence
    assert [t.action for t in fresh.transitions.order_by("at", "id")] == [
        Action.REQUEST_CLOSURE,
        Action.OFFICE_ACCEPT,
        Action.APPROVE,
        Action.REOPEN,
    ]
    assert fresh.transitions.last().reason == "群众反映河涌黑臭反弹"
    # …and it can go round again.
    fresh.request_closure(world.lead_liaison, "再次整改完成")
    assert fresh.status == Status.CLOSURE_REQUESTED


@pytest.mark.django_db
def test_it_marks_a_long_term_item_which_then_keeps_reporting_and_never_closes(world):
    task = make_task(world, Status.STAGED, timeframe=Timeframe.LONG_TERM)
    with pytest.raises(MissingRequirement):
        task.mark_long_term(world.office, "")
    task.mark_long_term(world.office, "已建立河长制长效机制")

    assert task.public_phrase == "长期推进,已落实具体举措并取得明显成效"
    ProgressReport.file(world.lead_liaison, task, Period.MONTH, DEADLINE, "本月巡河30次")
    add_evidence(world, task)
    with pytest.raises(WrongState):
        task.request_closure(world.lead_liaison, "成效")
    with pytest.raises(WrongState):
        task.approve(world.leader)


@pytest.mark.django_db
def test_it_changes_the_assignment_without_moving_the_item(world):
    task = make_task(world, Status.STAGED, status_text="已取得阶段性成效")
    version = task.version
    task.set_assignment(
        world.office,
        version,
        lead_unit=world.other,
        units=[world.shared, world.lead],
        deadline=datetime.date(2018, 12, 31),
        reason="调整牵头单位",
    )
    fresh = Task.objects.get(pk=task.pk)
    assert fresh.status == Status.STAGED
    assert fresh.status_text == "已取得阶段性成效"
    assert fresh.version == version + 1
    assert fresh.lead_unit == world.other
    assert fresh.deadline == datetime.date(2018, 12, 31)
    assert fresh.leader == ""  # not given: kept as it was
    entry = AuditEntry.objects.get(action="set_assignment")
    assert entry.before["lead_unit"] == {"id": world.lead.pk, "name": "区河长办"}
    assert entry.after["lead_unit"] == {"id": world.other.pk, "name": "区教育局"}
    assert entry.before["units"] == ["沙面街道"]
    assert entry.after["units"] == sorted(["沙面街道", "区河长办"])
    assert entry.before["deadline"] == "2018-09-24"
    assert entry.after["deadline"] == "2018-12-31"
    assert entry.note == "调整牵头单位"
    assert not task.transitions.exists()


@pytest.mark.django_db
def test_it_wants_a_lead_unit_and_a_deadline_to_assign(world):
    task = make_task(world, Status.DRAFT, lead=False)
    with pytest.raises(MissingRequirement, match="牵头单位"):
        task.assign(world.office, None, [], "", DEADLINE, Timeframe.DEADLINE)
    with pytest.raises(MissingRequirement, match="完成时限"):
        task.assign(world.office, world.lead, [], "", None, Timeframe.DEADLINE)
    task.assign(world.office, world.lead, [], "", None, Timeframe.LONG_TERM)
    assert task.status == Status.ASSIGNED
