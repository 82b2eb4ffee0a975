"""The dashboard (工作概览) at `/`: where the campaign stands, for what the reader may see."""

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.db.models import Count
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zhenggai import access
from zhenggai.dashboard import charts, stats
from zhenggai.lib import clock
from zhenggai.rollups import read as rollups
from zhenggai.tasks.models import PUBLIC_PHRASES, Task

STATUS_COLORS = {"completed": "#1e6b3a", "staged": "#1d4f91", "long_term": "#0f6466"}


def _pick_campaign(campaigns, raw):
    try:
        wanted = int(raw)
    except (TypeError, ValueError):
        wanted = None
    for c in campaigns:
        if c.pk == wanted:
            return c
    return campaigns[0] if campaigns else None


def _campaign_tiles(campaigns, visible, today):
    """Totals per campaign, for the switcher at the top. Two queries."""
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
            for s in stats.PUBLIC_STATUSES
        ]
        c.overdue = overdue.get(c.pk, 0)


def _without_jit():
    """PostgreSQL's JIT compiles the ranking's query for longer (1.3 s) than it runs
    (0.2 s); the dashboard's queries are all one-off aggregates. SET LOCAL lasts until
    the end of the transaction the view runs in."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


@require_GET
@login_required
@transaction.atomic
def dashboard(request):
    _without_jit()
    today = clock.today()
    campaigns = list(access.listed_campaigns(request.user).prefetch_related("inspections"))
    visible = Task.objects.visible_to(request.user)
    # A reader of the whole ledger reads the rollups (counts kept by every move and
    # report); a unit's people read their own items, a few hundred at most, directly.
    whole = access.reads_whole_ledger(request.user)
    if whole:
        overdue = rollups.overdue_groups(today)
        rollups.tiles(campaigns, today, overdue)
    else:
        _campaign_tiles(campaigns, visible, today)
    campaign = _pick_campaign(campaigns, request.GET.get("campaign"))
    context = {
        "campaigns": campaigns,
        "campaign": campaign,
        "today": today,
        # The demo stands on a pinned day, and says so.
        "clock_pinned": clock.pinned_at() is not None,
    }
    if campaign is not None:
        tasks = visible.filter(finding__campaign=campaign)
        if whole:
            numbers = rollups.dashboard(campaign, today, overdue)
        else:
            numbers = {
                "summary": stats.status_summary(tasks, today),
                "lists": stats.item_lists(tasks, today),
                "categories": stats.by_category(tasks, today),
                "lead_units": stats.by_lead_unit(tasks, today),
                "burn": stats.burndown(tasks, today),
                "ranking": stats.ranking(tasks, today),
                "figures": stats.figures(tasks),
            }
        summary, burn = numbers["summary"], numbers["burn"]
        statuses = summary["public"] + summary["other"]
        context.update(
            numbers,
            burn_rows=list(
                zip(burn["weeks"], *[s[1] for s in burn["series"]], burn["open"], strict=True)
            ),
            formula=stats.FORMULA,
            formula_terms=stats.FORMULA_TERMS,
            status_chart=mark_safe(  # noqa: S308 — charts escape every label
                charts.bar_chart(
                    [s["label"] for s in statuses],
                    [s["count"] for s in statuses],
                    colors=[STATUS_COLORS.get(s["value"], "#8a5a00") for s in statuses],
                    title=_("各状态事项数"),
                )
            ),
            burn_chart=mark_safe(  # noqa: S308
                charts.stacked_bar_chart(
                    burn["labels"],
                    [
                        (name, values, color)
                        for (name, values), color in zip(
                            burn["series"],
                            [*STATUS_COLORS.values(), "#b6bec7"],
                            strict=True,
                        )
                    ],
                    title=_("每周末各状态事项数"),
                )
            ),
            open_chart=mark_safe(  # noqa: S308
                charts.line_chart(
                    burn["labels"],
                    [(_("未完成整改(含阶段性成效、长期推进)"), burn["open"], "#b42318")],
                    title=_("每周末尚未完成整改的事项数"),
                    height=200,
                )
            ),
        )
    return render(request, "dashboard/dashboard.html", context)
