import datetime

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from zhenggai import access
from zhenggai.audit.models import record
from zhenggai.lib import clock
from zhenggai.lib.appendonly import ChainedModel, ChainedQuerySet
from zhenggai.lib.events import emit
from zhenggai.lib.fields import StampField
from zhenggai.tasks.permissions import can_decide_extension
from zhenggai.tasks.states import (  # noqa: F401 — re-exported: import them from here
    CLOSED_STATUSES,
    PUBLIC_PHRASES,
    REPORTABLE_STATUSES,
    WORKING_STATUSES,
    Action,
    Status,
    Timeframe,
)
from zhenggai.tasks.workflow import (
    Conflict,
    MissingRequirement,
    MoveNotAllowed,
    TaskWorkflow,
    WrongState,
)


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What `user` may read (zhenggai.access.tasks)."""
        return access.tasks(user, self)

    def open(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, today):
        """Past the (revised) deadline and not closed. Never stored: it follows from
        the deadline and the state, so it is right the moment either changes."""
        return (
            self.open()
            .exclude(timeframe=Timeframe.LONG_TERM)
            .filter(
                models.Q(revised_deadline__lt=today)
                | models.Q(revised_deadline__isnull=True, deadline__lt=today)
            )
        )

    def due_between(self, first, last):
        return self.open().filter(
            models.Q(revised_deadline__range=(first, last))
            | models.Q(revised_deadline__isnull=True, deadline__range=(first, last))
        )

    def due_this_week(self, today):
        monday = today - datetime.timedelta(days=today.weekday())
        return self.due_between(monday, monday + datetime.timedelta(days=6))

    def search(self, text: str):
        """Plain substring search over what a reader would look for in an item (the
        ledger's search box, the API's `q`).

        icontains is enough for Chinese (no case to fold). A subquery for the sub-actions
        keeps one row per task without DISTINCT.
        """
        text = text.strip()
        if not text:
            return self
        in_actions = SubAction.objects.filter(text__icontains=text).values("task_id")
        return self.filter(
            models.Q(finding__title__icontains=text)
            | models.Q(measure__icontains=text)
            | models.Q(body__icontains=text)
            | models.Q(pk__in=in_actions)
        )


class Task(TaskWorkflow, models.Model):
    """The measure (整改措施) that answers one item of the findings tree."""

    finding = models.OneToOneField(
        "inspections.Finding",
        verbose_name=_("具体问题"),
        on_delete=models.CASCADE,
        related_name="task",
    )
    measure = models.TextField(_("整改措施"), blank=True)
    # The text after the status marker as published: sub-actions with their markers, or
    # free text when the report lists none (seed item (12)).
    body = models.TextField(_("整改措施详情"), blank=True)
    lead_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("牵头单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    units = models.ManyToManyField(
        "units.Unit", verbose_name=_("责任单位"), blank=True, related_name="shared_tasks"
    )
    leader = models.CharField(_("责任领导"), max_length=100, blank=True)
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    revised_deadline = models.DateField(_("调整后时限"), null=True, blank=True)
    timeframe = models.CharField(
        _("时限类型"), max_length=20, choices=Timeframe.choices, blank=True
    )
    status = models.CharField(
        _("整改状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # The status phrase as the source report wrote it, kept for faithful re-publication.
    status_text = models.CharField(_("原文状态表述"), max_length=100, blank=True)
    effect_note = models.TextField(_("整改成效"), blank=True)
    # Who asked for closure (申请销号), while the request stands: the office member who
    # reviews it and the leader who approves it must be someone else.
    closure_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销号申请人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # Who made which sign-off move (申请销号, 审核通过, 审批销号), as {move: [user ids]},
    # kept by the moves for the separation of duties (tasks.permissions).
    sign_offs = models.JSONField(_("销号经办人"), default=dict, blank=True, editable=False)

    # Bumped on every save through the application; a save that carries an older
    # version is a conflict, not an overwrite.
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = StampField(_("创建时间"), auto_now_add=True)
    updated_at = StampField(_("更新时间"), auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改任务")
        verbose_name_plural = _("整改任务")
        # The campaign by its key, not its own ordering (created_at): a join to the
        # campaign and a sort of the whole ledger for a page of 50 otherwise. Within a
        # campaign the (campaign, position) index gives the order.
        ordering = ["-finding__campaign_id", "finding__position"]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            # The ledger's filters (front/ledger.apply_filters): lead unit with or
            # without a state, the kind of timeframe, and the effective deadline that
            # "overdue" and "due this week" compare — the revised one where there is
            # one, else the original (two partial indexes, one per branch of the OR).
            models.Index(fields=["lead_unit", "status"], name="task_lead_unit_status"),
            models.Index(fields=["timeframe", "status"], name="task_timeframe_status"),
            models.Index(
                fields=["revised_deadline"],
                condition=models.Q(revised_deadline__isnull=False),
                name="task_revised_deadline",
            ),
            models.Index(
                fields=["deadline"],
                condition=models.Q(revised_deadline__isnull=True),
                name="task_unrevised_deadline",
            ),
        ]

    def __str__(self) -> str:
        return str(self.finding)

    @property
    def effective_deadline(self):
        return self.revised_deadline or self.deadline

    @property
    def public_phrase(self) -> str:
        return PUBLIC_PHRASES.get(self.status, "")

    def is_overdue(self, today) -> bool:
        due = self.effective_deadline
        return (
            due is not None
            and due < today
            and self.status not in CLOSED_STATUSES
            and self.timeframe != Timeframe.LONG_TERM
        )


class SubAction(models.Model):
    """One of the measure's numbered actions: 一是…, 二是…"""

    task = models.ForeignKey(
        Task, verbose_name=_("整改任务"), on_delete=models.CASCADE, related_name="actions"
    )
    position = models.PositiveSmallIntegerField(_("顺序"))
    # As written: the seed's item (16) goes 一是, 二是, 四是 — the gap is kept.
    label = models.CharField(_("序号"), max_length=10, blank=True)
    text = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("分项措施")
        verbose_name_plural = _("分项措施")
        ordering = ["task", "position"]
        constraints = [
            models.UniqueConstraint(fields=["task", "position"], name="subaction_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.label}{self.text[:40]}"


class Result(models.Model):
    """A quantitative result of a measure: "完成治理435宗", "面积34.5万平方米"."""

    task = models.ForeignKey(
        Task, verbose_name=_("整改任务"), on_delete=models.CASCADE, related_name="results"
    )
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    unit = models.CharField(_("计量单位"), max_length=20)
    what = models.CharField(_("统计对象"), max_length=100, blank=True)
    approx = models.BooleanField(_("约数"), default=False)
    source_text = models.CharField(_("原文"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("量化成果")
        verbose_name_plural = _("量化成果")
        ordering = ["task", "id"]

    def __str__(self) -> str:
        return f"{self.what}{self.value.normalize():f}{self.unit}"


class Transition(ChainedModel):
    """One move of an item from one state to another: append-only, hash-chained."""

    # No database constraint and no cascade, as for the audit trail: removing an item
    # must not take its history with it.
    task = models.ForeignKey(
        Task,
        verbose_name=_("整改任务"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="transitions",
    )
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("原状态"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=clock.now, db_index=True)
    reason = models.TextField(_("说明"), blank=True)

    objects = ChainedQuerySet.as_manager()

    class Meta:
        verbose_name = _("状态流转")
        verbose_name_plural = _("状态流转")
        # Not by "task": that joins the item, and a deleted item's moves would vanish.
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.from_status or '—'} → {self.to_status}"


class DeadlineExtension(models.Model):
    """A unit's request for a later deadline (申请延期), and the office's decision.

    Approval sets `Task.revised_deadline`; `Task.deadline` keeps the original, so the
    ledger can show both and "overdue" follows the revised one.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("未批准")

    task = models.ForeignKey(
        Task, verbose_name=_("整改任务"), on_delete=models.CASCADE, related_name="extensions"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"), default=clock.now)
    previous_deadline = models.DateField(_("原时限"), null=True, blank=True)
    new_deadline = models.DateField(_("申请延至"))
    reason = models.TextField(_("延期理由"))
    status = models.CharField(
        _("审批状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    comment = models.TextField(_("审批意见"), blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["task", "-requested_at", "-id"]
        constraints = [
            # One open request per item; enforced by the database so that two clicks
            # cannot make two.
            models.UniqueConstraint(
                fields=["task"],
                condition=models.Q(status="pending"),
                name="extension_one_pending_per_task",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: → {self.new_deadline} ({self.get_status_display()})"

    audit_type = "extension"

    def approve(self, user, comment=""):
        """批准: the item's revised deadline becomes the requested one."""
        self._decide(user, self.Status.APPROVED, (comment or "").strip())

    def refuse(self, user, comment):
        """不予批准, with why. The deadline stays."""
        comment = (comment or "").strip()
        if not comment:
            raise MissingRequirement(_("不予批准须说明理由。"))
        self._decide(user, self.Status.REFUSED, comment)

    def _decide(self, user, status, comment):
        if not can_decide_extension(user, self.task):
            raise MoveNotAllowed(_("只有整改办可以审批延期申请。"))
        if self.status != self.Status.PENDING:
            raise WrongState(_("该延期申请已审批。"))
        now = clock.now()
        with transaction.atomic():
            updated = DeadlineExtension.objects.filter(
                pk=self.pk, status=self.Status.PENDING
            ).update(status=status, decided_by=user, decided_at=now, comment=comment)
            if updated != 1:
                raise Conflict(_("该延期申请已被他人审批,请刷新页面。"))
            task = Task.objects.only("revised_deadline").get(pk=self.task_id)
            before = {"status": self.Status.PENDING, "revised_deadline": task.revised_deadline}
            after = {"status": status, "revised_deadline": task.revised_deadline}
            if status == self.Status.APPROVED:
                # Bump the version: a form loaded before the decision must not write the
                # old deadline back.
                Task.objects.filter(pk=self.task_id).update(
                    revised_deadline=self.new_deadline,
                    version=models.F("version") + 1,
                    updated_at=now,
                )
                after["revised_deadline"] = self.new_deadline
            emit(
                "extension.decided",
                task_id=self.task_id,
                extension_id=self.pk,
                actor_id=user.pk,
                approved=status == self.Status.APPROVED,
            )
            record(
                user,
                f"extension_{'approve' if status == self.Status.APPROVED else 'refuse'}",
                self,
                before,
                after,
                note=comment,
            )
            if status == self.Status.APPROVED:
                from zhenggai.rollups.maintain import touch

                touch([self.task_id])  # the overdue figures follow the new deadline
        self.status, self.decided_by, self.decided_at, self.comment = status, user, now, comment
        if "task" in self._state.fields_cache and status == self.Status.APPROVED:
            self.task.refresh_from_db(fields=["revised_deadline", "version", "updated_at"])
