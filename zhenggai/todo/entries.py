"""我的待办: what waits for a person today — the one rule, used by /todo/, the API and the
count in the navigation bar.

Each entry says what is to be done, about which item or record, since when, by when,
and where it is done; it leaves the list when it is done (the item moves on, the report
is filed, the notice answered…). Every list is a fixed number of queries whatever the
size of the ledger, and each is scoped by zhenggai.access.
"""

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenggai import access
from zhenggai.accounts.models import Role
from zhenggai.lib import clock

# At most this many entries of one kind; the rest is counted.
LIMIT = 50


@dataclass
class Entry:
    kind: str
    label: str  # what to do
    subject: str  # about what
    url: str
    since: datetime.datetime | datetime.date | None = None
    due: datetime.date | datetime.datetime | None = None
    note: str = ""  # e.g. the reason an item was returned
    who: str = ""  # who asked / returned / decided
    overdue: bool = False

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "label": str(self.label),
            "subject": self.subject,
            "url": self.url,
            "since": self.since.isoformat() if self.since else None,
            "due": self.due.isoformat() if self.due else None,
            "note": self.note,
            "who": self.who,
            "overdue": self.overdue,
        }


def _task_subject(task) -> str:
    finding = task.finding
    return f"{finding.label}{finding.title}"[:120]


def _task_entry(kind, label, task, today, since=None, note="", who=""):
    due = task.effective_deadline
    return Entry(
        kind=kind,
        label=label,
        subject=_task_subject(task),
        url=reverse("task", args=[task.pk]),
        since=since or task.updated_at,
        due=due,
        note=note,
        who=who,
        overdue=bool(due and due < today),
    )


# A request waiting for a decision — a closure to review or approve, an extension, a
# progress report to review — is late once it has waited this long: the one rule for
# reviews, whatever the item's own deadline (a unit that asks on the last day must not
# make the reviewer look late from the first minute).
REVIEW_WAIT = datetime.timedelta(days=3)


def _review_entry(kind, label, task, now, since, note="", who=""):
    """An entry for a decision someone waits for since `since`: due REVIEW_WAIT later."""
    since = since or task.updated_at
    due = since + REVIEW_WAIT
    return Entry(
        kind=kind,
        label=label,
        subject=_task_subject(task),
        url=reverse("task", args=[task.pk]),
        since=since,
        due=timezone.localtime(due),
        note=note,
        who=who,
        overdue=now > due,
    )


def _last_transition(field):
    from zhenggai.tasks.models import Transition

    return Subquery(
        Transition.objects.filter(task=OuterRef("pk")).order_by("-at", "-id").values(field)[:1]
    )


def returned_items(user, tasks=None):
    """The unit's items whose last move was 退回, with the reason, who and when."""
    from zhenggai.tasks.models import Action, Task

    qs = tasks if tasks is not None else access.tasks(user, Task.objects.all())
    return (
        qs.annotate(
            last_action=_last_transition("action"),
            last_reason=_last_transition("reason"),
            last_at=_last_transition("at"),
            last_actor=_last_transition("actor__display_name"),
            last_actor_username=_last_transition("actor__username"),
        )
        .filter(last_action=Action.OFFICE_RETURN)
        .select_related("finding")
    )


def last_return(transitions):
    """The item's last move if it was 退回 (its reason, who and when are shown on top of
    the item page), else None. `transitions`: the item's log, already loaded."""
    from zhenggai.tasks.models import Action

    last = max(transitions, key=lambda t: (t.at, t.pk), default=None)
    if last is None or last.action != Action.OFFICE_RETURN:
        return None
    return last


# --- per role --------------------------------------------------------------------------


def _unit_entries(user, today, now):
    from zhenggai.feedback.models import Feedback
    from zhenggai.feedback.models import Status as FeedbackStatus
    from zhenggai.reporting.models import ProgressReport
    from zhenggai.rhythm.models import DueReport, SupervisionNotice
    from zhenggai.tasks.models import DeadlineExtension, Status, Task

    entries = []
    mine = access.tasks(user, Task.objects.all()).filter(lead_unit_id=user.unit_id)
    if user.role == Role.LIAISON:
        for task in mine.filter(status=Status.ASSIGNED).select_related("finding")[:LIMIT]:
            entries.append(_task_entry("claim", _("认领事项"), task, today))
        for task in returned_items(user, mine)[:LIMIT]:
            entries.append(
                _task_entry(
                    "returned",
                    _("按退回意见修改后重新申请销号"),
                    task,
                    today,
                    since=task.last_at,
                    note=task.last_reason or "",
                    who=task.last_actor or task.last_actor_username or "",
                )
            )
    for due in (
        DueReport.objects.visible_to(user)
        .open()
        .filter(unit_id=user.unit_id, period_start__lte=today)
        .select_related("schedule")
        .order_by("due_at")[:LIMIT]
    ):
        entries.append(
            Entry(
                kind="due_report",
                label=_("报送%(kind)s") % {"kind": due.schedule.get_kind_display()},
                subject=str(
                    _("%(start)s 起的周期") % {"start": due.period_start.strftime("%Y-%m-%d")}
                ),
                url=reverse("unit", args=[user.unit_id]),
                since=due.period_start,
                due=timezone.localtime(due.due_at),
                overdue=due.due_at < now,
            )
        )
    for report in (
        ProgressReport.objects.visible_to(user)
        .filter(unit_id=user.unit_id, status=ProgressReport.Status.RETURNED)
        .select_related("task__finding")[:LIMIT]
    ):
        entries.append(
            _task_entry(
                "report_returned",
                _("修改被退回的进展填报"),
                report.task,
                today,
                since=report.reviewed_at,
                note=report.review_comment,
            )
        )
    for notice in (
        SupervisionNotice.objects.visible_to(user)
        .filter(unit_id=user.unit_id, replied_at__isnull=True)
        .order_by("reply_due")[:LIMIT]
    ):
        entries.append(
            Entry(
                kind="notice",
                label=_("回复督办单"),
                subject=notice.text[:120],
                url=reverse("rhythm:notice", args=[notice.pk]),
                since=notice.issued_at,
                due=notice.reply_due,
                overdue=notice.reply_due < today,
            )
        )
    if user.role == Role.LIAISON:
        for item in (
            Feedback.objects.visible_to(user)
            .filter(unit_id=user.unit_id, status=FeedbackStatus.ASSIGNED)
            .order_by("received_at")[:LIMIT]
        ):
            entries.append(
                Entry(
                    kind="feedback",
                    label=_("答复交办的群众意见"),
                    subject=item.message[:120],
                    url=reverse("feedback_detail", args=[item.pk]),
                    since=item.received_at,
                )
            )
        week_ago = now - datetime.timedelta(days=7)
        for ext in (
            DeadlineExtension.objects.filter(
                requested_by=user, decided_at__gte=week_ago, task__in=access.task_ids(user)
            )
            .exclude(status=DeadlineExtension.Status.PENDING)
            .select_related("task__finding", "decided_by")[:LIMIT]
        ):
            entries.append(
                _task_entry(
                    "extension_decided",
                    _("知悉延期审批结果:%(result)s") % {"result": ext.get_status_display()},
                    ext.task,
                    today,
                    since=ext.decided_at,
                    note=ext.comment,
                    who=str(ext.decided_by or ""),
                )
            )
    return entries


def _office_entries(user, today, now):
    from zhenggai.briefings.models import Briefing
    from zhenggai.feedback.models import Feedback
    from zhenggai.feedback.models import Status as FeedbackStatus
    from zhenggai.reporting.models import ProgressReport
    from zhenggai.rhythm.models import DueReport
    from zhenggai.tasks import permissions
    from zhenggai.tasks.models import Action, DeadlineExtension, Status, Task

    entries = []
    for task in (
        Task.objects.filter(status=Status.CLOSURE_REQUESTED)
        .annotate(requested_at=_last_transition("at"))
        .select_related("finding", "closure_requested_by")
        .order_by("updated_at")[:LIMIT]
    ):
        if permissions.can(user, Action.OFFICE_ACCEPT, task):
            entries.append(
                _review_entry(
                    "review",
                    _("审核销号申请"),
                    task,
                    now,
                    since=task.requested_at,
                    note=task.effect_note[:200],
                    who=str(task.closure_requested_by or ""),
                )
            )
    # The office's work is its own organisation's ledger (access.kept), never that of
    # another district or of the levels below it.
    for ext in (
        access.kept(user, DeadlineExtension.objects.all(), "task__finding__campaign")
        .filter(status=DeadlineExtension.Status.PENDING)
        .select_related("task__finding", "requested_by")
        .order_by("requested_at")[:LIMIT]
    ):
        entries.append(
            _review_entry(
                "extension",
                _("审批延期申请(延至 %(day)s)") % {"day": ext.new_deadline.strftime("%Y-%m-%d")},
                ext.task,
                now,
                since=ext.requested_at,
                note=ext.reason,
                who=str(ext.requested_by or ""),
            )
        )
    for report in (
        access.kept(user, ProgressReport.objects.all(), "task__finding__campaign")
        .filter(status=ProgressReport.Status.SUBMITTED)
        .select_related("task__finding", "unit")
        .order_by("created_at")[:LIMIT]
    ):
        entries.append(
            _review_entry(
                "report_review",
                _("审核进展填报"),
                report.task,
                now,
                # Submitted, or submitted again after a revision.
                since=report.updated_at,
                note=report.text[:200],
                who=str(report.unit),
            )
        )
    for item in access.kept(user, Feedback.objects.filter(status=FeedbackStatus.NEW)).order_by(
        "received_at"
    )[:LIMIT]:
        entries.append(
            Entry(
                kind="feedback",
                label=_("分办群众意见建议"),
                subject=item.message[:120],
                url=reverse("feedback_detail", args=[item.pk]),
                since=item.received_at,
            )
        )
    missing = {}
    for due in (
        access.kept(user, DueReport.objects.open(), "schedule__campaign")
        .filter(due_at__lt=now)
        .select_related("schedule", "unit")
        .order_by("due_at")[: LIMIT * 20]
    ):
        key = (due.schedule_id, due.period_start)
        missing.setdefault(key, []).append(due)
    for dues in list(missing.values())[:LIMIT]:
        first = dues[0]
        names = "、".join(str(d.unit or _("整改办")) for d in dues[:5])
        entries.append(
            Entry(
                kind="missing_reports",
                label=_("催报:%(kind)s %(n)d 份未报送")
                % {"kind": first.schedule.get_kind_display(), "n": len(dues)},
                subject=names + ("……" if len(dues) > 5 else ""),
                url=reverse("rhythm:overview"),
                since=first.period_start,
                due=timezone.localtime(first.due_at),
                overdue=True,
            )
        )
    for briefing in access.kept(user, Briefing.objects.drafts()).order_by("period_start")[:LIMIT]:
        entries.append(
            Entry(
                kind="briefing",
                label=_("审定并印发%(kind)s") % {"kind": briefing.get_kind_display()},
                subject=briefing.title,
                url=reverse("briefings:preview", args=[briefing.pk]),
                since=briefing.created_at,
                due=briefing.issue_date,
            )
        )
    entries += _briefings_due(user, today)
    entries += _overdue_notices(user, today, _("督办单逾期未回复:%(unit)s"))
    return entries


def _overdue_notices(user, today, label):
    """督办单 whose reply is overdue: the office presses them, the discipline commission
    follows them up; `label` says which."""
    from zhenggai.rhythm.models import SupervisionNotice

    return [
        Entry(
            kind="notice_overdue",
            label=label % {"unit": notice.unit},
            subject=notice.text[:120],
            url=reverse("rhythm:notice", args=[notice.pk]),
            since=notice.issued_at,
            due=notice.reply_due,
            overdue=True,
        )
        for notice in SupervisionNotice.objects.visible_to(user)
        .overdue(today)
        .select_related("unit")
        .order_by("reply_due")[:LIMIT]
    ]


def _briefings_due(user, today):
    """整改简报 for last week and the stage report for last month, per campaign that has
    items, when none has been drafted or issued for that period."""
    from zhenggai.briefings.models import Briefing
    from zhenggai.inspections.models import Campaign

    monday = today - datetime.timedelta(days=today.weekday())
    last_week = (monday - datetime.timedelta(days=7), monday - datetime.timedelta(days=1))
    first = today.replace(day=1)
    last_month_end = first - datetime.timedelta(days=1)
    last_month = (last_month_end.replace(day=1), last_month_end)
    periods = [(Briefing.Kind.WEEKLY, last_week), (Briefing.Kind.MONTHLY, last_month)]
    campaigns = list(
        access.kept_campaigns(
            user, Campaign.objects.filter(findings__task__isnull=False)
        ).distinct()[:LIMIT]
    )
    have = set(
        Briefing.objects.filter(
            campaign__in=campaigns, period_start__gte=last_month[0]
        ).values_list("campaign_id", "kind", "period_end")
    )
    entries = []
    for campaign in campaigns:
        for kind, (start, end) in periods:
            if any(c == campaign.pk and k == kind and e >= end for c, k, e in have):
                continue
            entries.append(
                Entry(
                    kind="briefing_due",
                    label=_("起草%(kind)s") % {"kind": kind.label},
                    subject=f"{campaign.name} · {start:%m-%d}—{end:%m-%d}",
                    url=reverse("briefings:list"),
                    since=end,
                )
            )
    return entries


def _leader_entries(user, now):
    from zhenggai.tasks import permissions
    from zhenggai.tasks.models import Action, Status, Task

    return [
        _review_entry(
            "approve",
            _("审批销号"),
            task,
            now,
            since=task.accepted_at,
            note=task.effect_note[:200],
        )
        for task in Task.objects.filter(status=Status.OFFICE_ACCEPTED)
        .annotate(accepted_at=_last_transition("at"))
        .select_related("finding")
        .order_by("updated_at")[:LIMIT]
        if permissions.can(user, Action.APPROVE, task)
    ]


def _discipline_entries(user, today):
    """Overdue 督办单 (问责跟进: a unit that does not answer is for the commission to look
    at) and items long overdue."""
    from zhenggai.tasks.models import Task

    entries = _overdue_notices(user, today, _("跟进逾期督办:%(unit)s"))
    month_ago = today - datetime.timedelta(days=30)
    for task in (
        Task.objects.visible_to(user)
        .overdue(today)
        .filter(deadline__lt=month_ago)
        .select_related("finding")
        .order_by("deadline")[:LIMIT]
    ):
        entries.append(_task_entry("overdue", _("跟进逾期超过30天的事项"), task, today))
    return entries


def _admin_entries(user, now):
    from zhenggai.accounts.models import User
    from zhenggai.units.models import Unit

    # A unit without a liaison: its reminders and 督办单 reach nobody until an account
    # is made for it and named its liaison.
    orphans = [
        Entry(
            kind="no_liaison",
            label=_("为单位建立联络员账号"),
            subject=unit.name,
            url=reverse("manage_user_new"),
        )
        for unit in Unit.objects.filter(is_active=True, liaison__isnull=True).order_by(
            "position", "pk"
        )[:LIMIT]
    ]
    return orphans + [
        Entry(
            kind="locked",
            label=_("账号已锁定,核实后可解锁"),
            subject=account.username,
            url=reverse("manage_users"),
            due=account.locked_until,
        )
        for account in access.accounts(user, User.objects.filter(locked_until__gt=now))[:LIMIT]
    ]


def _upward_entries(user):
    """Reports sent up by the organisations below, not yet signed for: one query."""
    from zhenggai.organisations.models import UpwardReport

    if not access.reads_whole_ledger(user) or user.is_superuser:
        return []
    return [
        Entry(
            kind="upward_report",
            label=_("签收下级上报(%(period)s)") % {"period": report.get_period_display()},
            subject=f"{report.sender.name} · {report.period_start:%Y-%m-%d} · {report.text[:80]}",
            url=reverse("oversight:report", args=[report.pk]),
            since=report.submitted_at,
        )
        for report in UpwardReport.objects.unreceived()
        .filter(recipient_id=user.organisation_id)
        .select_related("sender")
        .order_by("submitted_at")[:LIMIT]
        if access.receives_upward(user, report)
    ]


def entries_for(user, today=None, now=None) -> list[Entry]:
    """Everything that waits for `user`, oldest first."""
    if not access.active(user):
        return []
    now = now or clock.now()
    today = today or clock.today()
    entries = []
    if access.is_unit_worker(user):
        entries += _unit_entries(user, today, now)
    if access.is_office(user):
        entries += _office_entries(user, today, now)
    if access.is_leader(user):
        entries += _leader_entries(user, now)
    if access.is_discipline(user):
        entries += _discipline_entries(user, today)
    if access.is_account_admin(user):
        entries += _admin_entries(user, now)
    entries += _upward_entries(user)

    def key(entry):
        since = entry.since
        if isinstance(since, datetime.datetime):
            since = timezone.localtime(since).date()
        return (not entry.overdue, since or today)

    return sorted(entries, key=key)
