"""The master ledger (总台账): every item the reader may see, filtered, as a tree or a table.

Every list of items starts from `Task.objects.visible_to(user)`; no view repeats the
scoping rules.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from zhenggai import access
from zhenggai.inspections.models import Campaign
from zhenggai.inspections.tree import Tree, rows_for_page
from zhenggai.ledger.filters import (
    PAGE_SIZE,
    LedgerFilterForm,
    apply_filters,
    pick_campaign,
    status_counts,
)
from zhenggai.lib import clock
from zhenggai.rhythm.lights import item_lights
from zhenggai.rollups import read as rollups
from zhenggai.tasks.models import Task
from zhenggai.units.models import Unit


@require_GET
@login_required
def ledger(request):
    """The master ledger. An HTMX request gets only the results partial, which the full
    page includes too, so the filters work the same with and without JavaScript."""
    today = clock.today()
    campaigns = list(access.campaigns(request.user, Campaign.objects.only("id", "name")))
    campaign = pick_campaign(campaigns, request.GET.get("campaign"))
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
        tasks = apply_filters(visible, form, tree, today)
        tasks = tasks.select_related("finding", "lead_unit").prefetch_related("units")
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
    template = "ledger/ledger.html"
    if request.htmx and not request.htmx.boosted:
        template = "ledger/_results.html"
    response = render(request, template, context)
    # The same URL answers with a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response
