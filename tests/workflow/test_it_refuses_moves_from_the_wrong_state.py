"""Every move, from every state it cannot be made from: WrongState, nothing written."""

import datetime

import pytest

from tests.workflow._helpers import DEADLINE, add_evidence, make_task
from zhenggai.audit.models import AuditEntry
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.tasks import permissions
from zhenggai.tasks.models import Status, Task, Timeframe
from zhenggai.tasks.moves import MOVES as TABLE
from zhenggai.tasks.workflow import WrongState

LATER = DEADLINE + datetime.timedelta(days=30)

# move: (who makes it, the call)
MOVES = {
    "assign": (
        "office",
        lambda t, u, w: t.assign(u, w.lead, [], "", DEADLINE, Timeframe.DEADLINE),
    ),
    "claim": ("lead_liaison", lambda t, u, w: t.claim(u)),
    "file_report": (
        "lead_member",
        lambda t, u, w: ProgressReport.file(u, t, Period.DAY, DEADLINE, "进展"),
    ),
    "report_staged": ("lead_liaison", lambda t, u, w: t.report_staged(u, "成效")),
    "request_closure": ("lead_liaison", lambda t, u, w: t.request_closure(u, "成效")),
    "office_accept": ("office", lambda t, u, w: t.office_accept(u)),
    "office_return": ("office", lambda t, u, w: t.office_return(u, "退回")),
    "approve": ("leader", lambda t, u, w: t.approve(u)),
    "mark_long_term": ("office", lambda t, u, w: t.mark_long_term(u, "举措")),
    "reopen": ("office", lambda t, u, w: t.reopen(u, "反弹")),
    "request_extension": ("lead_liaison", lambda t, u, w: t.request_extension(u, LATER, "汛期")),
}

CASES = [
    pytest.param(move, status, id=f"{move}-{status}")
    for move in MOVES
    for status in Status.values
    if status not in TABLE[move].sources
]


@pytest.mark.django_db
@pytest.mark.parametrize(("move", "status"), CASES)
def test_it_refuses_a_move_from_a_state_it_does_not_start_from(world, move, status):
    timeframe = Timeframe.LONG_TERM if move == "mark_long_term" else Timeframe.DEADLINE
    task = make_task(world, status, timeframe=timeframe, deadline=DEADLINE)
    add_evidence(world, task)
    who, call = MOVES[move]
    user = getattr(world, who)
    audit_before = AuditEntry.objects.count()
    assert not permissions.can(user, move, task)

    with pytest.raises(WrongState) as refused:
        call(task, user, world)

    assert refused.value.status_code == 409
    assert "当前状态" in str(refused.value)
    assert Task.objects.get(pk=task.pk).status == status
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.django_db
def test_it_marks_long_term_only_items_whose_timeframe_is_long_term(world):
    task = make_task(world, Status.STAGED, timeframe=Timeframe.DEADLINE)
    assert not permissions.can_mark_long_term(world.office, task)
    with pytest.raises(WrongState, match="长期推进"):
        task.mark_long_term(world.office, "举措")


@pytest.mark.django_db
def test_it_asks_for_a_claim_before_the_first_report(world):
    task = make_task(world, Status.ASSIGNED)
    assert not permissions.can_report(world.lead_liaison, task)
    with pytest.raises(WrongState):
        ProgressReport.file(world.lead_liaison, task, Period.WEEK, DEADLINE, "进展")
    assert not ProgressReport.objects.exists()
