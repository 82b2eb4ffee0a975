"""督导: an upper level's figures per subordinate organisation — the one function the
oversight page, its API and the upward report use (`rows`, `figures_of`).

Each subordinate's figures cover its whole subtree (a city's row for a district counts
the district's streets too). The rules are the dashboard's (zhenggai.dashboard.stats):
overdue is `overdue_q`, completion is 已完成整改 over all items, on-time reporting is the
unit ranking's 按时填报率 summed over the subtree's lead units. A fixed number of queries
whatever the number of organisations: the figures are read from the rollups (counts per
campaign × state, the items' facts, the ranking's terms per campaign × lead unit), kept by
every move and report, and summed per subordinate by its path prefix (`branch`).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import CharField, Count, F, Max, Sum
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from zhenggai.dashboard import stats
from zhenggai.inspections.models import Campaign
from zhenggai.lib import clock
from zhenggai.organisations.models import STEP, Organisation, UpwardReport
from zhenggai.rollups import read as rollups
from zhenggai.rollups.models import NO_DATE, StatusCount, UnitReports, UnitWeeks
from zhenggai.tasks.models import Status, Task, Transition
from zhenggai.units.models import Unit

# Status changes counted as "recent": the last seven days.
RECENT_DAYS = 7

FORMULA = _("得分 = 40 × 完成率 + 40 × 按时填报率 + 20 × (1 − 逾期率)")
FORMULA_TERMS = (
    _("完成率 = “已完成整改”事项数 ÷ 事项总数(与工作概览同一口径);无事项时按0计。"),
    _(
        "按时填报率 = 下级各牵头单位按时提交的周报数之和 ÷ 应报周数之和(口径同单位排名);"
        "无应报周数时按100%计。"
    ),
    _("逾期率 = 逾期事项数 ÷ 事项总数;逾期:已过完成时限仍未完成整改(长期推进事项除外)。"),
    _("近7日状态变化:近7日内各事项的状态流转次数,不计入得分。"),
)

SORTS = {
    "score": lambda r: (-r.score, r.name),
    "items": lambda r: (-r.items, r.name),
    "completion": lambda r: (-r.completion_rate, r.name),
    "overdue": lambda r: (-r.overdue, r.name),
    "reporting": lambda r: (-r.reporting_rate, r.name),
    "changes": lambda r: (-r.recent_changes, r.name),
    "name": lambda r: (r.path,),
}


@dataclass
class Row:
    organisation: Organisation
    items: int = 0
    completed: int = 0
    overdue: int = 0
    recent_changes: int = 0
    expected_reports: int = 0
    on_time_reports: int = 0
    last_upward: datetime.datetime | None = None
    campaigns: list = field(default_factory=list)
    rank: int = 0

    @property
    def name(self) -> str:
        return self.organisation.name

    @property
    def path(self) -> str:
        return self.organisation.path

    @property
    def completion_rate(self) -> float:
        return self.completed / self.items if self.items else 0.0

    @property
    def completion_pct(self) -> Decimal:
        return stats.completion_pct(self.completed, self.items)

    @property
    def reporting_rate(self) -> float:
        # The ranking's rule (UnitScore.reporting_rate), over the summed counts.
        return stats.UnitScore(
            unit_id=None,
            name="",
            expected_reports=self.expected_reports,
            on_time_reports=self.on_time_reports,
        ).reporting_rate

    @property
    def reporting_pct(self) -> float:
        return round(self.reporting_rate * 100, 1)

    @property
    def overdue_rate(self) -> float:
        return self.overdue / self.items if self.items else 0.0

    @property
    def score(self) -> float:
        return round(
            40 * self.completion_rate + 40 * self.reporting_rate + 20 * (1 - self.overdue_rate), 1
        )

    def as_dict(self) -> dict:
        return {
            "organisation": {
                "id": self.organisation.pk,
                "name": self.name,
                "kind": self.organisation.kind,
            },
            "rank": self.rank,
            "score": self.score,
            "items": self.items,
            "completed": self.completed,
            "completion_pct": float(self.completion_pct),
            "overdue": self.overdue,
            "reporting_pct": self.reporting_pct,
            "expected_reports": self.expected_reports,
            "on_time_reports": self.on_time_reports,
            "recent_changes": self.recent_changes,
            "last_upward_report": self.last_upward.isoformat() if self.last_upward else None,
            "campaigns": [{"id": c["pk"], "name": c["name"]} for c in self.campaigns],
        }


def _branch(field_path: str, org: Organisation):
    """The path prefix of the subordinate of `org` that `field_path` lies under."""
    return Substr(field_path, 1, len(org.path) + STEP, output_field=CharField())


def rows(org: Organisation, campaigns=None, today=None, now=None, sort="score") -> list[Row]:
    """One row per direct subordinate of `org`, over the campaigns below it among
    `campaigns` (the reader's, scoped by zhenggai.access; all when None). Nine queries
    that read the rollups (zhenggai.rollups), never the items: whatever the number of
    organisations and items. Only whole-ledger readers see this page, and they read every
    item of the campaigns they read, so per-campaign counts are exactly their items'."""
    today = today or clock.today()
    now = now or clock.now()
    children = list(Organisation.objects.filter(parent=org).order_by("path"))  # 1
    by_path = {c.path: Row(organisation=c) for c in children}
    if not by_path:
        return []
    campaigns = Campaign.objects.all() if campaigns is None else campaigns
    below = {  # 2
        c["pk"]: c
        for c in campaigns.filter(owner__path__startswith=org.path)
        .exclude(owner=org)
        .annotate(branch=_branch("owner__path", org))
        .values("pk", "name", "branch")
        .order_by("-created_at", "-pk")
    }
    ids = list(below)

    def row_of(campaign_id):
        c = below.get(campaign_id)
        return by_path.get(c["branch"]) if c else None

    items: dict = {}
    for campaign_id, status, n in (  # 3
        StatusCount.objects.filter(campaign_id__in=ids, n__gt=0)
        .values("campaign_id", "status")
        .annotate(total=Sum("n"))
        .values_list("campaign_id", "status", "total")
        .order_by()
    ):
        row = row_of(campaign_id)
        items[campaign_id] = items.get(campaign_id, 0) + n
        if row is not None:
            row.items += n
            if status == Status.COMPLETED:
                row.completed += n
    for campaign_id, n in (  # 4: the dashboard's overdue rule, on the items' facts
        rollups.overdue(today)
        .filter(campaign_id__in=ids)
        .values("campaign_id")
        .annotate(n=Count("*"))
        .values_list("campaign_id", "n")
        .order_by()
    ):
        row = row_of(campaign_id)
        if row is not None:
            row.overdue += n
    # On-time reporting: the ranking's own figures per lead unit, from its terms kept
    # per campaign (2 queries), summed per subordinate through the units' organisations (1).
    groups = [
        {
            "lead_unit": unit,
            "claimed": None if claimed == NO_DATE else claimed,
            "done": None if done == NO_DATE else done,
            "items": n,
            "completed": completed,
            "on_time": on_time,
            "overdue": 0,
        }
        for unit, claimed, done, n, completed, on_time in UnitWeeks.objects.filter(  # 5
            campaign_id__in=ids, items__gt=0
        )
        .exclude(lead_unit_id=0)
        .values_list(
            "lead_unit_id", "claimed_week", "done_week", "items", "completed", "closed_on_time"
        )
    ]
    reports = UnitReports.objects.filter(campaign_id__in=ids).values(  # 6
        "on_time", "returned", unit_id=F("lead_unit_id")
    )
    scores = stats.score(groups, reports, {}, today)
    unit_branch = dict(  # 7
        Unit.objects.filter(pk__in=[s.unit_id for s in scores])
        .annotate(branch=_branch("organisation__path", org))
        .values_list("pk", "branch")
    )
    for s in scores:
        row = by_path.get(unit_branch.get(s.unit_id))
        if row is not None:
            row.expected_reports += s.expected_reports
            row.on_time_reports += s.on_time_reports
    since = now - datetime.timedelta(days=RECENT_DAYS)
    for campaign_id, n in (  # 8: the recent moves, by the index on their time
        Transition.objects.filter(at__gte=since, task__finding__campaign_id__in=ids)
        .values("task__finding__campaign_id")
        .annotate(n=Count("pk"))
        .values_list("task__finding__campaign_id", "n")
        .order_by()
    ):
        row = row_of(campaign_id)
        if row is not None:
            row.recent_changes += n
    for sender_path, last in (  # 9
        UpwardReport.objects.filter(recipient=org)
        .values("sender__path")
        .annotate(last=Max("submitted_at"))
        .values_list("sender__path", "last")
    ):
        row = by_path.get(sender_path)
        if row is not None:
            row.last_upward = last
    for campaign_id, c in below.items():
        row = row_of(campaign_id)
        if row is not None and items.get(campaign_id):
            row.campaigns.append(c)
    ranked = sorted(by_path.values(), key=SORTS["score"])
    for i, row in enumerate(ranked):
        row.rank = ranked[i - 1].rank if i and ranked[i - 1].score == row.score else i + 1
    return sorted(ranked, key=SORTS.get(sort, SORTS["score"]))


def figures_of(org: Organisation, today=None) -> dict:
    """The figures an organisation sends up with its report: its subtree's items by the
    dashboard's own summary (one query)."""
    today = today or clock.today()
    tasks = Task.objects.filter(finding__campaign__owner__path__startswith=org.path)
    summary = stats.status_summary(tasks, today)
    return {
        "date": today.isoformat(),
        "items": summary["total"],
        "completed": summary["completed"],
        "completed_pct": float(summary["completed_pct"]),
        "overdue": summary["overdue"],
        "due_soon": summary["due_soon"],
        "by_phrase": {str(p["phrase"]): p["count"] for p in summary["public"]},
    }
