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
        # The categories for the filter now; the headings above the page's items once
        # the page is known. Never the whole tree: a province's campaign has 100k nodes.
        tree = Tree.roots_of(campaign.pk)
        units = list(Unit.objects.filter(is_active=True).only("id", "name"))
        form = LedgerFilterForm(
            request.GET, campaigns=campaigns, categories=tree.roots(), units=units
        )
        visible = Task.objects.visible_to(request.user).filter(finding__campaign=campaign)
        whole = access.reads_whole_ledger(request.user)
        # The whole campaign's counts: from the rollups for a whole-ledger reader.
        counts = (
            rollups.ledger_counts(campaign.pk, today) if whole else status_counts(visible, today)
        )
        tasks = apply_filters(visible, form, tree, today)
        # The item's problem comes joined: with the categories it is the whole heading
        # chain of a usual tree, and add_ancestors has nothing left to ask for.
        tasks = tasks.select_related("finding__parent", "lead_unit").prefetch_related("units")
        paginator = Paginator(tasks, PAGE_SIZE)
        if whole and not form.is_filtered():
            # The unfiltered ledger of a whole-ledger reader is the campaign: its size
            # is the rollups' total, not a COUNT over every item.
            paginator.count = counts["total"]
        page = paginator.get_page(request.GET.get("page"))
        items = list(page.object_list)
        tree.add_ancestors(task.finding for task in items)
        lights = item_lights(items)
        for task in items:
            task.category = tree.category_of(task.finding_id)
            task.overdue = task.is_overdue(today)
            task.light = lights.get(task.pk)
        context.update(
            form=form,
            counts=counts,
            page=page,
            page_range=paginator.get_elided_page_range(page.number, on_each_side=3, on_ends=1),
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
