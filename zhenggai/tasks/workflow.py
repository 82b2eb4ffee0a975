"""How an item moves: one method per move, mixed into Task.

Every move follows the same steps, inside one transaction:

1. the rule (its row in tasks.moves.MOVES): may this user make it (else `MoveNotAllowed`), and can
   it be made from this state (else `WrongState`); then its own requirements
   (`MissingRequirement`);
2. the guarded update on (pk, status, version) (zhenggai/lib/guarded.py): zero rows means
   someone else moved or changed the item since it was loaded, `Conflict`, and nothing
   is written;
3. an append-only Transition (from, to, who, when, why) and an AuditEntry.

"""

import datetime

from django.db import IntegrityError, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from zhenggai.audit.models import json_safe, record, snapshot
from zhenggai.lib import clock
from zhenggai.lib.events import emit
from zhenggai.lib.guarded import (  # noqa: F401 — the errors' home; imported from here too
    ANY_VERSION,
    Conflict,
    WorkflowError,
    check_version,
    guarded_update,
)
from zhenggai.tasks import permissions
from zhenggai.tasks.states import Action, Status, Timeframe


def _moves():
    from zhenggai.tasks.moves import MOVES

    return MOVES


def _rollups(*task_ids) -> None:
    """The dashboard's counts follow the change, in its transaction (zhenggai/rollups)."""
    from zhenggai.rollups.maintain import touch

    touch(task_ids)


def emit_move(move, task, user, from_status, text) -> None:
    """The move's domain event, after commit: what moved, from where, by whom, why."""
    if move.event:
        emit(
            move.event,
            task_id=task.pk,
            transition_id=getattr(task, "_last_transition_id", None),
            actor_id=getattr(user, "pk", None),
            from_status=str(from_status),
            to_status=str(task.status),
            text=text,
        )


class MoveNotAllowed(WorkflowError):
    """This user may not make this move (role or unit). Views answer 403."""

    status_code = 403
    default_message = _("您没有权限执行此操作。")


class WrongState(WorkflowError):
    """The move cannot be made from the item's current state. Views answer 409."""

    status_code = 409
    default_message = _("该事项当前状态下不能执行此操作。")


class MissingRequirement(WorkflowError):
    """Something the move needs is missing (a reason, evidence…). Views show it on the form
    (400/422)."""

    status_code = 422
    default_message = _("信息不完整,请补充后再提交。")


def check_move(user, move: str, task) -> None:
    """Raise unless `user` may make `move` on `task` now. The same rules as the `can_*`
    predicates in permissions.py: the row of tasks.moves.MOVES."""
    from zhenggai.tasks.moves import MOVES

    rule = MOVES[move]
    if not rule.who(user, task):
        raise MoveNotAllowed(format_lazy(_("您没有权限对该事项执行“{move}”。"), move=rule.label))
    if rule.sources is not None and task.status not in rule.sources:
        raise WrongState(
            format_lazy(
                _("该事项当前状态为“{status}”,不能执行“{move}”。"),
                status=Status(task.status).label,
                move=rule.label,
            )
        )
    if rule.when is not None and not rule.when(task):
        raise WrongState(rule.when_message)


def _required(text, message) -> str:
    text = (text or "").strip()
    if not text:
        raise MissingRequirement(message)
    return text


# The fields the office sets when it assigns an item (下达) or changes the assignment.
ASSIGNMENT_FIELDS = ("lead_unit", "units", "leader", "deadline", "timeframe")

# SubAction.label's max_length: "一是", "二十三是", "(一)"…
SUBACTION_LABEL_MAX = 10

_UNCHANGED = object()


def _clean_actions(actions) -> list[tuple[str, str]]:
    """Sub-actions as (label, text) pairs, trimmed, empty rows dropped; a label without
    text or a label too long is MissingRequirement."""
    cleaned = []
    for label, text in actions:
        label, text = (label or "").strip(), (text or "").strip()
        if not label and not text:
            continue  # an empty row of the form
        if not text:
            raise MissingRequirement(format_lazy(_("分项措施“{label}”没有内容。"), label=label))
        if len(label) > SUBACTION_LABEL_MAX:
            raise MissingRequirement(
                format_lazy(
                    _("分项措施序号不能超过 {n} 个字:“{label}”。"),
                    n=SUBACTION_LABEL_MAX,
                    label=label,
                )
            )
        cleaned.append((label, text))
    return cleaned


class TaskWorkflow:
    """The state changes of a Task. See tasks/README.md for the table."""

    # --- the common step ---------------------------------------------------------------

    def _move(self, user, action, to_status, *, reason="", expected_version=None, **changes):
        """Conditionally move from the loaded state to `to_status`, log and audit it.

        Must run inside transaction.atomic(). `changes` are further fields written in the
        same UPDATE.
        """
        from_status = self.status
        sign_offs = permissions.with_sign_off(self, user, action)
        if sign_offs is not None:
            changes["sign_offs"] = sign_offs
        before = {"status": from_status, "status_text": self.status_text}
        before.update((name, json_safe(getattr(self, name))) for name in changes)
        version = guarded_update(
            self,
            expected_version,
            where={"status": from_status},
            status=to_status,
            # The source report's wording described the imported state, not this one.
            status_text="",
            **changes,
        )
        transition = self.transitions.create(
            action=action,
            from_status=from_status,
            to_status=to_status,
            actor=user,
            at=self.updated_at,
            reason=reason,
        )
        # What the move's event names (tasks.workflow.emit_move).
        self._last_transition_id = transition.pk
        before["version"] = version
        after = {"status": str(to_status), "status_text": "", "version": version + 1}
        after.update((name, json_safe(value)) for name, value in changes.items())
        record(user, action, self, before, after, task=self, note=reason)
        _rollups(self.pk)

    def make_move(self, user, name, text="", expected_version=None):
        """Make the move `name` of tasks.moves.MOVES: its rule, its requirements, the
        guarded UPDATE, the transition, the audit entry and, after commit, its event."""
        from zhenggai.tasks.moves import MOVES, STATE_MOVES

        if name not in STATE_MOVES:
            raise WrongState(_("该操作不能这样执行。"))
        move = MOVES[name]
        check_move(user, name, self)
        text = (text or "").strip()
        if move.text_required:
            text = _required(text, move.text_required)
        with transaction.atomic():
            if move.needs_evidence and not self.evidence.exists():
                raise MissingRequirement(_("申请销号须至少上传一份佐证材料。"))
            target = move.target(self) if callable(move.target) else move.target
            from_status = self.status
            changes = move.writes(self, user, text) if move.writes else {}
            self._move(
                user, name, target, reason=text, expected_version=expected_version, **changes
            )
            emit_move(move, self, user, from_status, text)

    # --- the office creates an item and edits its measure ---------------------------------

    @classmethod
    def create_for(cls, user, finding, measure=""):
        """建立整改任务: a DRAFT item for a leaf of the findings tree, by the office.

        Refuses (WrongState) a finding that has children — an item answers a leaf — or
        already has its item; losing the race to a concurrent creation is a Conflict.
        """
        if not permissions.can_create_task(user):
            raise MoveNotAllowed(_("只有整改办可以建立整改任务。"))
        Transition = cls._meta.get_field("transitions").related_model
        with transaction.atomic():
            if finding.children.exists():
                raise WrongState(_("该问题下还有下级问题,请在最下一级问题上建立整改任务。"))
            if cls.objects.filter(finding=finding).exists():
                raise WrongState(_("该问题已有整改任务。"))
            now = clock.now()
            try:
                # A savepoint: the one-to-one constraint decides a race between two
                # clicks, and the outer transaction stays usable.
                with transaction.atomic():
                    task = cls.objects.create(
                        finding=finding, measure=(measure or "").strip(), status=Status.DRAFT
                    )
            except IntegrityError:
                raise Conflict(_("该问题刚刚已由他人建立整改任务,请刷新页面。")) from None
            Transition.objects.create(
                task=task,
                action=Action.CREATE,
                from_status="",
                to_status=Status.DRAFT,
                actor=user,
                at=now,
            )
            record(
                user,
                Action.CREATE,
                task,
                {},
                {**snapshot(task, ("status", "measure")), "version": task.version},
            )
            _rollups(task.pk)
        return task

    def _measure_snapshot(self, actions) -> dict:
        return {
            "measure": self.measure,
            "actions": [f"{label}{text}" for label, text in actions],
            "effect_note": self.effect_note,
            "body": self.body,
            "version": self.version,
        }

    def edit_measure(self, user, expected_version, measure, actions, effect_note, reason=""):
        """The office rewrites the measure: its headline (措施), its sub-actions (一是…,
        given as (label, text) pairs in order, labels kept as typed) and the effect note.

        In any state, without moving the item. A page older than the item is a Conflict,
        and nothing is written. Returns False when nothing changed (nothing is written
        either, and the version stays).
        """
        check_move(user, "edit_measure", self)
        measure = (measure or "").strip()
        effect_note = (effect_note or "").strip()
        cleaned = _clean_actions(actions)
        expected_version = check_version(expected_version, self.version)
        with transaction.atomic():
            current = list(self.actions.order_by("position").values_list("label", "text"))
            before = self._measure_snapshot(current)
            changes = {}
            if measure != self.measure:
                changes["measure"] = measure
            if effect_note != self.effect_note:
                changes["effect_note"] = effect_note
            actions_changed = cleaned != current
            if actions_changed:
                # `body` is the published paragraph after the headline; once the office
                # rewrites the sub-actions it must say what they say, not the old text.
                changes["body"] = "".join(f"{label}{text}" for label, text in cleaned)
            if not changes:
                return False
            guarded_update(self, expected_version, **changes)
            if actions_changed:
                self._replace_actions(cleaned)
            record(
                user,
                "edit_measure",
                self,
                before,
                self._measure_snapshot(cleaned),
                task=self,
                note=(reason or "").strip(),
            )
        return True

    def _replace_actions(self, actions) -> None:
        """The sub-actions become `actions` ((label, text) pairs, in order)."""
        SubAction = self.actions.model
        self.actions.all().delete()
        SubAction.objects.bulk_create(
            SubAction(task_id=self.pk, position=i, label=label, text=text)
            for i, (label, text) in enumerate(actions)
        )
        getattr(self, "_prefetched_objects_cache", {}).pop("actions", None)

    # --- the office assigns --------------------------------------------------------------

    def _clean_assignment(self, lead_unit, timeframe, deadline):
        if lead_unit is None:
            raise MissingRequirement(_("请指定牵头单位。"))
        if timeframe not in Timeframe.values:
            raise MissingRequirement(_("请选择时限类型。"))
        if timeframe == Timeframe.DEADLINE and deadline is None:
            raise MissingRequirement(_("限期整改的任务须有完成时限。"))

    def assign(
        self, user, lead_unit, units, leader, deadline, timeframe, reason="", expected_version=None
    ):
        """下达: DRAFT → ASSIGNED, with lead unit, responsible units, leader and deadline."""
        check_move(user, Action.ASSIGN, self)
        self._clean_assignment(lead_unit, timeframe, deadline)
        with transaction.atomic():
            before = snapshot(self, ASSIGNMENT_FIELDS)
            self._move(
                user,
                Action.ASSIGN,
                Status.ASSIGNED,
                reason=reason,
                expected_version=expected_version,
                lead_unit=lead_unit,
                leader=leader or "",
                deadline=deadline,
                timeframe=timeframe,
            )
            self.units.set(units)
            record(
                user,
                "assignment",
                self,
                before,
                snapshot(self, ASSIGNMENT_FIELDS),
                task=self,
                note=reason,
            )
            emit_move(_moves()[Action.ASSIGN], self, user, Status.DRAFT, reason)

    def _clean_assignment_change(self, fields: dict) -> None:
        """The rules of a change of assignment outside 下达, on `fields` in place."""
        if "leader" in fields:
            fields["leader"] = fields["leader"] or ""
        if "timeframe" in fields:
            fields["timeframe"] = fields["timeframe"] or ""
            if fields["timeframe"] and fields["timeframe"] not in Timeframe.values:
                raise MissingRequirement(_("请选择时限类型。"))
        if "lead_unit" in fields and fields["lead_unit"] is None and self.status != Status.DRAFT:
            raise MissingRequirement(_("已下达的任务须有牵头单位。"))

    def set_assignment(
        self,
        user,
        expected_version,
        *,
        lead_unit=_UNCHANGED,
        units=_UNCHANGED,
        leader=_UNCHANGED,
        deadline=_UNCHANGED,
        timeframe=_UNCHANGED,
        reason="",
    ):
        """The office changes who does the item and by when, in any state, without moving
        it. Fields left out are kept."""
        check_move(user, "set_assignment", self)
        fields = {
            name: value
            for name, value in (
                ("lead_unit", lead_unit),
                ("leader", leader),
                ("deadline", deadline),
                ("timeframe", timeframe),
            )
            if value is not _UNCHANGED
        }
        self._clean_assignment_change(fields)
        expected_version = check_version(expected_version, self.version)
        with transaction.atomic():
            before = snapshot(self, ASSIGNMENT_FIELDS)
            guarded_update(self, expected_version, **fields)
            if units is not _UNCHANGED:
                self.units.set(units)
            after = snapshot(self, ASSIGNMENT_FIELDS)
            record(user, "set_assignment", self, before, after, task=self, note=reason)
            _rollups(self.pk)
            emit_move(_moves()["set_assignment"], self, user, self.status, reason)

    # --- the office brings an edited ledger back (spreadsheet/ledger_apply.py) ------------

    LEDGER_FIELDS = ("measure", "body", "actions", *ASSIGNMENT_FIELDS)

    def _ledger_state(self) -> dict:
        actions = self.actions.order_by("position").values_list("label", "text")
        return {
            "measure": self.measure,
            "body": self.body,
            "actions": [f"{label}{text}" for label, text in actions],
            **snapshot(self, ASSIGNMENT_FIELDS),
            "version": self.version,
        }

    def edit_from_ledger(self, user, expected_version, *, reason="", **values):
        """One row of an imported 总台账: the measure (措施, sub-actions as (label, text)
        pairs, or the free text `body` when there are none) and the assignment, in one
        change with one version bump and one audit entry, in any state.

        The same rules as edit_measure() and set_assignment(), whose fields these are;
        the status is never set here. A row older than the item is a Conflict.
        """
        unknown = set(values) - set(self.LEDGER_FIELDS)
        if unknown:
            raise TypeError(f"not ledger fields: {sorted(unknown)}")
        if {"measure", "body", "actions"} & set(values):
            check_move(user, "edit_measure", self)
        if set(ASSIGNMENT_FIELDS) & set(values):
            check_move(user, "set_assignment", self)
        fields = {k: v for k, v in values.items() if k not in ("actions", "units")}
        if "measure" in fields:
            fields["measure"] = (fields["measure"] or "").strip()
        actions = values.get("actions")
        if actions is not None:
            actions = _clean_actions(actions)
            if actions:
                # As edit_measure(): the published paragraph says what the sub-actions say.
                fields["body"] = "".join(f"{label}{text}" for label, text in actions)
        if "body" in fields:
            fields["body"] = (fields["body"] or "").strip()
        self._clean_assignment_change(fields)
        expected_version = check_version(expected_version, self.version)
        with transaction.atomic():
            before = self._ledger_state()
            guarded_update(self, expected_version, **fields)
            if actions is not None:
                self._replace_actions(actions)
            if values.get("units") is not None:
                self.units.set(values["units"])
            after = self._ledger_state()
            changed = [k for k in after if before[k] != after[k]]
            record(
                user,
                "ledger_import",
                self,
                {k: before[k] for k in changed},
                {k: after[k] for k in changed},
                task=self,
                note=reason,
            )
            _rollups(self.pk)

    # --- the lead unit moves -------------------------------------------------------------

    def claim(self, user, expected_version=None):
        """认领: the lead unit's liaison takes the item on. ASSIGNED → CLAIMED."""
        self.make_move(user, Action.CLAIM, "", expected_version)

    def _start_by_report(self, user, report) -> bool:
        """The first progress report on a CLAIMED item puts it in progress.

        Called by ProgressReport.file inside its transaction. Keyed on the state alone,
        not the version: two units filing their first reports at once both succeed, and
        the item starts once.
        """
        if self.status != Status.CLAIMED:
            return False
        try:
            guarded_update(
                self,
                ANY_VERSION,
                where={"status": Status.CLAIMED},
                status=Status.IN_PROGRESS,
                status_text="",
            )
        except Conflict:
            return False
        reason = str(format_lazy(_("首次填报进展({report})"), report=report))
        self.transitions.create(
            action=Action.START,
            from_status=Status.CLAIMED,
            to_status=Status.IN_PROGRESS,
            actor=user,
            at=self.updated_at,
            reason=reason,
        )
        record(
            user,
            Action.START,
            self,
            {"status": Status.CLAIMED},
            {"status": Status.IN_PROGRESS, "version": self.version},
            task=self,
            note=reason,
        )
        return True

    def report_staged(self, user, note, expected_version=None):
        """已取得阶段性成效: IN_PROGRESS → STAGED, with what has been achieved."""
        self.make_move(user, Action.REPORT_STAGED, note, expected_version)

    def request_closure(self, user, effect_note, expected_version=None):
        """申请销号: IN_PROGRESS or STAGED → CLOSURE_REQUESTED, with at least one evidence
        file and the effect of the rectification (整改成效), kept in `effect_note` for the
        ledger and the public report."""
        self.make_move(user, Action.REQUEST_CLOSURE, effect_note, expected_version)

    def request_extension(self, user, new_deadline, reason, expected_version=None):
        """申请延期: the lead unit's liaison asks the office for a later deadline.

        Returns the pending DeadlineExtension; the office decides with its approve() or
        refuse(). One pending request per item.
        """
        check_move(user, "request_extension", self)
        check_version(expected_version, self.version)
        reason = _required(reason, _("请说明延期理由。"))
        if not isinstance(new_deadline, datetime.date):
            raise MissingRequirement(_("请填写申请延至的日期。"))
        if new_deadline <= self.effective_deadline:
            raise MissingRequirement(_("申请延至的日期须晚于现有完成时限。"))
        Extension = self.extensions.model
        with transaction.atomic():
            if self.extensions.filter(status=Extension.Status.PENDING).exists():
                raise WrongState(_("该事项已有待审批的延期申请。"))
            try:
                # A savepoint, so that losing the race to a concurrent request leaves the
                # outer transaction usable.
                with transaction.atomic():
                    extension = self.extensions.create(
                        requested_by=user,
                        previous_deadline=self.effective_deadline,
                        new_deadline=new_deadline,
                        reason=reason,
                    )
            except IntegrityError:
                raise Conflict(_("该事项已有待审批的延期申请。")) from None
            emit(
                "extension.requested", task_id=self.pk, extension_id=extension.pk, actor_id=user.pk
            )
            record(
                user,
                "extension_request",
                extension,
                {},
                snapshot(extension, ["status", "previous_deadline", "new_deadline", "reason"]),
                task=self,
                note=reason,
            )
        return extension

    # --- the office reviews, the leading group approves ----------------------------------

    def office_accept(self, user, comment="", expected_version=None):
        """整改办审核通过: CLOSURE_REQUESTED → OFFICE_ACCEPTED. Not by the requester."""
        self.make_move(user, Action.OFFICE_ACCEPT, comment, expected_version)

    def state_before_closure_request(self):
        """The state the item was in when closure was last requested (IN_PROGRESS,
        STAGED, UNFINISHED), read from the transition log."""
        last = (
            self.transitions.filter(action=Action.REQUEST_CLOSURE)
            .order_by("-at", "-id")
            .values_list("from_status", flat=True)
            .first()
        )
        return last or Status.IN_PROGRESS

    def office_return(self, user, comment, expected_version=None):
        """退回: the office sends a closure request back, with why. → the state before."""
        self.make_move(user, Action.OFFICE_RETURN, comment, expected_version)

    def approve(self, user, comment="", expected_version=None):
        """销号: the leading group signs the item off. OFFICE_ACCEPTED → COMPLETED."""
        self.make_move(user, Action.APPROVE, comment, expected_version)

    def mark_long_term(self, user, note, expected_version=None):
        """长期推进,已落实具体举措并取得明显成效: a long-term item has its measures in place.
        It keeps reporting and never goes to approve()."""
        self.make_move(user, Action.MARK_LONG_TERM, note, expected_version)

    def reopen(self, user, reason, expected_version=None):
        """反弹: the problem came back. COMPLETED → IN_PROGRESS; the history is kept."""
        self.make_move(user, Action.REOPEN, reason, expected_version)
