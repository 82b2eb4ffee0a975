import calendar
import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenggai.lib.fields import StampField
from zhenggai.organisations.defaults import default_organisation_id


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has no such day.

    The rectification report is due "两个月内" after feedback: feedback on 31 December
    gives 28/29 February, not an error.
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class Campaign(models.Model):
    """One rectification campaign (一次整改工作): the ledger answering one or more inspections.

    The seed's "两级巡视整改有效融合" is one campaign answering the provincial inspection
    together with the central inspection's requirements.
    """

    name = models.CharField(_("整改工作名称"), max_length=200)
    organisation = models.CharField(_("整改主体"), max_length=100, blank=True)
    issuer = models.CharField(_("发布机关"), max_length=100, blank=True)
    # The organisation being rectified: its office keeps this ledger, and the levels
    # above it read it (zhenggai.access).
    owner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("所属组织"),
        on_delete=models.PROTECT,
        related_name="campaigns",
        # Null only until save(): every row gets one (the default organisation when
        # none is given), and the migration gave every existing row the default.
        null=True,
        blank=True,
    )
    created_at = StampField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("整改工作")
        verbose_name_plural = _("整改工作")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.owner_id is None:
            self.owner_id = default_organisation_id()
        super().save(*args, **kwargs)


class Inspection(models.Model):
    class Kind(models.TextChoices):
        XUNSHI = "xunshi", _("巡视")
        XUNCHA = "xuncha", _("巡察")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("整改工作"), on_delete=models.CASCADE, related_name="inspections"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.XUNSHI)
    inspector = models.CharField(_("巡视(察)组"), max_length=100, blank=True)
    inspected = models.CharField(_("被巡视(察)单位"), max_length=100, blank=True)
    onsite_start = models.DateField(_("进驻开始"), null=True, blank=True)
    onsite_end = models.DateField(_("进驻结束"), null=True, blank=True)
    feedback_date = models.DateField(_("反馈日期"), null=True, blank=True)
    report_due = models.DateField(
        _("整改报告时限"),
        null=True,
        blank=True,
        help_text=_("默认为反馈之日起两个月"),
    )

    class Meta:
        verbose_name = _("巡视巡察")
        verbose_name_plural = _("巡视巡察")
        ordering = ["feedback_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(onsite_end__isnull=True)
                | models.Q(onsite_start__isnull=True)
                | models.Q(onsite_end__gte=models.F("onsite_start")),
                name="inspection_onsite_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.inspector or self.get_kind_display()} → {self.inspected}"

    def save(self, *args, **kwargs):
        if self.report_due is None and self.feedback_date is not None:
            self.report_due = add_months(self.feedback_date, 2)
        super().save(*args, **kwargs)


class SourceDocument(models.Model):
    """A published report that a ledger was started from, kept as read.

    The parts of the report that are not findings (the organisational narrative, the
    next steps, the contact block) live here so a re-publication can reproduce them.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("整改工作"), on_delete=models.CASCADE, related_name="sources"
    )
    filename = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    title = models.CharField(_("标题"), max_length=300, blank=True)
    text = models.TextField(_("原文"))
    structure = models.JSONField(_("解析结果(非问题部分)"), default=dict, blank=True)
    warnings = models.JSONField(_("解析警告"), default=list, blank=True)
    imported_at = StampField(_("导入时间"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("导入的报告")
        verbose_name_plural = _("导入的报告")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.title or self.filename


class FindingQuerySet(models.QuerySet):
    def items(self):
        """The leaves of the tree that carry a measure: the ledger's rows."""
        return self.filter(task__isnull=False)

    def roots(self):
        return self.filter(parent__isnull=True)


class Finding(models.Model):
    """A node of the findings tree: category (一) → problem 1. → item (1), at any depth.

    `position` is the node's place in a pre-order walk of its campaign's tree, so one
    ORDER BY gives the ledger in the report's order whatever the depth.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("整改工作"), on_delete=models.CASCADE, related_name="findings"
    )
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("巡视巡察"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    depth = models.PositiveSmallIntegerField(_("层级"), default=0)
    position = models.PositiveIntegerField(_("顺序"))
    label = models.CharField(_("编号"), max_length=20, help_text=_("按原文,如 (一)、1.、(1)"))
    title = models.TextField(_("问题"))
    text = models.TextField(_("说明"), blank=True)
    source_line = models.PositiveIntegerField(_("原文行号"), null=True, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("反馈问题")
        verbose_name_plural = _("反馈问题")
        ordering = ["campaign", "position"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "position"], name="finding_position_unique")
        ]
        indexes = [
            # The ledger across campaigns (Task's ordering: newest campaign first, then the
            # report's order): a page of 50 walks this index instead of sorting every item.
            models.Index(fields=["-campaign", "position"], name="finding_ledger_order"),
        ]

    def __str__(self) -> str:
        return f"{self.label}{self.title[:40]}"

    @property
    def kind_display(self) -> str:
        if hasattr(self, "task"):
            return str(_("具体问题"))
        return str(_("问题类别")) if self.depth == 0 else str(_("问题"))
