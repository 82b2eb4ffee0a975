"""The dashboard's aggregates, kept up to date by the writes that change them.

`ItemFacts` holds, per item, what the aggregates need (its campaign, category, problem,
lead unit, state, effective deadline, claim and completion weeks, its lead unit's
report counts and its contribution to the burn-down). The count tables are sums over
those rows, changed by increments (zhenggai.rollups.maintain.touch) in the transaction
of the move or report that changes an item. Keys are plain integers, 0 for "none":
a unique key with a NULL in it would never conflict, so an upsert could not add to it.

Nothing here is read for access decisions: the dashboard uses these tables only for a
reader of the whole ledger (zhenggai.access.reads_whole_ledger).
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenggai.tasks.models import Status

# Stands for "no date" in a key (a NULL would make every key unique).
NO_DATE = datetime.date(1, 1, 1)


class Rollup(models.Model):
    """A count row: its key columns (KEY) and the sums kept under it (VALUES)."""

    KEY: tuple = ()
    VALUES: tuple = ()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        key = ", ".join(str(getattr(self, k)) for k in self.KEY)
        return f"{key}: " + ", ".join(f"{v}={getattr(self, v)}" for v in self.VALUES)


class ItemFacts(models.Model):
    """One item as the aggregates see it; the overdue and due-soon figures, which
    change with the day, are counted from here by an indexed query."""

    task_id = models.IntegerField(primary_key=True)
    campaign_id = models.IntegerField()
    category_id = models.IntegerField(default=0)
    problem_id = models.IntegerField(default=0)
    problem_position = models.IntegerField(default=0)
    lead_unit_id = models.IntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices)
    # Not closed (CLOSED_STATUSES), and of the 长期推进 timeframe: what "overdue" reads.
    open = models.BooleanField()
    long_term = models.BooleanField()
    due = models.DateField(null=True)
    claimed_week = models.DateField(default=NO_DATE)
    done_week = models.DateField(default=NO_DATE)
    closed_on_time = models.BooleanField(default=False)
    lead_on_time_reports = models.IntegerField(default=0)
    lead_returned_reports = models.IntegerField(default=0)
    # [[week (ISO), status, +1/-1], …]: where the item enters and leaves each state in
    # the weekly burn-down, from its Transition log.
    burn = models.JSONField(default=list)
    # [[what, unit, approx, value (a decimal string), rows], …]: the item's Results.
    results = models.JSONField(default=list)

    class Meta:
        verbose_name = _("事项统计快照")
        verbose_name_plural = _("事项统计快照")
        indexes = [
            # Overdue as of any day: the open items of a deadline-bound timeframe, by
            # deadline, with what the page groups them by (an index-only scan).
            models.Index(
                fields=["due", "campaign_id", "category_id", "lead_unit_id", "problem_id"],
                condition=Q(open=True, long_term=False),
                name="rollups_facts_overdue",
            ),
            # Due within the week, and the lists of the nearest deadlines.
            models.Index(
                fields=["campaign_id", "due", "task_id"],
                condition=Q(open=True),
                name="rollups_facts_due",
            ),
            models.Index(fields=["problem_id"], name="rollups_facts_problem"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.status}"


class StatusCount(Rollup):
    """Items per campaign × category × lead unit × state."""

    campaign_id = models.IntegerField()
    category_id = models.IntegerField()
    lead_unit_id = models.IntegerField()
    status = models.CharField(max_length=20, choices=Status.choices)
    n = models.IntegerField(default=0)

    KEY = ("campaign_id", "category_id", "lead_unit_id", "status")
    VALUES = ("n",)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign_id", "category_id", "lead_unit_id", "status"],
                name="rollups_statuscount_key",
            )
        ]


class ProblemCount(Rollup):
    """Items per problem (an item's parent in the findings tree), in the public states."""

    campaign_id = models.IntegerField()
    category_id = models.IntegerField()
    problem_id = models.IntegerField()
    position = models.IntegerField()
    total = models.IntegerField(default=0)
    completed = models.IntegerField(default=0)
    staged = models.IntegerField(default=0)
    long_term = models.IntegerField(default=0)

    KEY = ("campaign_id", "category_id", "problem_id", "position")
    VALUES = ("total", "completed", "staged", "long_term")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign_id", "category_id", "problem_id", "position"],
                name="rollups_problemcount_key",
            )
        ]
        indexes = [models.Index(fields=["campaign_id", "category_id", "position"])]


class WeekCount(Rollup):
    """The burn-down: items entering (+) and leaving (−) each state in each week; the
    state counts at the end of a week are the running sums."""

    campaign_id = models.IntegerField()
    week = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices)
    delta = models.IntegerField(default=0)

    KEY = ("campaign_id", "week", "status")
    VALUES = ("delta",)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign_id", "week", "status"], name="rollups_weekcount_key"
            )
        ]


class UnitWeeks(Rollup):
    """Items per lead unit by the week they were claimed and the week they were done:
    from these the expected weekly reports follow for any day, without reading items."""

    campaign_id = models.IntegerField()
    lead_unit_id = models.IntegerField()
    claimed_week = models.DateField()
    done_week = models.DateField()
    items = models.IntegerField(default=0)
    completed = models.IntegerField(default=0)
    closed_on_time = models.IntegerField(default=0)

    KEY = ("campaign_id", "lead_unit_id", "claimed_week", "done_week")
    VALUES = ("items", "completed", "closed_on_time")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign_id", "lead_unit_id", "claimed_week", "done_week"],
                name="rollups_unitweeks_key",
            )
        ]


class UnitReports(Rollup):
    """A lead unit's weekly reports on its own items filed on time, and its reports
    now returned for revision."""

    campaign_id = models.IntegerField()
    lead_unit_id = models.IntegerField()
    on_time = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)

    KEY = ("campaign_id", "lead_unit_id")
    VALUES = ("on_time", "returned")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign_id", "lead_unit_id"], name="rollups_unitreports_key"
            )
        ]


class ResultSum(Rollup):
    """The items' quantitative results (tasks.Result) summed per wording, unit and
    approximation: what indicators.tally needs, one row per wording instead of per
    Result."""

    campaign_id = models.IntegerField()
    what = models.CharField(max_length=100)
    unit = models.CharField(max_length=20)
    approx = models.BooleanField()
    value = models.DecimalField(max_digits=30, decimal_places=4, default=0)
    rows = models.IntegerField(default=0)

    KEY = ("campaign_id", "what", "unit", "approx")
    VALUES = ("value", "rows")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign_id", "what", "unit", "approx"], name="rollups_resultsum_key"
            )
        ]


# In the order every transaction changes them, keys sorted within each: two moves that
# touch the same rows take their locks in the same order and cannot deadlock.
TABLES = (StatusCount, ProblemCount, WeekCount, UnitWeeks, UnitReports, ResultSum)
