"""Briefings and reports drafted from the records: the weekly 整改简报 (第N期), the monthly
stage report (阶段性工作进展) and the two-month report to the inspection office
(整改落实情况报告).

A draft holds what the records said when it was drafted (`content`, JSON) and the text
the office edits (the section fields, prefilled from `content`). Issued, it is frozen:
`text` keeps the whole document as issued and nothing changes it afterwards, whatever
happens to the ledger.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from zhenggai import access
from zhenggai.audit.models import record
from zhenggai.documents.models import Frozen, FrozenDocument
from zhenggai.lib import clock
from zhenggai.lib.fields import StampField
from zhenggai.tasks.workflow import Conflict, WrongState

# The text the office edits in a draft; `content` and the period come from the records.
TEXT_FIELDS = (
    "title",
    "issuer",
    "issue_date",
    "signer",
    "recipient",
    "copy_to",
    "distribution",
    "organ_code",
    "overview",
    "progress",
    "changes",
    "figures",
    "problems",
    "next_steps",
)
# In the document's order: the numbers first, then the changes, the items worth a
# paragraph, the problems, and what comes next.
SECTION_FIELDS = ("overview", "figures", "changes", "progress", "problems", "next_steps")


class BriefingFrozen(Frozen):
    """An issued briefing was about to be changed."""


class BriefingQuerySet(models.QuerySet):
    def issued(self):
        return self.filter(status=Briefing.Status.ISSUED)

    def drafts(self):
        return self.filter(status=Briefing.Status.DRAFT)

    def visible_to(self, user):
        return access.briefings(user, self)


class Briefing(FrozenDocument):
    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("整改简报")
        MONTHLY = "monthly", _("月度阶段性工作进展")
        TWO_MONTH = "two_month", _("整改落实情况报告")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已印发")

    campaign = models.ForeignKey(
        "inspections.Campaign",
        verbose_name=_("整改工作"),
        on_delete=models.PROTECT,
        related_name="briefings",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    number = models.PositiveIntegerField(_("期数"))
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    title = models.CharField(_("标题"), max_length=200)
    issuer = models.CharField(_("印发单位"), max_length=100)
    issue_date = models.DateField(_("印发日期"))
    # The 公文 elements (GB/T 9704): who signs an upward report, to whom it goes, who
    # else receives it; a 简报's 报/送/发 lines use recipient/copy_to/distribution.
    signer = models.CharField(_("签发人"), max_length=50, blank=True)
    recipient = models.CharField(_("主送机关(报)"), max_length=200, blank=True)
    copy_to = models.CharField(_("抄送(送)"), max_length=300, blank=True)
    distribution = models.CharField(_("发"), max_length=300, blank=True)
    organ_code = models.CharField(
        _("机关代字"), max_length=40, blank=True, help_text=_("发文字号的机关代字,如 荔巡整办")
    )
    # 发文字号, taken from the organ's yearly sequence when the report is issued.
    doc_number = models.CharField(_("发文字号"), max_length=60, blank=True, editable=False)
    overview = models.TextField(_("总体情况"), blank=True)
    progress = models.TextField(_("整改进展"), blank=True)
    changes = models.TextField(_("状态变化"), blank=True)
    figures = models.TextField(_("量化成果"), blank=True)
    problems = models.TextField(_("逾期及存在问题"), blank=True)
    next_steps = models.TextField(_("下一步工作"), blank=True)
    # What the records said when the draft was made (drafting.draft_content): frozen.
    content = models.JSONField(_("起草时的台账数据"), default=dict, blank=True, editable=False)
    text = models.TextField(_("全文"), blank=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = StampField(_("创建时间"), auto_now_add=True)
    updated_at = StampField(_("更新时间"), auto_now=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("印发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True)

    objects = BriefingQuerySet.as_manager()

    class Meta:
        verbose_name = _("简报与报告")
        verbose_name_plural = _("简报与报告")
        ordering = ["campaign", "kind", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind", "number"], name="briefing_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="briefing_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}(第{self.number}期)"

    audit_type = "briefing"

    FROZEN = "issued"
    FROZEN_SAVE = _("已印发的简报不能修改。")
    FROZEN_DELETE = _("已印发的简报不能删除。")
    SAVE_DRAFT_FIRST = _("简报须先保存为草稿,再印发。")
    ALREADY_FROZEN = _("该简报已印发。")
    RACE_LOST = _("该简报已被他人印发,请刷新页面。")
    frozen_exception = BriefingFrozen

    def render_text(self) -> str:
        from zhenggai.briefings.render import render_text

        return render_text(self)

    def exporters(self) -> dict:
        from zhenggai.briefings.exports import EXPORTERS

        return EXPORTERS

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @classmethod
    def compose(cls, campaign, kind, start, end, number=0, today=None) -> "Briefing":
        """An unsaved briefing drafted from the records of `start`…`end`."""
        from zhenggai.briefings.drafting import draft_content
        from zhenggai.briefings.render import prefill

        content = draft_content(campaign, kind, start, end)
        briefing = cls(
            campaign=campaign,
            kind=kind,
            number=number,
            period_start=start,
            period_end=end,
            content=content,
            # Issued when the period ends, or today if it has not ended yet.
            issue_date=min(today or clock.today(), end),
        )
        for name, value in prefill(briefing).items():
            setattr(briefing, name, value)
        briefing.text = briefing.render_text()
        return briefing

    @classmethod
    def create_draft(cls, campaign, kind, start, end, user) -> "Briefing":
        """A new draft of the period, numbered after the campaign's last of its kind."""
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    briefing = cls.compose(
                        campaign,
                        kind,
                        start,
                        end,
                        number=cls.next_number(campaign=campaign, kind=kind),
                    )
                    briefing.created_by = user
                    briefing.save()
                    record(
                        user,
                        "briefing_draft",
                        briefing,
                        {},
                        {
                            "kind": kind,
                            "number": briefing.number,
                            "period": [start.isoformat(), end.isoformat()],
                        },
                    )
                    return briefing
            except IntegrityError:
                continue  # someone else took the number meanwhile
        raise Conflict(_("无法生成新的简报草稿,请重试。"))

    def issue(self, user) -> None:
        """印发: the draft becomes the issued briefing, once and for all. An upward report
        takes its 发文字号 now (so a discarded draft leaves no gap); the files are rendered
        once and kept with it."""
        from zhenggai.documents.models import NumberSequence, doc_number

        if self.status != self.Status.DRAFT:
            raise WrongState(self.ALREADY_FROZEN)
        with transaction.atomic():
            changes = {"issued_by": user, "issued_at": clock.now()}
            if self.kind == self.Kind.TWO_MONTH and not self.doc_number:
                year = self.issue_date.year
                self.doc_number = doc_number(
                    self.organ_code, year, NumberSequence.take(self.organ_code, year)
                )
                changes["doc_number"] = self.doc_number
            self.freeze(
                user,
                "briefing_issue",
                changes,
                {
                    "status": self.Status.ISSUED,
                    "kind": self.kind,
                    "number": self.number,
                    "doc_number": self.doc_number,
                },
            )


def default_period(kind, campaign, today: datetime.date):
    """The period a new draft covers when none is chosen: last full week or month, or
    from the feedback to the report's due date."""
    if kind == Briefing.Kind.WEEKLY:
        monday = today - datetime.timedelta(days=today.weekday())
        return monday, monday + datetime.timedelta(days=6)
    if kind == Briefing.Kind.MONTHLY:
        first = today.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return first, following - datetime.timedelta(days=1)
    return two_month_period(campaign, today)


def two_month_period(campaign, today: datetime.date):
    inspection = (
        campaign.inspections.filter(feedback_date__isnull=False).order_by("feedback_date").first()
    )
    if inspection is None:
        return None
    return inspection.feedback_date, inspection.report_due or today
