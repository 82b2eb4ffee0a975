"""The state graph of an item: every move in one table.

Each row says what a move is called, from which states it can be made, where it
leads, who may make it (a predicate of zhenggai.access / tasks.permissions), what it
needs (a text, evidence, a condition on the item), what else it writes, and the domain
event it emits once its transaction commits. `perform()` (at the end) is the one way from
a move's name to the method that makes it: the item page's forms (tasks/forms.py) and the
API both call it; `Task.make_move` performs the state moves.

Moves without a `target` do not change the state (changing the assignment, editing the
measure, filing a report, attaching evidence, asking for an extension): their rows give
their rule; their own methods do the writing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from zhenggai.tasks import permissions as p
from zhenggai.tasks.states import REPORTABLE_STATUSES, WORKING_STATUSES, Action, Status, Timeframe


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    who: Callable
    # None: any state.
    sources: frozenset | None = None
    # The state it leads to: a Status, a function of the item (退回 goes back to where the
    # item was), or None for a move that changes no state.
    target: object = None
    # A further condition on the item, with the message shown when it fails.
    when: Callable | None = None
    when_message: str = ""
    # The text the move takes (a reason, the effect…): its label on the page and, when it
    # is required, the message when it is missing.
    text_label: str = ""
    text_required: str = ""
    # Evidence on the item before the move (申请销号).
    needs_evidence: bool = False
    # Further fields the move writes in its guarded UPDATE: a function (task, user, text)
    # -> dict.
    writes: Callable | None = None
    # The page: what kind of form, whether it is a step back, the message when done.
    form: str = "plain"  # plain | assignment | extension | none
    danger: bool = False
    done: str = ""
    # The domain event emitted after commit (tasks.events).
    event: str = ""
    # What cannot be undone, said on the confirmation page (zhenggai/lib/confirm.py).
    consequences: tuple = ()
    extra: dict = field(default_factory=dict)


def _is_long_term(task) -> bool:
    return task.timeframe == Timeframe.LONG_TERM


def _has_deadline(task) -> bool:
    return task.effective_deadline is not None


def _back_to_before_request(task):
    return task.state_before_closure_request()


MOVES: dict[str, Move] = {
    m.name: m
    for m in (
        Move(
            Action.ASSIGN,
            Action.ASSIGN.label,
            p._office,
            frozenset({Status.DRAFT}),
            target=Status.ASSIGNED,
            text_label=_("下达说明"),
            form="assignment",
            done=_("已下达。"),
            event="task.assigned",
        ),
        Move(
            "set_assignment",
            _("调整分工"),
            p._office,
            text_label=_("调整理由"),
            form="assignment",
            done=_("分工已调整。"),
            event="task.reassigned",
        ),
        # The measure's wording (措施、分项措施、整改成效), in any state: the office keeps
        # the master ledger, and a closed item's text may still need correcting.
        Move("edit_measure", _("修改整改措施"), p._office, form="none"),
        Move(
            Action.CLAIM,
            Action.CLAIM.label,
            p.is_lead_liaison,
            frozenset({Status.ASSIGNED}),
            target=Status.CLAIMED,
            done=_("已认领。"),
            event="task.claimed",
        ),
        # Filing progress (and, on a claimed item, the START move that comes with the
        # first report). Claim first: an ASSIGNED item has no one working on it yet.
        Move("file_report", _("填报进展"), p.is_task_unit_worker, REPORTABLE_STATUSES, form="none"),
        Move(
            Action.REPORT_STAGED,
            Action.REPORT_STAGED.label,
            p.is_lead_liaison,
            frozenset({Status.IN_PROGRESS, Status.UNFINISHED}),
            target=Status.STAGED,
            text_label=_("取得的阶段性成效"),
            text_required=_("请说明取得的阶段性成效。"),
            done=_("已报告阶段性成效。"),
            event="task.staged",
        ),
        Move(
            Action.REQUEST_CLOSURE,
            Action.REQUEST_CLOSURE.label,
            p._closure_requester,
            WORKING_STATUSES,
            target=Status.CLOSURE_REQUESTED,
            text_label=_("整改成效"),
            text_required=_("请填写整改成效。"),
            needs_evidence=True,
            writes=lambda task, user, text: {"effect_note": text, "closure_requested_by": user},
            done=_("已申请销号,等待整改办审核。"),
            event="task.closure_requested",
        ),
        Move(
            Action.OFFICE_ACCEPT,
            _("审核通过"),
            p._office_reviewer,
            frozenset({Status.CLOSURE_REQUESTED}),
            target=Status.OFFICE_ACCEPTED,
            text_label=_("审核意见(可选)"),
            done=_("已审核通过,等待领导小组审批。"),
            event="task.office_accepted",
        ),
        Move(
            Action.OFFICE_RETURN,
            Action.OFFICE_RETURN.label,
            p._office,
            frozenset({Status.CLOSURE_REQUESTED, Status.OFFICE_ACCEPTED}),
            target=_back_to_before_request,
            text_label=_("退回理由"),
            text_required=_("退回须说明理由。"),
            writes=lambda task, user, text: {"closure_requested_by": None},
            danger=True,
            done=_("已退回。"),
            event="task.returned",
            consequences=(
                _("销号申请作废,事项退回牵头单位继续整改;"),
                _("退回理由记入履职留痕,牵头单位可见。"),
            ),
        ),
        Move(
            Action.APPROVE,
            _("审批销号"),
            p._leader_approver,
            frozenset({Status.OFFICE_ACCEPTED}),
            target=Status.COMPLETED,
            text_label=_("审批意见(可选)"),
            done=_("已审批销号。"),
            event="task.approved",
            consequences=(
                _("事项销号,状态成为“已完成整改”,计入已完成事项;"),
                _("销号不能撤回;如问题反弹,只能“反弹重新整改”。"),
            ),
        ),
        Move(
            Action.MARK_LONG_TERM,
            Action.MARK_LONG_TERM.label,
            p._office,
            WORKING_STATUSES,
            target=Status.LONG_TERM,
            when=_is_long_term,
            when_message=_("只有时限类型为“长期推进”的任务才能转为长期推进。"),
            text_label=_("已落实的具体举措和成效"),
            text_required=_("请说明已落实的具体举措和成效。"),
            done=_("已转为长期推进。"),
            event="task.long_term",
        ),
        Move(
            Action.REOPEN,
            _("反弹重新整改"),
            p._office,
            frozenset({Status.COMPLETED}),
            target=Status.IN_PROGRESS,
            text_label=_("重新整改理由"),
            text_required=_("重新整改须说明理由。"),
            writes=lambda task, user, text: {"closure_requested_by": None},
            danger=True,
            done=_("已重新进入整改。"),
            event="task.reopened",
        ),
        Move(
            "request_extension",
            _("申请延期"),
            p.is_lead_liaison,
            frozenset({Status.CLAIMED, *WORKING_STATUSES}),
            when=_has_deadline,
            when_message=_("该任务没有完成时限,无需申请延期。"),
            text_label=_("延期理由"),
            text_required=_("请说明延期理由。"),
            form="extension",
            done=_("已提交延期申请。"),
            event="extension.requested",
        ),
        Move("attach_evidence", _("上传佐证材料"), p.can_edit, form="none"),
    )
}

# The moves that only change the state, with a text: what Task.make_move performs.
STATE_MOVES = frozenset(
    name for name, move in MOVES.items() if move.target is not None and move.form == "plain"
)


def perform(task, user, name, text="", expected_version=None, **fields):
    """Make the move `name` on `task`: the one dispatch from a move's name to its method,
    for the item page's forms (tasks/forms.py) and the API alike.

    State moves with a text go through `Task.make_move`; the others (下达, 调整分工,
    申请延期) through their own methods, which take the form's further `fields`.
    """
    from zhenggai.tasks.workflow import WrongState

    move = MOVES.get(name)
    if move is None or move.form == "none":
        raise WrongState(_("该操作不能这样执行。"))
    if name in STATE_MOVES:
        return task.make_move(user, name, text, expected_version)
    return getattr(task, name)(user, reason=text, expected_version=expected_version, **fields)
