"""Reading pages: home, the master ledger (总台账), one item, a unit's page.

Every list of items starts from `Task.objects.visible_to(user)`; no view repeats the
scoping rules.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from zhenggai import access
from zhenggai.front.ledger import (
    PAGE_SIZE,
    PUBLIC_STATUSES,
    LedgerFilterForm,
    apply_filters,
    status_counts,
)
from zhenggai.front.tree import Tree, rows_for_page
from zhenggai.inspections.models import Campaign
from zhenggai.lib import clock
from zhenggai.reporting.models import Period, ProgressReport, period_start
from zhenggai.rhythm.lights import item_lights
from zhenggai.rollups import read as rollups
from zhenggai.tasks.models import PUBLIC_PHRASES, REPORTABLE_STATUSES, Status, Task
from zhenggai.tasks.permissions import get_task_for
from zhenggai.todo.entries import last_return
from zhenggai.units.models import Unit


def _with_list_relations(tasks):
    return tasks.select_related("finding", "lead_unit").prefetch_related("units")


@require_GET
@login_required
def home(request):
    today = clock.today()
    campaigns = list(Campaign.objects.prefetch_related("inspections"))
    visible = Task.objects.visible_to(request.user)
    counts: dict[int, dict[str, int]] = {}
    for row in visible.values("finding__campaign_id", "status").annotate(n=Count("pk")):
        counts.setdefault(row["finding__campaign_id"], {})[row["status"]] = row["n"]
    overdue = dict(
        visible.overdue(today).values_list("finding__campaign_id").annotate(n=Count("pk"))
    )
    for c in campaigns:
        by_status = counts.get(c.pk, {})
        c.total = sum(by_status.values())
        c.public_counts = [
            {
                "value": s.value,
                "label": s.label,
                "phrase": PUBLIC_PHRASES[s],
                "count": by_status.get(s, 0),
            }
            for s in PUBLIC_STATUSES
        ]
        c.overdue = overdue.get(c.pk, 0)
    return render(request, "front/home.html", {"campaigns": campaigns})


def _pick_campaign(campaigns, raw):
    try:
        wanted = int(raw)
    except (TypeError, ValueError):
        wanted = None
    for c in campaigns:
        if c.pk == wanted:
            return c
    return campaigns[0] if campaigns else None


@require_GET
@login_required
def ledger(request):
    """The master ledger. An HTMX request gets only the results partial, which the full
    page includes too, so the filters work the same with and without JavaScript."""
    today = clock.today()
    campaigns = list(Campaign.objects.only("id", "name"))
    campaign = _pick_campaign(campaigns, request.GET.get("campaign"))
    context = {"campaigns": campaigns, "campaign": campaign, "today": today}
    if campaign is not None:
        # One query for the whole tree: the headings of the tree view, the category
        # column of the table and the category filter all come from it.
        tree = Tree.of(campaign.pk)
        units = list(Unit.objects.filter(is_active=True).only("id", "name"))
        form = LedgerFilterForm(
            request.GET, campaigns=campaigns, categories=tree.roots(), units=units
        )
        visible = Task.objects.visible_to(request.user).filter(finding__campaign=campaign)
        tasks = _with_list_relations(apply_filters(visible, form, tree, today))
        page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
        items = list(page.object_list)
        lights = item_lights(items)
        for task in items:
            task.category = tree.category_of(task.finding_id)
            task.overdue = task.is_overdue(today)
            task.light = lights.get(task.pk)
        context.update(
            form=form,
            # The whole campaign's counts: from the rollups for a whole-ledger reader.
            counts=(
                rollups.ledger_counts(campaign.pk, today)
                if access.reads_whole_ledger(request.user)
                else status_counts(visible, today)
            ),
            page=page,
            items=items,
            rows=rows_for_page(items, tree),
            view=form.view_mode,
        )
    template = "front/ledger.html"
    if request.htmx and not request.htmx.boosted:
        template = "front/ledger/_results.html"
    response = render(request, template, context)
    # The same URL answers with a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_GET
@login_required
def task_detail(request, pk):
    task, can_edit = get_task_for(request.user, pk)
    return render_item(request, task, can_edit)


def render_item(request, task, can_edit, error=None, status=200):
    """The item page; `error` (actions.FormError) puts a message and what the user typed
    back on the form that was sent."""
    from zhenggai.front import item

    task = (
        Task.objects.select_related(
            "finding__campaign", "finding__inspection", "lead_unit__liaison"
        )
        .prefetch_related("units", "actions", "results")
        .get(pk=task.pk)
    )
    tree = Tree.of(task.finding.campaign_id)
    transitions = list(task.transitions.select_related("actor"))
    context = {
        "task": task,
        "last_return": last_return(transitions),
        "ancestors": tree.ancestors(task.finding_id),
        "transitions": transitions,
        "today": clock.today(),
        "overdue": task.is_overdue(clock.today()),
    }
    context.update(item.context(request.user, task, can_edit, error))
    return render(request, "front/task_detail.html", context, status=status)


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
    units = list(Unit.objects.select_related("liaison"))
    for u in units:
        u.n_led, u.n_shared, u.n_overdue = led.get(u.pk, 0), shared.get(u.pk, 0), late.get(u.pk, 0)
    return render(request, "front/unit_list.html", {"units": units})


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
    unit = get_object_or_404(Unit.objects.select_related("liaison", "parent"), pk=pk)
    # A unit's people see their own unit's page only; others learn nothing of the rest.
    if not access.reads_whole_ledger(user) and not (
        access.is_unit_worker(user) and user.unit_id == unit.pk
    ):
        raise Http404("not your unit")
    today = clock.today()
    visible = _with_list_relations(Task.objects.visible_to(user))
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
        request, "front/unit_detail.html", {"unit": unit, "today": today, "due": due, **lists}
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
