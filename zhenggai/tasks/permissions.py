"""Who may do what to an item: the one place the rules are written.

Views and templates ask the `can_*` predicates whether to show a button; the move
methods on Task (workflow.py) ask the same rules, through `check_move`, before they
write anything. A rule has two halves, kept apart because they answer differently:
who may make the move (no → 403, `MoveNotAllowed`) and from which states it can be made
(no → 409, `WrongState`).

A user's role is the permission; `Unit.liaison` only says who gets the reminders. A
liaison of the lead unit (牵头单位联络员) makes the unit's moves; liaisons and members of
the lead unit or a responsible unit (责任单位) file progress and evidence. The office
(整改办) assigns and reviews, the leading group (领导小组) approves closure, and the
discipline commission and the higher office only read.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from zhenggai.accounts.models import UNIT_ROLES, Role
from zhenggai.tasks.states import (
    REPORTABLE_STATUSES,
    WORKING_STATUSES,
    Action,
    Status,
    Timeframe,
)

# --- who ------------------------------------------------------------------------------


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


def is_office(user) -> bool:
    """整改办 (and superusers), never a read-only account."""
    return _active(user) and user.is_office and not user.is_read_only


def is_leader(user) -> bool:
    """领导小组. Superusers are not leaders: approval is a named person's act."""
    return _active(user) and user.role == Role.LEADER


def _unit_ids(task) -> set[int]:
    # Use the prefetched responsible units when a list page loaded them, so that asking
    # about every row of a list costs no query per row.
    cache = getattr(task, "_prefetched_objects_cache", {})
    if "units" in cache:
        return {unit.pk for unit in cache["units"]}
    return set(task.units.values_list("pk", flat=True))


def is_task_unit_worker(user, task) -> bool:
    """A liaison or member of the lead unit or of a responsible unit of `task`."""
    if not _active(user) or user.role not in UNIT_ROLES or user.unit_id is None:
        return False
    return user.unit_id == task.lead_unit_id or user.unit_id in _unit_ids(task)


def is_lead_liaison(user, task) -> bool:
    """The liaison officer of the item's lead unit: files the unit's moves."""
    return (
        _active(user)
        and user.role == Role.LIAISON
        and task.lead_unit_id is not None
        and user.unit_id == task.lead_unit_id
    )


def _not_submitter(user, task) -> bool:
    # Four eyes: whoever asked for closure may not also review or approve it.
    return task.closure_requested_by_id is None or task.closure_requested_by_id != user.pk


def _office(user, task) -> bool:
    return is_office(user)


def _office_reviewer(user, task) -> bool:
    return is_office(user) and _not_submitter(user, task)


def _leader_approver(user, task) -> bool:
    return is_leader(user) and _not_submitter(user, task)


def can_edit(user, task) -> bool:
    """May change the item's content (reports, evidence): the office and the item's units.

    The leading group, the discipline commission and the higher office read only.
    """
    return is_office(user) or is_task_unit_worker(user, task)


# --- the rules --------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    label: str
    who: Callable
    # None: any state.
    sources: frozenset | None = None
    # A further condition on the item itself, with the message shown when it fails.
    when: Callable | None = None
    when_message: str = ""


def _is_long_term(task) -> bool:
    return task.timeframe == Timeframe.LONG_TERM


def _has_deadline(task) -> bool:
    return task.effective_deadline is not None


RULES: dict[str, Rule] = {
    Action.ASSIGN: Rule(Action.ASSIGN.label, _office, frozenset({Status.DRAFT})),
    "set_assignment": Rule(_("调整分工"), _office),
    # The measure's wording (措施、分项措施、整改成效), in any state: the office keeps the
    # master ledger, and a closed item's text may still need correcting.
    "edit_measure": Rule(_("修改整改措施"), _office),
    Action.CLAIM: Rule(Action.CLAIM.label, is_lead_liaison, frozenset({Status.ASSIGNED})),
    # Filing progress (and, on a claimed item, the START move that comes with the first
    # report). Claim first: an ASSIGNED item has no one working on it yet.
    "file_report": Rule(_("填报进展"), is_task_unit_worker, REPORTABLE_STATUSES),
    Action.REPORT_STAGED: Rule(
        Action.REPORT_STAGED.label,
        is_lead_liaison,
        frozenset({Status.IN_PROGRESS, Status.UNFINISHED}),
    ),
    Action.REQUEST_CLOSURE: Rule(Action.REQUEST_CLOSURE.label, is_lead_liaison, WORKING_STATUSES),
    Action.OFFICE_ACCEPT: Rule(
        Action.OFFICE_ACCEPT.label, _office_reviewer, frozenset({Status.CLOSURE_REQUESTED})
    ),
    Action.OFFICE_RETURN: Rule(
        Action.OFFICE_RETURN.label,
        _office,
        frozenset({Status.CLOSURE_REQUESTED, Status.OFFICE_ACCEPTED}),
    ),
    Action.APPROVE: Rule(
        Action.APPROVE.label, _leader_approver, frozenset({Status.OFFICE_ACCEPTED})
    ),
    Action.MARK_LONG_TERM: Rule(
        Action.MARK_LONG_TERM.label,
        _office,
        WORKING_STATUSES,
        when=_is_long_term,
        when_message=_("只有时限类型为“长期推进”的任务才能转为长期推进。"),
    ),
    Action.REOPEN: Rule(Action.REOPEN.label, _office, frozenset({Status.COMPLETED})),
    "request_extension": Rule(
        _("申请延期"),
        is_lead_liaison,
        frozenset({Status.CLAIMED, *WORKING_STATUSES}),
        when=_has_deadline,
        when_message=_("该任务没有完成时限,无需申请延期。"),
    ),
    "attach_evidence": Rule(_("上传佐证材料"), can_edit),
}


def may(user, move: str, task) -> bool:
    """The 'who' half of a rule: role and unit, whatever the state."""
    return RULES[move].who(user, task)


def possible(move: str, task) -> bool:
    """The 'state' half of a rule: whatever the user."""
    rule = RULES[move]
    if rule.sources is not None and task.status not in rule.sources:
        return False
    return rule.when is None or rule.when(task)


def can(user, move: str, task) -> bool:
    return may(user, move, task) and possible(move, task)


# --- predicates for views and templates ------------------------------------------------


def can_assign(user, task) -> bool:
    return can(user, Action.ASSIGN, task)


def can_set_assignment(user, task) -> bool:
    return can(user, "set_assignment", task)


def can_edit_measure(user, task) -> bool:
    return can(user, "edit_measure", task)


def can_create_task(user) -> bool:
    """May create an item (整改任务) for a leaf of the findings tree: the office."""
    return is_office(user)


def can_claim(user, task) -> bool:
    return can(user, Action.CLAIM, task)


def can_report(user, task) -> bool:
    """May file a progress report (进展填报) on the item now."""
    return can(user, "file_report", task)


def can_report_staged(user, task) -> bool:
    return can(user, Action.REPORT_STAGED, task)


def can_request_closure(user, task) -> bool:
    """Shows the 申请销号 button; the evidence and effect note are checked on submit."""
    return can(user, Action.REQUEST_CLOSURE, task)


def can_review(user, task) -> bool:
    """The office's review of a closure request: accept (通过) or return (退回)."""
    return can(user, Action.OFFICE_ACCEPT, task) or can(user, Action.OFFICE_RETURN, task)


def can_approve(user, task) -> bool:
    """The leading group's sign-off (销号)."""
    return can(user, Action.APPROVE, task)


def can_mark_long_term(user, task) -> bool:
    return can(user, Action.MARK_LONG_TERM, task)


def can_reopen(user, task) -> bool:
    return can(user, Action.REOPEN, task)


def can_request_extension(user, task) -> bool:
    return can(user, "request_extension", task)


def can_attach(user, task) -> bool:
    return can(user, "attach_evidence", task)


def can_decide_extension(user) -> bool:
    return is_office(user)


def can_review_reports(user) -> bool:
    return is_office(user)


def get_task_for(user, pk):
    """The item `pk` as `user` may see it, and whether they may change it.

    Raises Http404 for an item outside the user's scope — an outsider learns nothing,
    not even that it exists; a read-only viewer gets `can_edit=False` (→ 403 on POST).
    """
    from zhenggai.tasks.models import Task

    try:
        task = (
            Task.objects.visible_to(user)
            .select_related("finding", "lead_unit", "closure_requested_by")
            .prefetch_related("units")
            .get(pk=pk)
        )
    except (Task.DoesNotExist, ValueError, TypeError):
        raise Http404("no such task") from None
    return task, can_edit(user, task)
