"""What the worker does each round: due-report rows, fulfilment, reminders.

Who is told, by level (escalation widens, it never narrows):

  green  — the unit's liaison (联络员)
  yellow — + the unit's responsible leaders (UnitOfficial post 分管领导)
  red    — + the unit's heads (UnitOfficial post 主要负责人) + the office of the unit's
           organisation (never a sibling organisation's: access.told)

A report the district owes (daily, two-month) has no unit: the office of the organisation
that owns its campaign is told at every level. Each (user, subject, object, period, level) is told once (inbox.notify), however
often the planner runs.

When:
  due report   green once its period has begun; yellow when due within
               RHYTHM_YELLOW_DAYS days; red once past due and not filed. Only the current
               level is sent, so a planner that was down does not replay green and yellow.
  item         yellow when its (revised) deadline is within RHYTHM_YELLOW_DAYS days;
               red once overdue; a new deadline (extension) is a new period. Items on
               track get no reminder of their own: the due reports are the routine.
  notice       on issue: liaison + leaders (info); yellow and red on its reply date as
               for items; the reply goes to the issuer and the office (info).
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai import access
from zhenggai.accounts.models import Role
from zhenggai.inbox.delivery import notify
from zhenggai.inbox.models import Level
from zhenggai.lib import clock
from zhenggai.lib.events import in_site_language
from zhenggai.reporting.models import ProgressReport
from zhenggai.rhythm.models import (
    REPORT_PERIOD,
    UNIT_KINDS,
    DueReport,
    Schedule,
    SupervisionNotice,
    UnitOfficial,
)
from zhenggai.tasks.models import REPORTABLE_STATUSES, Task, Timeframe
from zhenggai.units.models import Unit

LOOKBACK = datetime.timedelta(days=7)


def yellow_window() -> datetime.timedelta:
    return datetime.timedelta(days=settings.RHYTHM_YELLOW_DAYS)


# -- recipients --------------------------------------------------------------------------


class Recipients:
    """Everyone who may be told about any unit, loaded in three queries. The office told
    is the one of the organisation concerned (the unit's, or the campaign owner's for a
    record of no unit): a sibling organisation's office hears nothing of it."""

    def __init__(self):
        self.offices = access.told_by_organisation(Role.OFFICE)
        self.posts = defaultdict(list)
        for off in UnitOfficial.objects.select_related("user").filter(user__is_active=True):
            self.posts[(off.unit_id, off.post)].append(off.user)
        self.liaison = {}
        self.organisation = {}
        for u in Unit.objects.select_related("liaison"):
            self.organisation[u.pk] = u.organisation_id
            if u.liaison_id is not None:
                self.liaison[u.pk] = u.liaison

    def office(self, organisation_id) -> list:
        return list(self.offices.get(organisation_id, ()))

    def for_unit(self, unit_id, level, organisation_id=None) -> list:
        """`organisation_id`: whose office hears of a record of no unit."""
        if unit_id is None:
            return self.office(organisation_id)
        users = [self.liaison.get(unit_id)]
        if level in (Level.YELLOW, Level.RED, Level.INFO):
            users += self.posts[(unit_id, UnitOfficial.Post.LEADER)]
        if level == Level.RED:
            users += self.posts[(unit_id, UnitOfficial.Post.HEAD)]
            users += self.office(self.organisation.get(unit_id))
        return [u for u in users if u is not None]


# -- due reports -------------------------------------------------------------------------


def reportable_units(campaign_id) -> set:
    tasks = Task.objects.filter(finding__campaign_id=campaign_id, status__in=REPORTABLE_STATUSES)
    led = tasks.filter(lead_unit__isnull=False).values_list("lead_unit_id", flat=True)
    shared = Task.units.through.objects.filter(task__in=tasks).values_list("unit_id", flat=True)
    active = set(Unit.objects.filter(is_active=True).values_list("pk", flat=True))
    return (set(led) | set(shared)) & active


def ensure_due_reports(now) -> int:
    """Create the due-report rows for every period begun by `now`: from the schedule's
    last period with rows (or its start) to the current one, for the units that have
    reportable items now. Idempotent."""
    today = timezone.localdate(now)
    made = 0
    for schedule in Schedule.objects.filter(is_active=True, starts_on__lte=today):
        last = schedule.due.aggregate(m=models.Max("period_start"))["m"]
        units = (
            sorted(reportable_units(schedule.campaign_id))
            if schedule.kind in UNIT_KINDS
            else [None]
        )
        rows = [
            DueReport(
                schedule=schedule,
                unit_id=unit_id,
                period_start=start,
                due_at=schedule.due_at(start),
            )
            for start in schedule.periods(today)
            if last is None or start >= last
            for unit_id in units
        ]
        before = DueReport.objects.filter(schedule=schedule).count()
        DueReport.objects.bulk_create(rows, ignore_conflicts=True)
        made += DueReport.objects.filter(schedule=schedule).count() - before
    return made


def fulfil(due_reports) -> int:
    """Link each open unit due report to the unit's first progress report for its
    period in its campaign."""
    wanted = [d for d in due_reports if d.unit_id and d.schedule.kind in REPORT_PERIOD]
    if not wanted:
        return 0
    q = models.Q()
    for d in wanted:
        q |= models.Q(
            unit_id=d.unit_id,
            period=REPORT_PERIOD[d.schedule.kind],
            period_start=d.period_start,
            task__finding__campaign_id=d.schedule.campaign_id,
        )
    first = {}
    for r in (
        ProgressReport.objects.filter(q)
        .order_by("created_at", "pk")
        .values(
            "pk", "unit_id", "period", "period_start", "created_at", "task__finding__campaign_id"
        )
    ):
        key = (r["unit_id"], r["period"], r["period_start"], r["task__finding__campaign_id"])
        first.setdefault(key, r)
    done = 0
    for d in wanted:
        r = first.get(
            (d.unit_id, REPORT_PERIOD[d.schedule.kind], d.period_start, d.schedule.campaign_id)
        )
        if r is not None:
            done += DueReport.objects.filter(pk=d.pk, fulfilled_at__isnull=True).update(
                fulfilled_by_id=r["pk"], fulfilled_at=r["created_at"]
            )
    return done


def sync_fulfilment() -> int:
    return fulfil(
        list(
            DueReport.objects.open()
            .filter(unit__isnull=False, schedule__kind__in=list(REPORT_PERIOD))
            .select_related("schedule")
        )
    )


def due_level(due: DueReport, now) -> str:
    """The due report's light: red missing, yellow due soon, green otherwise (also when
    filed, late or not)."""
    if due.fulfilled_at is not None:
        return Level.GREEN
    if now > due.due_at:
        return Level.RED
    if due.due_at - now <= yellow_window():
        return Level.YELLOW
    return Level.GREEN


def deadline_level(deadline, today) -> str | None:
    if deadline is None:
        return None
    if deadline < today:
        return Level.RED
    if (deadline - today).days <= settings.RHYTHM_YELLOW_DAYS:
        return Level.YELLOW
    return Level.GREEN


# -- reminders ---------------------------------------------------------------------------


def plan_reminders(now=None) -> int:
    """Notify whoever must be told now. Returns the number of notifications created."""
    now = now or clock.now()
    today = timezone.localdate(now)
    who = Recipients()
    made = 0

    for due in (
        DueReport.objects.open()
        .filter(period_start__lte=today, due_at__gte=now - LOOKBACK)
        .select_related("schedule__campaign", "unit")
    ):
        level = due_level(due, now)
        kind = due.schedule.get_kind_display()
        unit = due.unit.name if due.unit else _("全区")
        deadline = timezone.localtime(due.due_at).strftime("%Y-%m-%d %H:%M")
        title = {
            Level.GREEN: _("【提醒】%(unit)s %(kind)s 请于 %(due)s 前报送"),
            Level.YELLOW: _("【黄灯】%(unit)s %(kind)s 即将截止(%(due)s)"),
            Level.RED: _("【红灯】%(unit)s %(kind)s 逾期未报(截止 %(due)s)"),
        }[level] % {"unit": unit, "kind": kind, "due": deadline}
        body = _("周期:%(start)s 起。请登录系统填报。") % {"start": due.period_start.isoformat()}
        url = reverse("unit", args=[due.unit_id]) if due.unit_id else reverse("rhythm:overview")
        made += len(
            notify(
                who.for_unit(due.unit_id, level, due.schedule.campaign.owner_id),
                "due_report",
                due.pk,
                due.period_start,
                level,
                title,
                body,
                url,
            )
        )

    horizon = today + yellow_window()
    tasks = (
        Task.objects.open()
        .exclude(timeframe=Timeframe.LONG_TERM)
        .filter(lead_unit__isnull=False)
        .filter(
            models.Q(revised_deadline__lte=horizon)
            | models.Q(revised_deadline__isnull=True, deadline__lte=horizon)
        )
        .select_related("finding", "lead_unit")
    )
    for task in tasks:
        deadline = task.effective_deadline
        level = deadline_level(deadline, today)
        if level not in (Level.YELLOW, Level.RED):
            continue
        if level == Level.RED:
            title = _("【红灯】整改事项逾期:%(t)s(时限 %(d)s)")
        else:
            title = _("【黄灯】整改事项临近时限:%(t)s(时限 %(d)s)")
        title = title % {"t": str(task.finding)[:80], "d": deadline.isoformat()}
        body = _("牵头单位:%(unit)s") % {"unit": task.lead_unit.name}
        made += len(
            notify(
                who.for_unit(task.lead_unit_id, level),
                "task",
                task.pk,
                deadline,
                level,
                title,
                body,
                reverse("task", args=[task.pk]),
            )
        )

    for notice in SupervisionNotice.objects.filter(
        replied_at__isnull=True, reply_due__lte=horizon
    ).select_related("unit"):
        level = deadline_level(notice.reply_due, today)
        if level == Level.RED:
            title = _("【红灯】督办单逾期未回复:%(unit)s(时限 %(d)s)")
        else:
            title = _("【黄灯】督办单即将到期:%(unit)s(时限 %(d)s)")
        title = title % {"unit": notice.unit.name, "d": notice.reply_due.isoformat()}
        made += len(
            notify(
                who.for_unit(notice.unit_id, level),
                "notice",
                notice.pk,
                notice.reply_due,
                level,
                title,
                notice.text[:500],
                reverse("rhythm:notice", args=[notice.pk]),
            )
        )
    return made


@in_site_language
def announce_notice(notice):
    who = Recipients()
    title = _("【督办】%(unit)s:请于 %(d)s 前回复") % {
        "unit": notice.unit.name,
        "d": notice.reply_due.isoformat(),
    }
    notify(
        who.for_unit(notice.unit_id, Level.INFO),
        "notice",
        notice.pk,
        notice.reply_due,
        Level.INFO,
        title,
        notice.text[:500],
        reverse("rhythm:notice", args=[notice.pk]),
    )


@in_site_language
def announce_reply(notice):
    who = Recipients()
    title = _("【督办回复】%(unit)s 已回复督办单 #%(n)s") % {
        "unit": notice.unit.name,
        "n": notice.pk,
    }
    notify(
        [notice.issued_by, *who.office(who.organisation.get(notice.unit_id))],
        "notice_reply",
        notice.pk,
        notice.reply_due,
        Level.INFO,
        title,
        notice.reply[:500],
        reverse("rhythm:notice", args=[notice.pk]),
    )


def run_once(now=None, deliver=True) -> dict:
    """One round of the worker."""
    from zhenggai.inbox.delivery import deliver_outbox, deliver_webhooks, send_digests
    from zhenggai.search.index import drain

    now = now or clock.now()
    result = {
        # Re-indexing a committed change whose process died before doing it.
        "search_index": drain(),
        "due_reports": ensure_due_reports(now),
        "fulfilled": sync_fulfilment(),
        "notifications": plan_reminders(now),
        "digests": send_digests(now),
    }
    if deliver:
        result["mail"] = deliver_outbox(now)
        result["channels"] = deliver_webhooks(now)
    return result
