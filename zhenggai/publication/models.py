"""The public progress report (巡视整改进展情况): drafts the office edits, versions it publishes.

A published version is a record of what the district told the public on a day. It is
frozen: `content` holds section 二 as composed from the ledger when the draft was made,
`text` the whole report as published, and neither changes afterwards, whatever happens
to the ledger.
"""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from zhenggai.audit.models import record
from zhenggai.documents.models import Frozen, FrozenDocument
from zhenggai.lib import clock
from zhenggai.lib.fields import StampField
from zhenggai.publication.compose import compose, ledger_nodes
from zhenggai.publication.render import render_text
from zhenggai.tasks.workflow import Conflict

# The narrative fields the office edits in a draft; the rest is composed or set by moves.
NARRATIVE_FIELDS = (
    "title",
    "preamble",
    "intro_heading",
    "intro",
    "findings_heading",
    "next_steps_heading",
    "next_steps",
    "closing",
    "issuer",
    "issue_date",
)


class ReportFrozen(Frozen):
    """A published report was about to be changed."""


class PublicReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicReport.Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=PublicReport.Status.DRAFT)


class PublicReport(FrozenDocument):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    campaign = models.ForeignKey(
        "inspections.Campaign",
        verbose_name=_("整改工作"),
        on_delete=models.PROTECT,
        related_name="public_reports",
    )
    number = models.PositiveIntegerField(_("期数"))
    title = models.CharField(_("标题"), max_length=300)
    preamble = models.TextField(_("导语"), blank=True)
    intro_heading = models.CharField(_("第一部分标题"), max_length=200, blank=True)
    intro = models.TextField(_("第一部分:整改工作开展情况"), blank=True)
    findings_heading = models.CharField(_("第二部分标题"), max_length=200)
    # Section 二 as composed from the ledger: a flat, pre-order list of nodes
    # (see compose.ledger_nodes). Frozen with the rest when published.
    content = models.JSONField(_("整改落实情况(由台账生成)"), default=list, blank=True)
    next_steps_heading = models.CharField(_("第三部分标题"), max_length=200, blank=True)
    next_steps = models.TextField(_("第三部分:下一步工作计划"), blank=True)
    closing = models.TextField(_("联系方式段落"), blank=True)
    issuer = models.CharField(_("发布机关"), max_length=100, blank=True)
    issue_date = models.DateField(_("发布日期"))
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
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    objects = PublicReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改进展公开报告")
        verbose_name_plural = _("整改进展公开报告")
        ordering = ["-published_at", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "number"], name="public_report_number_unique"
            ),
            # One draft at a time per campaign: two drafts would race to publish the
            # same number and leave the office unsure which one it edited.
            models.UniqueConstraint(
                fields=["campaign"],
                condition=models.Q(status="draft"),
                name="public_report_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}(第{self.number}期)"

    audit_type = "public_report"

    FROZEN = "published"
    FROZEN_SAVE = _("已发布的报告不能修改。")
    FROZEN_DELETE = _("已发布的报告不能删除。")
    SAVE_DRAFT_FIRST = _("报告须先保存为草稿,再发布。")
    ALREADY_FROZEN = _("该报告已发布。")
    RACE_LOST = _("该报告已被他人发布,请刷新页面。")
    frozen_exception = ReportFrozen

    def render_text(self) -> str:
        return render_text(self)

    def exporters(self) -> dict:
        from zhenggai.publication.exports import EXPORTERS

        return EXPORTERS

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def items(self) -> list[tuple[int | None, str, str]]:
        """(task id, label, title) of every item, for the public feedback form."""
        return [
            (node.get("task"), node["label"], node["title"])
            for node in self.content
            if node.get("kind") == "item"
        ]

    @classmethod
    def from_composed(cls, campaign, composed: dict, number: int = 0) -> "PublicReport":
        """An unsaved report holding `compose(campaign)`'s result."""
        report = cls(campaign=campaign, number=number)
        for name in (*NARRATIVE_FIELDS, "content"):
            setattr(report, name, composed[name])
        report.text = render_text(report)
        return report

    @classmethod
    def create_draft(cls, campaign, user) -> "PublicReport":
        """A new draft composed from the ledger as it stands, numbered after the last."""
        composed = compose(campaign)
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    number = cls.next_number(campaign=campaign)
                    report = cls.from_composed(campaign, composed, number=number)
                    report.created_by = user
                    report.save()
                    record(user, "public_report_draft", report, {}, {"number": report.number})
                    return report
            except IntegrityError:
                # Someone else took the number (or opened a draft) meanwhile.
                existing = cls.objects.drafts().filter(campaign=campaign).first()
                if existing is not None:
                    return existing
        raise Conflict(_("无法生成新的报告草稿,请重试。"))

    def recompose(self, user) -> None:
        """Replace section 二 of a draft with the ledger as it stands now."""
        if self.is_published:
            raise ReportFrozen(_("已发布的报告不能修改。"))
        before = len(self.content)
        with transaction.atomic():
            self.content = ledger_nodes(self.campaign)
            self.save()
            record(
                user,
                "public_report_recompose",
                self,
                {"nodes": before},
                {"nodes": len(self.content)},
            )

    def publish(self, user) -> None:
        """发布: the draft becomes the published version, once and for all; its files
        are rendered now and kept with it."""
        self.freeze(
            user,
            "public_report_publish",
            {"published_by": user, "published_at": clock.now()},
            {"status": self.Status.PUBLISHED, "number": self.number},
        )
