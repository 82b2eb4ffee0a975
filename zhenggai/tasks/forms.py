"""The item page's moves as bound forms, one per move, built from the move table
(tasks.moves.MOVES): the form validates what was typed, `perform()` makes the move
through tasks.moves.perform, the same dispatch the API uses.

A form's field names are the POST names the page has always sent (`text`, `version`,
`lead_unit`, `units`, `leader`, `deadline`, `timeframe`, `new_deadline`); its `auto_id`
carries the move's name, so several forms sit on one page.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from zhenggai.lib.inputs import CleanInputs, DateInput, check_post
from zhenggai.tasks.models import Task, Timeframe
from zhenggai.tasks.moves import MOVES, perform
from zhenggai.tasks.workflow import MissingRequirement

LEADER_MAX = Task._meta.get_field("leader").max_length
NO_UNIT = _("所选单位不存在。")


def checked_post(post):
    """`post` if every value is under its cap and free of control characters
    (lib/inputs.py, the API's rules); else MissingRequirement, and nothing is written.
    For the item page's forms that are not moves (reports, evidence, decisions)."""
    try:
        check_post(post, {"leader": LEADER_MAX})
    except ValidationError as exc:
        raise MissingRequirement(exc.messages[0]) from None
    return post


class MoveForm(CleanInputs, forms.Form):
    """A move with its text (a reason, the effect…), required when the move says so."""

    # The version the page was rendered with; a stale or garbled one is the move's
    # Conflict (409), not a form error.
    version = forms.CharField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))

    def __init__(self, move, task, *args, **kwargs):
        self.move, self.task = move, task
        kwargs.setdefault("auto_id", f"id_{move.name}_%s")
        super().__init__(*args, **kwargs)
        text = self.fields["text"]
        text.label = move.text_label
        if move.text_required:
            text.required = True
            text.error_messages["required"] = move.text_required
            text.widget.attrs["required"] = True

    def full_clean(self):
        # Every value first under the API's caps and free of control characters
        # (lib/inputs.py), with its messages; then the fields.
        if self.is_bound:
            try:
                checked_post(self.data)
            except MissingRequirement as exc:
                self._errors = ErrorDict()
                self.cleaned_data = {}
                self.add_error(None, str(exc.message))
                return
        super().full_clean()

    def move_fields(self) -> dict:
        """What the move's method takes beyond the text and the version."""
        return {}

    def first_error(self):
        for errors in self.errors.values():
            return errors[0]
        return None

    def perform(self, user):
        data = self.cleaned_data
        return perform(
            self.task,
            user,
            self.move.name,
            data.get("text", ""),
            data.get("version") or None,
            **self.move_fields(),
        )


class AssignmentForm(MoveForm):
    """下达 and 调整分工: who does the item and by when. Units are offered from one list
    (`units`, the active units loaded once for the page)."""

    lead_unit = forms.TypedChoiceField(
        label=_("牵头单位"), required=False, coerce=int, error_messages={"invalid_choice": NO_UNIT}
    )
    units = forms.TypedMultipleChoiceField(
        label=_("责任单位"), required=False, coerce=int, error_messages={"invalid_choice": NO_UNIT}
    )
    leader = forms.CharField(label=_("责任领导"), required=False)
    timeframe = forms.ChoiceField(label=_("时限类型"), required=False)
    deadline = forms.DateField(
        label=_("完成时限"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("完成时限格式不正确。")},
    )
    input_caps = {"leader": LEADER_MAX}

    def __init__(self, move, task, *args, units=None, **kwargs):
        super().__init__(move, task, *args, **kwargs)
        if units is None:
            from zhenggai.units.models import Unit

            units = list(Unit.objects.filter(is_active=True).only("id", "name"))
        self.units = {u.pk: u for u in units}
        choices = [(u.pk, u.name) for u in units]
        self.fields["lead_unit"].choices = [("", "—"), *choices]
        self.fields["units"].choices = choices
        self.fields["units"].widget.attrs["size"] = 5
        self.fields["timeframe"].choices = [("", "—"), *Timeframe.choices]
        if not self.is_bound:
            self.initial.update(
                lead_unit=task.lead_unit_id or "",
                units=[u.pk for u in task.units.all()],
                leader=task.leader,
                deadline=task.deadline,
                timeframe=task.timeframe,
            )

    def move_fields(self) -> dict:
        data = self.cleaned_data
        lead = data.get("lead_unit")
        return {
            "lead_unit": self.units[lead] if lead else None,
            "units": [self.units[pk] for pk in data.get("units", [])],
            "leader": data.get("leader", ""),
            "deadline": data.get("deadline"),
            "timeframe": data.get("timeframe", ""),
        }


class ExtensionForm(MoveForm):
    """申请延期: the later date asked for, and why."""

    new_deadline = forms.DateField(
        label=_("申请延至"),
        widget=DateInput(),
        error_messages={
            "required": _("请填写申请延至的日期。"),
            "invalid": _("请填写申请延至的日期。"),
        },
    )

    def move_fields(self) -> dict:
        return {"new_deadline": self.cleaned_data["new_deadline"]}


FORMS = {"plain": MoveForm, "assignment": AssignmentForm, "extension": ExtensionForm}


def form_for(name, task, data=None, **kwargs):
    """The bound (with `data`) or unbound form of the move `name`; None for a move that
    has no form of its own (KeyError for no move at all)."""
    move = MOVES[name]
    form_class = FORMS.get(move.form)
    if form_class is None:
        return None
    if form_class is not AssignmentForm:
        kwargs.pop("units", None)
    return form_class(move, task, data, **kwargs)
