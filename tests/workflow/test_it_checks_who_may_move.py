"""Every move, for every role: allowed for exactly the roles the rules name, refused
(MoveNotAllowed, nothing written) for everyone else — and the `can_*` predicates the
templates use say the same."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.workflow._helpers import DEADLINE, ROLES, add_evidence, make_task, pdf
from zhenggai.audit.models import AuditEntry
from zhenggai.reporting.models import Evidence, Period, ProgressReport
from zhenggai.tasks import permissions
from zhenggai.tasks.models import Status, Task, Timeframe, Transition
from zhenggai.tasks.workflow import MoveNotAllowed

DAY = datetime.date(2018, 8, 15)
UNIT_WORKERS = {"lead_liaison", "lead_member", "shared_liaison"}

# move: (state it starts from, extra task fields, the call, the state after, who may)
MOVES = {
    "assign": (
        Status.DRAFT,
        {},
        lambda t, u, w: t.assign(u, w.lead, [w.shared], "张区长", DEADLINE, Timeframe.DEADLINE),
        Status.ASSIGNED,
        {"office"},
    ),
    "set_assignment": (
        Status.IN_PROGRESS,
        {},
        lambda t, u, w: t.set_assignment(u, t.version, leader="李副区长"),
        Status.IN_PROGRESS,
        {"office"},
    ),
    "claim": (Status.ASSIGNED, {}, lambda t, u, w: t.claim(u), Status.CLAIMED, {"lead_liaison"}),
    "file_report": (
        Status.CLAIMED,
        {},
        lambda t, u, w: ProgressReport.file(u, t, Period.WEEK, DAY, "已完成排查。"),
        Status.IN_PROGRESS,
        UNIT_WORKERS,
    ),
    "report_staged": (
        Status.IN_PROGRESS,
        {},
        lambda t, u, w: t.report_staged(u, "完成治理435宗"),
        Status.STAGED,
        {"lead_liaison"},
    ),
    "request_closure": (
        Status.STAGED,
        {"evidence": True},
        lambda t, u, w: t.request_closure(u, "河涌水质明显改善"),
        Status.CLOSURE_REQUESTED,
        {"lead_liaison"},
    ),
    "office_accept": (
        Status.CLOSURE_REQUESTED,
        {"submitted": True},
        lambda t, u, w: t.office_accept(u),
        Status.OFFICE_ACCEPTED,
        {"office"},
    ),
    "office_return": (
        Status.CLOSURE_REQUESTED,
        {"submitted": True},
        lambda t, u, w: t.office_return(u, "佐证材料不全"),
        Status.IN_PROGRESS,
        {"office"},
    ),
    "approve": (
        Status.OFFICE_ACCEPTED,
        {"submitted": True},
        lambda t, u, w: t.approve(u),
        Status.COMPLETED,
        {"leader"},
    ),
    "mark_long_term": (
        Status.IN_PROGRESS,
        {"timeframe": Timeframe.LONG_TERM},
        lambda t, u, w: t.mark_long_term(u, "建立长效机制"),
        Status.LONG_TERM,
        {"office"},
    ),
    "reopen": (
        Status.COMPLETED,
        {},
        lambda t, u, w: t.reopen(u, "问题反弹"),
        Status.IN_PROGRESS,
        {"office"},
    ),
    "request_extension": (
        Status.IN_PROGRESS,
        {},
        lambda t, u, w: t.request_extension(u, DEADLINE + datetime.timedelta(days=30), "汛期"),
        Status.IN_PROGRESS,
        {"lead_liaison"},
    ),
    "attach_evidence": (
        Status.IN_PROGRESS,
        {},
        lambda t, u, w: Evidence.attach(u, t, pdf()),
        Status.IN_PROGRESS,
        {"office", *UNIT_WORKERS},
    ),
}

CASES = [
    pytest.param(move, role, role in MOVES[move][4], id=f"{move}-{role}")
    for move in MOVES
    for role in [*ROLES, "anonymous"]
]


def _prepared(world, move):
    status, extra, *_ = MOVES[move]
    fields = {}
    if "timeframe" in extra:
        fields["timeframe"] = extra["timeframe"]
    task = make_task(world, status, **fields)
    if extra.get("evidence"):
        add_evidence(world, task)
    if extra.get("submitted"):
        Task.objects.filter(pk=task.pk).update(closure_requested_by=world.lead_liaison)
        task.refresh_from_db()
    return task


@pytest.mark.django_db
@pytest.mark.parametrize(("move", "role", "allowed"), CASES)
def test_it_allows_exactly_the_named_roles(world, move, role, allowed):
    task = _prepared(world, move)
    user = AnonymousUser() if role == "anonymous" else getattr(world, role)
    _status, _extra, call, after, _who = MOVES[move]
    assert permissions.can(user, move, task) is allowed
    audit_before = AuditEntry.objects.count()
    version = task.version

    if allowed:
        call(task, user, world)
        task.refresh_from_db()
        assert task.status == after
        assert AuditEntry.objects.count() > audit_before
    else:
        with pytest.raises(MoveNotAllowed):
            call(task, user, world)
        fresh = Task.objects.get(pk=task.pk)
        assert (fresh.status, fresh.version) == (MOVES[move][0], version)
        assert Transition.objects.filter(task=task).count() == 0
        assert AuditEntry.objects.count() == audit_before


@pytest.mark.django_db
def test_it_refuses_an_inactive_office_account(world):
    task = make_task(world, Status.DRAFT)
    world.office.is_active = False
    world.office.save()
    with pytest.raises(MoveNotAllowed):
        task.assign(world.office, world.lead, [], "", DEADLINE, Timeframe.DEADLINE)


@pytest.mark.django_db
def test_it_gives_a_superuser_no_ledger_work(world):
    # A superuser administers accounts and reads everything; reviewing and approving
    # are named roles' acts (zhenggai.access).
    task = make_task(world, Status.OFFICE_ACCEPTED)
    world.office.is_superuser = True
    world.office.role = "member"
    world.office.save()
    assert not permissions.can_review(world.office, make_task(world, Status.CLOSURE_REQUESTED))
    assert not permissions.can_approve(world.office, task)
    assert Task.objects.visible_to(world.office).count() == Task.objects.count()
