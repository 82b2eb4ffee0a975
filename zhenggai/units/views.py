"""The units' pages: all units with their counts, and one unit's page (what it leads,
shares, has not claimed, has overdue, and the reports it owes this week and month).

Every list of items starts from `Task.objects.visible_to(user)`.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from zhenggai import access
from zhenggai.lib import clock
from zhenggai.reporting.models import Period, ProgressReport, period_start
from zhenggai.tasks.models import REPORTABLE_STATUSES, Status, Task
from zhenggai.units.models import Unit


@require_GET
@login_required
def unit_list(request):
    """All units with what they lead, share and have overdue: for whole-ledger roles.
    A unit's own people go to their unit's page."""
    user = request.user
    if not access.reads_whole_ledger(user):
        return redirect("my_unit")
    today = clock.today()
    visible = Task.objects.visible_to(user)
    led = dict(visible.values_list("lead_unit").annotate(n=Count("pk")))
    shared = dict(
        Task.units.through.objects.filter(task__in=visible)
        .values_list("unit")
        .annotate(n=Count("task"))
    )
    late = dict(visible.overdue(today).values_list("lead_unit").annotate(n=Count("pk")))
    units = list(access.units(user, Unit.objects.select_related("liaison")))
    for u in units:
        u.n_led, u.n_shared, u.n_overdue = led.get(u.pk, 0), shared.get(u.pk, 0), late.get(u.pk, 0)
    return render(request, "units/unit_list.html", {"units": units})


@require_GET
@login_required
def my_unit(request):
    user = request.user
    if user.unit_id:
        return redirect("unit", pk=user.unit_id)
    if access.reads_whole_ledger(user):
        return redirect("units")
    raise Http404("no unit")


@require_GET
@login_required
def unit_detail(request, pk):
    user = request.user
    unit = get_object_or_404(
        access.units(user, Unit.objects.select_related("liaison", "parent")), pk=pk
    )
    # A unit's people see their own unit's page only; others learn nothing of the rest.
    if not access.reads_whole_ledger(user) and not (
        access.is_unit_worker(user) and user.unit_id == unit.pk
    ):
        raise Http404("not your unit")
    today = clock.today()
    visible = (
        Task.objects.visible_to(user)
        .select_related("finding", "lead_unit")
        .prefetch_related("units")
    )
    shares = Task.units.through.objects.filter(unit=unit).values("task_id")
    led = visible.filter(lead_unit=unit)
    shared = visible.filter(pk__in=shares).exclude(lead_unit=unit)
    involved = visible.filter(Q(lead_unit=unit) | Q(pk__in=shares))
    sections = [
        ("overdue", involved.overdue(today)),
        ("unclaimed", involved.filter(status=Status.ASSIGNED)),
        ("led", led),
        ("shared", shared),
    ]
    lists = {}
    for name, qs in sections:
        items = list(qs)
        for task in items:
            task.overdue = task.is_overdue(today)
        lists[name] = items
    due = reports_due(unit, lists["led"] + lists["shared"], today)
    return render(
        request, "units/unit_detail.html", {"unit": unit, "today": today, "due": due, **lists}
    )


def reports_due(unit, tasks, today):
    """一周一报, 一月一小结: for each item the unit leads or shares and may report on, this
    ISO week's report and this month's summary by the unit — filed (with its status) or
    missing. One query, whatever the number of items.

    Until reporting schedules exist, "due" is every item in a reportable state (claimed
    on, long-term included; not before the claim, not once closed).
    """
    week = period_start(Period.WEEK, today)
    month = period_start(Period.MONTH, today)
    tasks = sorted(
        (t for t in tasks if t.status in REPORTABLE_STATUSES),
        key=lambda t: (t.finding.campaign_id, t.finding.position),
    )
    filed = {}
    if tasks:
        reports = ProgressReport.objects.filter(
            Q(period=Period.WEEK, period_start=week) | Q(period=Period.MONTH, period_start=month),
            unit=unit,
            task__in=[t.pk for t in tasks],
        ).only("id", "task_id", "period", "status")
        filed = {(r.task_id, r.period): r for r in reports}
    rows = [
        {
            "task": t,
            "week": filed.get((t.pk, Period.WEEK)),
            "month": filed.get((t.pk, Period.MONTH)),
        }
        for t in tasks
    ]
    return {
        "week_start": week,
        "week_end": week + datetime.timedelta(days=6),
        "week_number": today.isocalendar().week,
        "month_start": month,
        "rows": rows,
        "n": len(rows),
        "n_week": sum(1 for r in rows if r["week"] is not None),
        "n_month": sum(1 for r in rows if r["month"] is not None),
    }
