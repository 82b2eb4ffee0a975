"""/ledger/<id>/: one item, as the reader may see it and with the forms they may use."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zhenggai.inspections.tree import ancestors_of
from zhenggai.items import page
from zhenggai.lib import clock
from zhenggai.tasks.models import Task
from zhenggai.tasks.permissions import get_task_for
from zhenggai.todo.entries import last_return


@require_GET
@login_required
def task_detail(request, pk):
    task, can_edit = get_task_for(request.user, pk)
    return render_item(request, task, can_edit)


def render_item(request, task, can_edit, error=None, status=200):
    """The item page; `error` (actions.FormError) puts a message and what the user typed
    back on the form that was sent."""
    task = (
        Task.objects.select_related(
            "finding__campaign", "finding__inspection", "lead_unit__liaison"
        )
        .prefetch_related("units", "actions", "results")
        .get(pk=task.pk)
    )
    transitions = list(task.transitions.select_related("actor"))
    context = {
        "task": task,
        "last_return": last_return(transitions),
        # The item's own branch only: the page must not grow with the ledger.
        "ancestors": ancestors_of(task.finding),
        "transitions": transitions,
        "today": clock.today(),
        "overdue": task.is_overdue(clock.today()),
    }
    context.update(page.context(request.user, task, can_edit, error))
    return render(request, "items/item.html", context, status=status)
