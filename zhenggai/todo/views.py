"""/todo/: 我的待办, every signed-in user's landing page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zhenggai import access
from zhenggai.lib import clock
from zhenggai.todo.entries import entries_for


@require_GET
@login_required
def todo(request):
    entries = entries_for(request.user)
    summary = None
    # The higher office only reads: a summary of what it may read instead of a list.
    if access.is_observer(request.user):
        from zhenggai.tasks.models import Task

        visible = access.tasks(request.user, Task.objects.all())
        summary = {
            "items": visible.count(),
            "overdue": visible.overdue(clock.today()).count(),
        }
    return render(
        request,
        "todo/todo.html",
        {
            "entries": entries,
            "summary": summary,
            "today": clock.today(),
            "clock_pinned": clock.pinned_at() is not None,
        },
    )


@require_GET
@login_required
def count(request):
    n = len(entries_for(request.user))
    return render(request, "todo/_count.html", {"n": n})
