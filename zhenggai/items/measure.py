"""The office rewrites an item's measure on the item page: the headline (整改措施), the
sub-actions (一是…二是…, labels kept as typed, rows added, removed and reordered) and the
effect note (整改成效).

One POST, one model method (`Task.edit_measure`), which checks the role and the version
and writes the audit entry. A page older than the item answers 409 with the user's text
back on the form, next to the item as it now stands: nothing typed is lost, and nothing
saved by someone else is overwritten without the user seeing it.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhenggai.lib.inputs import CleanInputs
from zhenggai.tasks import permissions
from zhenggai.tasks.forms import checked_post
from zhenggai.tasks.workflow import SUBACTION_LABEL_MAX, MissingRequirement, WorkflowError

FORM = "measure"
PREFIX = "actions"
EXTRA_ROWS = 2


class SubActionRow(CleanInputs, forms.Form):
    label = forms.CharField(
        label=gettext_lazy("序号"),
        required=False,
        max_length=SUBACTION_LABEL_MAX,
        widget=forms.TextInput(attrs={"size": 6}),
    )
    # Not required here: an empty row is skipped, a label without text is refused by
    # the model method, which keeps the rule in one place.
    text = forms.CharField(
        label=gettext_lazy("内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )


SubActionFormSet = forms.formset_factory(
    SubActionRow, extra=EXTRA_ROWS, can_order=True, can_delete=True, max_num=100
)


def formset_for(task, posted=None):
    """The sub-action rows: bound to what the user sent, or the item's current ones."""
    if posted is not None:
        return SubActionFormSet(posted, prefix=PREFIX)
    initial = [{"label": a.label, "text": a.text} for a in task.actions.all()]
    return SubActionFormSet(initial=initial, prefix=PREFIX)


def rows_from(formset):
    """(label, text) in the order the user gave, without the rows marked 删除."""
    if not formset.is_valid():
        raise MissingRequirement(_("分项措施填写有误,请检查后再保存。"))
    return [
        (f.cleaned_data.get("label", ""), f.cleaned_data.get("text", ""))
        for f in formset.ordered_forms
    ]


def context(user, task, error):
    """The form's part of the item page, for the office; {} for everyone else."""
    if not permissions.can_edit_measure(user, task):
        return {}
    posted = error.posted if error is not None and error.form == FORM else None
    return {
        "measure_form": {
            "error": error.message if posted is not None else None,
            "conflict": posted is not None and error.status_code == 409,
            "measure": posted.get("measure", "") if posted is not None else task.measure,
            "effect_note": posted.get("effect_note", "")
            if posted is not None
            else task.effect_note,
            "reason": posted.get("reason", "") if posted is not None else "",
            "actions": formset_for(task, posted),
        }
    }


@require_POST
@login_required
def edit(request, pk):
    from zhenggai.items.actions import _back, _fail, _forbidden

    task, _can_edit = permissions.get_task_for(request.user, pk)
    if not permissions.can_edit_measure(request.user, task):
        return _forbidden(request, pk, FORM)
    try:
        post = checked_post(request.POST)
        changed = task.edit_measure(
            request.user,
            post.get("version"),
            post.get("measure", ""),
            rows_from(formset_for(task, post)),
            post.get("effect_note", ""),
            reason=post.get("reason", ""),
        )
    except WorkflowError as exc:
        return _fail(request, pk, FORM, exc)
    messages.success(request, _("整改措施已保存。") if changed else _("内容没有变化。"))
    return _back(task)
