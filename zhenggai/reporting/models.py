"""What units file: progress reports (进展填报) and evidence (佐证材料)."""

import datetime
import hashlib
import os
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from reportparser.figures import find_figures
from zhenggai import access
from zhenggai.accounts.models import UNIT_ROLES
from zhenggai.audit.models import json_safe, record, snapshot
from zhenggai.lib import clock
from zhenggai.lib.fields import StampField
from zhenggai.lib.guarded import guarded_update
from zhenggai.reporting.filetypes import Refused, classify, clean_name
from zhenggai.reporting.storage import evidence_storage, evidence_upload_to
from zhenggai.tasks.models import REPORTABLE_STATUSES, Task
from zhenggai.tasks.permissions import can_review_reports, is_task_unit_worker
from zhenggai.tasks.workflow import (
    Conflict,
    MissingRequirement,
    MoveNotAllowed,
    WrongState,
    check_move,
)


class Period(models.TextChoices):
    DAY = "day", _("日报")
    WEEK = "week", _("周报")
    MONTH = "month", _("月报")


def period_start(period: str, day: datetime.date) -> datetime.date:
    """The first day of the period `day` falls in: the day itself, the Monday of its ISO
    week, or the 1st of its month. One report per unit, item and period hangs on it."""
    if period == Period.DAY:
        return day
    if period == Period.WEEK:
        return day - datetime.timedelta(days=day.weekday())
    if period == Period.MONTH:
        return day.replace(day=1)
    raise ValueError(f"unknown period {period!r}")


class ProgressReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.by_task(user, self)


REPORT_FIELDS = ("status", "text", "figures", "review_comment", "version")


def _rollups(task_id) -> None:
    """The dashboard's counts follow the report, in its transaction (zhenggai/rollups)."""
    from zhenggai.rollups.maintain import touch

    touch([task_id])


class ProgressReport(models.Model):
    """A unit's report on an item for a day, a week or a month."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已提交")
        ACCEPTED = "accepted", _("已采纳")
        RETURNED = "returned", _("退回修改")

    task = models.ForeignKey(
        Task, verbose_name=_("整改任务"), on_delete=models.CASCADE, related_name="reports"
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("填报单位"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    period = models.CharField(_("周期"), max_length=10, choices=Period.choices)
    period_start = models.DateField(_("周期起始日"))
    text = models.TextField(_("整改进展"))
    # Quantitative results as the unit gives them: [{"what": "查扣五类车", "value": "1100",
    # "unit": "辆"}, …]. Free-form here; the ledger decides which to keep as Results.
    figures = models.JSONField(_("量化数据"), default=list, blank=True)
    status = models.CharField(
        _("审核状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = StampField(_("填报时间"), auto_now_add=True)
    updated_at = StampField(_("更新时间"), auto_now=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("进展填报")
        verbose_name_plural = _("进展填报")
        ordering = ["-period_start", "task", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "period", "period_start"],
                name="progress_report_one_per_period",
            )
        ]
        indexes = [models.Index(fields=["status", "period", "period_start"])]

    def __str__(self) -> str:
        return f"{self.get_period_display()} {self.period_start:%Y-%m-%d}"

    audit_type = "progress_report"

    @classmethod
    def file(cls, user, task, period, day, text, figures=None):
        """File the unit's report on `task` for the period containing `day`.

        The user's unit must lead or share the item. The first report on a CLAIMED item
        puts it in progress (START), in the same transaction.
        """
        check_move(user, "file_report", task)
        if period not in Period.values:
            raise MissingRequirement(_("请选择填报周期。"))
        text = (text or "").strip()
        if not text:
            raise MissingRequirement(_("请填写整改进展。"))
        figures = _clean_figures(figures, text)
        start = period_start(period, day)
        with transaction.atomic():
            same = cls.objects.filter(
                task=task, unit_id=user.unit_id, period=period, period_start=start
            )
            if same.exists():
                raise WrongState(_("本单位该周期已填报,请修改已有的填报。"))
            try:
                with transaction.atomic():
                    report = cls.objects.create(
                        task=task,
                        unit_id=user.unit_id,
                        author=user,
                        period=period,
                        period_start=start,
                        text=text,
                        figures=figures,
                    )
            except IntegrityError:
                raise Conflict(_("本单位该周期刚刚已有人填报,请刷新页面。")) from None
            record(
                user,
                "report_file",
                report,
                {},
                snapshot(report, ("unit", "period", "period_start", *REPORT_FIELDS)),
            )
            task._start_by_report(user, report)
            _rollups(task.pk)  # the unit's report counts, and the start, on the dashboard
        return report

    def _change(self, user, action, from_statuses, expected_version=None, note="", **changes):
        if self.status not in from_statuses:
            raise WrongState(
                format_lazy(
                    _("该填报当前为“{status}”,不能执行此操作。"), status=self.get_status_display()
                )
            )
        with transaction.atomic():
            before = snapshot(self, REPORT_FIELDS)
            guarded_update(
                self,
                expected_version,
                where={"status": self.status},
                message=_("该填报已被他人修改,请刷新页面后重试。"),
                **changes,
            )
            record(user, action, self, before, snapshot(self, REPORT_FIELDS), note=note)
            _rollups(self.task_id)

    def accept(self, user, comment=""):
        """采纳: the office takes the report into the ledger."""
        if not can_review_reports(user, self.task):
            raise MoveNotAllowed(_("只有整改办可以审核进展填报。"))
        comment = (comment or "").strip()
        self._change(
            user,
            "report_accept",
            {self.Status.SUBMITTED},
            note=comment,
            status=self.Status.ACCEPTED,
            review_comment=comment,
            reviewed_by=user,
            reviewed_at=clock.now(),
        )

    def return_for_revision(self, user, comment):
        """退回修改, with what to change."""
        if not can_review_reports(user, self.task):
            raise MoveNotAllowed(_("只有整改办可以审核进展填报。"))
        comment = (comment or "").strip()
        if not comment:
            raise MissingRequirement(_("退回须说明需要修改的内容。"))
        self._change(
            user,
            "report_return",
            {self.Status.SUBMITTED},
            note=comment,
            status=self.Status.RETURNED,
            review_comment=comment,
            reviewed_by=user,
            reviewed_at=clock.now(),
        )

    def revise(self, user, text, expected_version, figures=None):
        """The reporting unit corrects its report: RETURNED (or not yet reviewed) →
        SUBMITTED, for the office to review again."""
        if not (
            getattr(user, "is_authenticated", False)
            and user.is_active
            and user.role in UNIT_ROLES
            and user.unit_id == self.unit_id
            and is_task_unit_worker(user, self.task)
        ):
            raise MoveNotAllowed(_("只有填报单位可以修改该填报。"))
        if self.task.status not in REPORTABLE_STATUSES:
            raise WrongState(_("该事项已销号,不能再修改填报。"))
        text = (text or "").strip()
        if not text:
            raise MissingRequirement(_("请填写整改进展。"))
        changes = {
            "status": self.Status.SUBMITTED,
            "text": text,
            "figures": _clean_figures(figures, text),
        }
        self._change(
            user,
            "report_revise",
            {self.Status.SUBMITTED, self.Status.RETURNED},
            expected_version=expected_version,
            **changes,
        )


def _clean_figures(figures, text: str) -> list:
    """The figures the unit gave, or, when it gave none, those its text states
    ("完成治理435宗" → 435 宗), so that they can be summed without retyping."""
    if figures is None:
        return [f.to_dict() for f in find_figures(text)]
    if not isinstance(figures, list | tuple):
        raise MissingRequirement(_("量化数据格式不正确。"))
    return json_safe(list(figures))


class FileRejected(MissingRequirement):
    """The uploaded file is too large or not of a type evidence may be."""


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes
    sha256: str
    mime: str
    extension: str
    original_name: str

    def stored_name(self) -> str:
        # A random name on disk: nothing about the file is guessable from its path.
        return secrets.token_hex(16) + self.extension


def check_upload(uploaded_file) -> CheckedUpload:
    """Read an uploaded file whole, refusing (FileRejected) one over
    settings.UPLOAD_MAX_BYTES, one whose content is not an allowed type, one that carries
    web page or script markup, and one whose name's extension is not that of its content
    (filetypes.classify). Every upload in the application (evidence, document versions)
    comes here."""
    limit = settings.UPLOAD_MAX_BYTES
    too_large = FileRejected(
        format_lazy(_("文件超过 {mb} MB 的上限。"), mb=round(limit / 1024 / 1024, 1))
    )
    if uploaded_file.size is not None and uploaded_file.size > limit:
        raise too_large
    data, digest = bytearray(), hashlib.sha256()
    for chunk in uploaded_file.chunks():
        data += chunk
        digest.update(chunk)
        # The declared size comes from the client; count what actually arrives.
        if len(data) > limit:
            raise too_large
    name = os.path.basename(uploaded_file.name or "")
    try:
        kind = classify(bytes(data), name)
    except Refused as refused:
        raise FileRejected(_refusal(refused)) from None
    return CheckedUpload(
        data=bytes(data),
        sha256=digest.hexdigest(),
        mime=kind.mime,
        extension=kind.extension,
        original_name=clean_name(name, kind),
    )


def _refusal(refused: Refused):
    if refused.reason == "active":
        return _("文件中含有网页或脚本代码,不能作为附件上传。请转换为 PDF 或图片后再上传。")
    if refused.reason == "name":
        return format_lazy(
            _("文件扩展名“{ext}”与文件内容({kind})不符。请使用 {expected} 扩展名后再上传。"),
            ext=refused.extension,
            kind=refused.kind.label,
            expected="、".join(refused.kind.extensions),
        )
    return _("不支持的文件类型。请上传 PDF、OFD、Word、Excel、PowerPoint、图片或文本文件。")


class Evidence(models.Model):
    """A file that shows the work was done: a notice, a photo, a ledger, minutes."""

    task = models.ForeignKey(
        Task, verbose_name=_("整改任务"), on_delete=models.CASCADE, related_name="evidence"
    )
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("所属填报"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence",
    )
    # Stored under a random name with the extension of what the content is: the
    # uploader's name is kept only as a label.
    file = models.FileField(
        _("文件"), storage=evidence_storage, upload_to=evidence_upload_to, max_length=200
    )
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=120)
    size = models.PositiveBigIntegerField(_("大小(字节)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=clock.now)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["task", "-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    audit_type = "evidence"

    @classmethod
    def attach(cls, user, task, uploaded_file, report=None):
        """Keep `uploaded_file` as evidence of `task` (and of `report`, if given).

        Refuses (FileRejected) a file over settings.UPLOAD_MAX_BYTES or whose content is
        not an allowed type, whatever its name says.
        """
        check_move(user, "attach_evidence", task)
        if report is not None and report.task_id != task.pk:
            raise MissingRequirement(_("该填报不属于此事项。"))
        upload = check_upload(uploaded_file)
        evidence = cls(
            task=task,
            report=report,
            original_name=upload.original_name,
            content_type=upload.mime,
            size=len(upload.data),
            sha256=upload.sha256,
            uploaded_by=user,
        )
        evidence.file.save(upload.stored_name(), ContentFile(upload.data), save=False)
        try:
            with transaction.atomic():
                evidence.save()
                record(
                    user,
                    "evidence_attach",
                    evidence,
                    {},
                    snapshot(
                        evidence, ("report", "original_name", "content_type", "size", "sha256")
                    ),
                )
        except BaseException:
            evidence.file.storage.delete(evidence.file.name)
            raise
        return evidence
