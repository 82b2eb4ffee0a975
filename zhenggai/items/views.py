"""/ledger/<id>/: one item, as the reader may see it and with the forms they may use."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zhenggai.inspections.tree import ancestors_of
from zhenggai.items import page
from zhenggai.lib import clock
from zhenggai.tasks.models import Result, SubAction, Task
from zhenggai.tasks.permissions import get_task_for
from zhenggai.todo.entries import last_return


@require_GET
@login_required
def task_detail(request, pk):
    # The scope check and the page's own load in one lookup.
    task, can_edit = get_task_for(request.user, pk, qs=page_queryset())
    return render_item(request, task, can_edit, loaded=True)


def page_queryset():
    """The item with what its page shows: the sub-actions and results in their order
    within the item (not the ledger's order of items, which would join every row to
    its item and finding)."""
    return Task.objects.select_related(
        "finding__campaign",
        "finding__inspection",
        "lead_unit__liaison",
        "closure_requested_by",
    ).prefetch_related(
        "units",
        Prefetch("actions", SubAction.objects.order_by("position", "id")),
        Prefetch("results", Result.objects.order_by("id")),
    )


def render_item(request, task, can_edit, error=None, status=200, loaded=False):
    """The item page; `error` (actions.FormError) puts a message and what the user typed
    back on the form that was sent. `loaded`: `task` came from page_queryset() (after a
    move it is loaded again, as it now stands)."""
    if not loaded:
        task = page_queryset().get(pk=task.pk)
    transitions = list(task.transitions.select_related("actor"))
    returned = last_return(transitions)
    context = {
        "task": task,
        "last_return": returned,
        "effect_standing": effect_standing(task, transitions, returned),
        # The item's own branch only: the page must not grow with the ledger.
        "ancestors": ancestors_of(task.finding),
        "transitions": transitions,
        "today": clock.today(),
        "overdue": task.is_overdue(clock.today()),
    }
    context.update(page.context(request.user, task, can_edit, error))
    return render(request, "items/item.html", context, status=status)


def effect_standing(task, transitions, returned) -> str:
    """What the item's 整改成效 text is: "claimed" — what a closure request says, not yet
    signed off; "returned" — the claim of a request the office sent back (申请销号 writes
    the text, 退回 does not undo it), unless someone has rewritten it since; otherwise
    "recorded" (an imported, accepted or office-written text)."""
    from zhenggai.tasks.models import Action, Status

    if task.status in (Status.CLOSURE_REQUESTED, Status.OFFICE_ACCEPTED):
        return "claimed"
    if returned is not None and task.effect_note:
        requests = [t for t in transitions if t.action == Action.REQUEST_CLOSURE]
        claim = max(requests, key=lambda t: (t.at, t.pk), default=None)
        if claim is not None and claim.reason.strip() == task.effect_note.strip():
            return "returned"
    return "recorded"
