"""Who may make which move on an item (the who-predicates themselves are zhenggai.access).

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

from django.http import Http404

from zhenggai import access
from zhenggai.tasks.states import (
    Action,
)

# --- who ------------------------------------------------------------------------------
# The predicates are zhenggai.access's; what is here is what only an item's moves need.

is_office = access.is_office
is_leader = access.is_leader
is_lead_liaison = access.is_lead_liaison
is_task_unit_worker = access.works_on
can_edit = access.edits_task

# Separation of duties (四眼原则): submitting closure, the office's review and the
# leading group's approval are three people. Whoever did one of them on an item — in any
# round, whatever roles they hold or held — may not do another on the same item.
SIGN_OFF_DUTIES = (Action.REQUEST_CLOSURE, Action.OFFICE_ACCEPT, Action.APPROVE)


def sign_off_duties_done(user, task) -> set[str]:
    """The sign-off duties `user` has performed on `task`. Task.sign_offs keeps who did
    which, written by the move itself in its guarded UPDATE, so that asking about every
    row of a list costs no query."""
    if not access.active(user):
        return set()
    done = {duty for duty, ids in (task.sign_offs or {}).items() if user.pk in ids}
    # The pending request is also on the item itself (set by REQUEST_CLOSURE).
    if task.closure_requested_by_id == user.pk:
        done.add(str(Action.REQUEST_CLOSURE))
    return done


def with_sign_off(task, user, action) -> dict | None:
    """Task.sign_offs once `user` has made `action`, or None if `action` is no duty."""
    if action not in SIGN_OFF_DUTIES:
        return None
    current = {duty: list(ids) for duty, ids in (task.sign_offs or {}).items()}
    ids = current.setdefault(str(action), [])
    if user.pk not in ids:
        ids.append(user.pk)
    return current


def _free_for(duty):
    def check(user, task) -> bool:
        return not (sign_off_duties_done(user, task) - {str(duty)})

    return check


def _office(user, task) -> bool:
    return is_office(user) and access.keeps_task(user, task)


def _office_reviewer(user, task) -> bool:
    return _office(user, task) and _free_for(Action.OFFICE_ACCEPT)(user, task)


def _leader_approver(user, task) -> bool:
    return (
        is_leader(user) and access.keeps_task(user, task) and _free_for(Action.APPROVE)(user, task)
    )


def _closure_requester(user, task) -> bool:
    return is_lead_liaison(user, task) and _free_for(Action.REQUEST_CLOSURE)(user, task)


# --- the rules --------------------------------------------------------------------------


def _move(name):
    # The table imports this module for its predicates; read it when asked.
    from zhenggai.tasks.moves import MOVES

    return MOVES[name]


def may(user, move: str, task) -> bool:
    """The 'who' half of a rule: role and unit, whatever the state."""
    return _move(move).who(user, task)


def possible(move: str, task) -> bool:
    """The 'state' half of a rule: whatever the user."""
    rule = _move(move)
    if rule.sources is not None and task.status not in rule.sources:
        return False
    return rule.when is None or rule.when(task)


def can(user, move: str, task) -> bool:
    # The state first: it costs nothing, and the who-half may read the item's log.
    return possible(move, task) and may(user, move, task)


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


def can_decide_extension(user, task) -> bool:
    """The office of the item's own organisation (access.decides_for_task)."""
    return access.decides_for_task(user, task)


def can_review_reports(user, task) -> bool:
    """The office of the item's own organisation (access.decides_for_task)."""
    return access.decides_for_task(user, task)


def get_task_for(user, pk, qs=None):
    """The item `pk` as `user` may see it, and whether they may change it; `qs` says
    what to load with it (the item page loads all it shows in the same lookup).

    Raises Http404 for an item outside the user's scope — an outsider learns nothing,
    not even that it exists; a read-only viewer gets `can_edit=False` (→ 403 on POST).
    """
    from zhenggai.tasks.models import Task

    if qs is None:
        qs = Task.objects.select_related(
            "finding", "lead_unit", "closure_requested_by"
        ).prefetch_related("units")
    try:
        task = access.tasks(user, qs).get(pk=pk)
    except (Task.DoesNotExist, ValueError, TypeError):
        raise Http404("no such task") from None
    return task, can_edit(user, task)
