"""The rhythm (三种汇报制度): reporting schedules, the due reports they create, and
supervision notices (督办单).

A `Schedule` says when a kind of report is due in a campaign; `ensure_due_reports`
turns it into one `DueReport` per unit and period (one per period for the district's
own reports), which a unit's progress report fulfils. Missing and late are read off
those rows; lights (lights.py) are computed, never stored.

Who is told (planner.py): the unit's liaison (Unit.liaison); the unit's responsible
leader (分管领导) and head (主要负责人) are the accounts the office links to the unit
with `UnitOfficial` (post leader / head) — Unit.leader and Unit.head are only names.
"""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenggai import access
from zhenggai.audit.models import record, snapshot
from zhenggai.lib import clock


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months; a day the target month lacks becomes its last day
    (Dec 31 + 2 months → Feb 28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def day_in_month(year: int, month: int, day: int) -> datetime.date:
    """Day `day` of the month, or the month's last day when it has fewer days: "the 31st"
    of a 30-day month (or of February) is its last day, never an error."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


class Kind(models.TextChoices):
    WEEKLY = "weekly", _("单位周报(一周一报)")
    MONTHLY = "monthly", _("单位月小结(一月一小结)")
    DAILY = "daily", _("全区日报(向上级整改办)")
    TWO_MONTH = "two_month", _("两个月整改报告(向巡视办)")


UNIT_KINDS = frozenset({Kind.WEEKLY, Kind.MONTHLY})
# Which progress-report period fulfils a unit's due report.
REPORT_PERIOD = {Kind.WEEKLY: "week", Kind.MONTHLY: "month"}


class Schedule(models.Model):
    campaign = models.ForeignKey(
        "inspections.Campaign",
        verbose_name=_("整改工作"),
        on_delete=models.CASCADE,
        related_name="schedules",
    )
    kind = models.CharField(_("报送类型"), max_length=20, choices=Kind.choices)
    weekday = models.PositiveSmallIntegerField(
        _("每周截止日"),
        null=True,
        blank=True,
        choices=[
            (0, _("星期一")),
            (1, _("星期二")),
            (2, _("星期三")),
            (3, _("星期四")),
            (4, _("星期五")),
            (5, _("星期六")),
            (6, _("星期日")),
        ],
    )
    day_of_month = models.PositiveSmallIntegerField(
        _("每月截止日"),
        null=True,
        blank=True,
        help_text=_("1–31;当月没有这一天时(如 30 天的月份填 31),以当月最后一天为准"),
    )
    due_time = models.TimeField(_("截止时间"), default=datetime.time(17, 0))
    starts_on = models.DateField(
        _("起始日期"), help_text=_("两个月整改报告:反馈日期,报告于两个月后到期")
    )
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=clock.now)

    class Meta:
        verbose_name = _("报送安排")
        verbose_name_plural = _("报送安排")
        ordering = ["campaign", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.get_kind_display()}"

    audit_type = "schedule"

    def clean(self):
        errors = {}
        if self.kind == Kind.WEEKLY:
            if self.weekday is None:
                errors["weekday"] = _("周报须选择每周的截止日(星期一至星期日)。")
            if self.day_of_month is not None:
                errors["day_of_month"] = _("周报按星期截止,不填每月截止日。")
        elif self.kind == Kind.MONTHLY:
            if self.day_of_month is None:
                errors["day_of_month"] = _("月小结须填写每月截止日(1–31)。")
            elif not 1 <= self.day_of_month <= 31:
                errors["day_of_month"] = _("每月截止日须在 1 至 31 之间。")
            if self.weekday is not None:
                errors["weekday"] = _("月小结按日期截止,不选每周截止日。")
        elif self.kind in (Kind.DAILY, Kind.TWO_MONTH):
            if self.weekday is not None:
                errors["weekday"] = _("该报送类型不按星期截止。")
            if self.day_of_month is not None:
                errors["day_of_month"] = _("该报送类型不按每月日期截止。")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("结束日期不能早于起始日期。")
        if errors:
            raise ValidationError(errors)

    # -- periods ---------------------------------------------------------------------

    def period_of(self, day: datetime.date) -> datetime.date:
        if self.kind == Kind.WEEKLY:
            return day - datetime.timedelta(days=day.weekday())
        if self.kind == Kind.MONTHLY:
            return day.replace(day=1)
        if self.kind == Kind.DAILY:
            return day
        return self.starts_on

    def next_period(self, start: datetime.date) -> datetime.date | None:
        if self.kind == Kind.WEEKLY:
            return start + datetime.timedelta(days=7)
        if self.kind == Kind.MONTHLY:
            return add_months(start, 1)
        if self.kind == Kind.DAILY:
            return start + datetime.timedelta(days=1)
        return None

    def due_at(self, start: datetime.date) -> datetime.datetime:
        if self.kind == Kind.WEEKLY:
            day = start + datetime.timedelta(days=self.weekday)
        elif self.kind == Kind.MONTHLY:
            day = day_in_month(start.year, start.month, self.day_of_month)
        elif self.kind == Kind.DAILY:
            day = start
        else:
            day = add_months(self.starts_on, 2)
        return local_datetime(day, self.due_time)

    def periods(self, until: datetime.date):
        """The period starts from the schedule's first period up to `until` (and its
        end date)."""
        last = min(until, self.ends_on) if self.ends_on else until
        start = self.period_of(self.starts_on)
        while start is not None and start <= last:
            yield start
            start = self.next_period(start)


class DueReportQuerySet(models.QuerySet):
    def missing(self, now):
        return self.filter(fulfilled_at__isnull=True, due_at__lt=now)

    def late(self):
        return self.filter(fulfilled_at__gt=models.F("due_at"))

    def open(self):
        return self.filter(fulfilled_at__isnull=True)

    def visible_to(self, user):
        return access.by_unit(user, self, campaign="schedule__campaign")


class DueReport(models.Model):
    """One report that is owed: by a unit (weekly, monthly) or by the office for the
    district (daily, two-month), for one period."""

    schedule = models.ForeignKey(
        Schedule, verbose_name=_("报送安排"), on_delete=models.CASCADE, related_name="due"
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("报送单位"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="due_reports",
    )
    period_start = models.DateField(_("周期起始日"))
    due_at = models.DateTimeField(_("截止时间"), db_index=True)
    fulfilled_by = models.ForeignKey(
        "reporting.ProgressReport",
        verbose_name=_("对应填报"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fulfilled_at = models.DateTimeField(_("报送时间"), null=True, blank=True)

    objects = DueReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("应报事项")
        verbose_name_plural = _("应报事项")
        ordering = ["due_at", "unit__position", "unit__name", "id"]
        constraints = [
            # Two partial constraints rather than nulls_distinct=False, which SQLite
            # does not enforce.
            models.UniqueConstraint(
                fields=["schedule", "unit", "period_start"],
                condition=models.Q(unit__isnull=False),
                name="due_report_once_per_unit",
            ),
            models.UniqueConstraint(
                fields=["schedule", "period_start"],
                condition=models.Q(unit__isnull=True),
                name="due_report_once_district",
            ),
        ]

    def __str__(self) -> str:
        who = self.unit or _("全区")
        return f"{who} · {self.schedule.get_kind_display()} · {self.period_start:%Y-%m-%d}"

    audit_type = "due_report"

    def is_late(self) -> bool:
        return self.fulfilled_at is not None and self.fulfilled_at > self.due_at

    def is_missing(self, now) -> bool:
        return self.fulfilled_at is None and now > self.due_at

    def mark_fulfilled(self, user, when=None):
        """The office records that a district report (daily, two-month) went up."""
        if not access.records_fulfilment(user, self):
            raise PermissionError(_("只有整改办可以登记报送。"))
        with transaction.atomic():
            updated = DueReport.objects.filter(pk=self.pk, fulfilled_at__isnull=True).update(
                fulfilled_at=when or clock.now()
            )
            if updated:
                self.refresh_from_db()
                record(user, "due_report_fulfil", self, {}, snapshot(self, ("fulfilled_at",)))
        return bool(updated)


class UnitOfficial(models.Model):
    """An account that is told when a unit's work turns yellow (分管领导) or red (主要负责人)."""

    class Post(models.TextChoices):
        LEADER = "leader", _("分管领导")
        HEAD = "head", _("主要负责人")

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="officials"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="official_posts",
    )
    post = models.CharField(_("职务"), max_length=10, choices=Post.choices)

    class Meta:
        verbose_name = _("单位负责人账号")
        verbose_name_plural = _("单位负责人账号")
        constraints = [
            models.UniqueConstraint(fields=["unit", "user", "post"], name="unit_official_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_post_display()} · {self.user}"


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.by_unit(user, self)

    def overdue(self, today):
        return self.filter(replied_at__isnull=True, reply_due__lt=today)


class SupervisionNotice(models.Model):
    """督办单: the office presses a unit on an item and wants a written reply by a date."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("督办单位"),
        on_delete=models.PROTECT,
        related_name="supervision_notices",
    )
    task = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("整改任务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_notices",
    )
    text = models.TextField(_("督办事项"))
    reply_due = models.DateField(_("回复时限"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("签发时间"), default=clock.now)
    reply = models.TextField(_("回复内容"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"{_('督办单')} #{self.pk} · {self.unit}"

    audit_type = "supervision_notice"

    def is_overdue(self, today) -> bool:
        return self.replied_at is None and self.reply_due < today

    @classmethod
    def issue(cls, user, unit, text, reply_due, task=None):
        from zhenggai.rhythm.planner import announce_notice

        if not access.issues_notice(user, unit):
            raise PermissionError(_("只有本级整改办或上级整改办可以签发督办单。"))
        if task is not None and not (
            task.lead_unit_id == unit.pk or task.units.filter(pk=unit.pk).exists()
        ):
            raise ValidationError(_("该事项不由所选单位牵头或参与。"))
        with transaction.atomic():
            notice = cls.objects.create(
                unit=unit, task=task, text=text.strip(), reply_due=reply_due, issued_by=user
            )
            record(
                user,
                "notice_issue",
                notice,
                {},
                snapshot(notice, ("unit", "text", "reply_due")),
                task=task,
            )
            announce_notice(notice)
        return notice

    def can_reply(self, user) -> bool:
        """A liaison or member of the unit pressed, while no reply has been given."""
        return (
            access.is_unit_worker(user) and user.unit_id == self.unit_id and self.replied_at is None
        )

    def answer(self, user, reply):
        from zhenggai.rhythm.planner import announce_reply

        if not self.can_reply(user):
            raise PermissionError(_("只有被督办单位的联络员或工作人员可以回复。"))
        reply = (reply or "").strip()
        if not reply:
            raise ValidationError(_("请填写回复内容。"))
        with transaction.atomic():
            updated = SupervisionNotice.objects.filter(pk=self.pk, replied_at__isnull=True).update(
                reply=reply, replied_by=user, replied_at=clock.now()
            )
            if not updated:
                raise ValidationError(_("该督办单已回复。"))
            self.refresh_from_db()
            record(
                user,
                "notice_reply",
                self,
                {},
                snapshot(self, ("reply", "replied_at")),
                task=self.task,
            )
            announce_reply(self)
