"""督导: an upper level's figures per subordinate organisation — the one function the
oversight page, its API and the upward report use (`rows`, `figures_of`).

Each subordinate's figures cover its whole subtree (a city's row for a district counts
the district's streets too). The rules are the dashboard's (zhenggai.dashboard.stats):
overdue is `overdue_q`, completion is 已完成整改 over all items, on-time reporting is the
unit ranking's 按时填报率 summed over the subtree's lead units. A fixed number of queries
whatever the number of organisations: each aggregate groups by the subordinate's path
prefix (`branch`), never one query per organisation.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import CharField, Count, Max, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from zhenggai.dashboard import stats
from zhenggai.inspections.models import Campaign
from zhenggai.lib import clock
from zhenggai.organisations.models import STEP, Organisation, UpwardReport
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


def rows(org: Organisation, tasks=None, today=None, now=None, sort="score") -> list[Row]:
    """One row per direct subordinate of `org`, over `tasks` (the reader's items, scoped
    by zhenggai.access; all items when None). Nine queries, whatever the number of
    organisations and items."""
    today = today or clock.today()
    now = now or clock.now()
    children = list(Organisation.objects.filter(parent=org).order_by("path"))  # 1
    by_path = {c.path: Row(organisation=c) for c in children}
    if not by_path:
        return []
    tasks = Task.objects.all() if tasks is None else tasks
    below = tasks.filter(finding__campaign__owner__path__startswith=org.path).exclude(
        finding__campaign__owner=org
    )
    counts = (  # 2
        below.annotate(branch=_branch("finding__campaign__owner__path", org))
        .values("branch")
        .annotate(
            total=Count("pk"),
            completed=Count("pk", filter=Q(status=Status.COMPLETED)),
            overdue=Count("pk", filter=stats.overdue_q(today)),
        )
        .order_by()
    )
    for c in counts:
        row = by_path.get(c["branch"])
        if row is not None:
            row.items, row.completed, row.overdue = c["total"], c["completed"], c["overdue"]
    # On-time reporting: the ranking's own figures per lead unit (3 queries), summed per
    # subordinate through the units' organisations (1).
    scores = stats.ranking(below, today)
    unit_branch = dict(
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
    for c in (  # 6
        Transition.objects.filter(task__in=below.values("pk"), at__gte=since)
        .annotate(branch=_branch("task__finding__campaign__owner__path", org))
        .values("branch")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        row = by_path.get(c["branch"])
        if row is not None:
            row.recent_changes = c["n"]
    for sender_path, last in (  # 7
        UpwardReport.objects.filter(recipient=org)
        .values("sender__path")
        .annotate(last=Max("submitted_at"))
        .values_list("sender__path", "last")
    ):
        row = by_path.get(sender_path)
        if row is not None:
            row.last_upward = last
    for c in (  # 8
        Campaign.objects.filter(pk__in=below.values("finding__campaign_id"))
        .annotate(branch=_branch("owner__path", org))
        .values("pk", "name", "branch")
        .order_by("-created_at", "-pk")
    ):
        row = by_path.get(c["branch"])
        if row is not None:
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
