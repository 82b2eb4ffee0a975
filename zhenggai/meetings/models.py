"""会议 and 文件: the meetings that drove the rectification and the documents it issued.

The seed's section 一 counts them: "区委先后召开4次常委会会议 … 区委整改工作领导小组召开1个
动员会、1个推进会和3个专题会议 … 区整改办召开6次工作例会" and "印发了《巡视整改工作方案》
《整改工作领导小组办公室运行细则》《整改工作落实总台账》". `counts()` and `sentence()` give
those figures and that phrasing back from the records.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from zhenggai import access
from zhenggai.audit.models import record, snapshot
from zhenggai.inspections.models import Campaign
from zhenggai.lib import clock
from zhenggai.lib.fields import StampField
from zhenggai.reporting.models import FileRejected, check_upload
from zhenggai.reporting.storage import evidence_storage
from zhenggai.tasks.models import Task


class MeetingKind(models.TextChoices):
    STANDING = "standing", _("常委会会议")
    MOBILISATION = "mobilisation", _("领导小组动员会")
    PROGRESS = "progress", _("领导小组推进会")
    TOPIC = "topic", _("领导小组专题会议")
    ROUTINE = "routine", _("整改办工作例会")


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.by_campaign(user, self)


class Meeting(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("整改工作"), on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(_("会议类型"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("会议名称"), max_length=200)
    date = models.DateField(_("会议日期"))
    chair = models.CharField(_("主持人"), max_length=100, blank=True)
    attendees = models.TextField(_("参会人员"), blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("参会账号"),
        blank=True,
        related_name="meetings",
    )
    decisions = models.TextField(_("议定事项"), blank=True)
    tasks = models.ManyToManyField(
        Task, verbose_name=_("涉及整改事项"), blank=True, related_name="meetings"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = StampField(_("登记时间"), auto_now_add=True)
    updated_at = StampField(_("更新时间"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["campaign", "kind", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    audit_type = "meeting"
    AUDIT_FIELDS = (
        "campaign",
        "kind",
        "title",
        "date",
        "chair",
        "attendees",
        "participants",
        "decisions",
        "tasks",
    )


def meetings_for(task):
    """The meetings that touched `task`, oldest first (for the item's page)."""
    return Meeting.objects.filter(tasks=task).order_by("date", "id")


def counts(campaign) -> dict[str, int]:
    """Meetings of `campaign` by kind: every kind present, zero when none. One query."""
    found = dict(
        Meeting.objects.filter(campaign=campaign)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {kind.value: found.get(kind.value, 0) for kind in MeetingKind}


def _join(parts: list[str]) -> str:
    """ "a" / "a和b" / "a、b和c", as Chinese lists go."""
    if len(parts) <= 1:
        return "".join(parts)
    return _g("{head}和{last}").format(head=_g("、").join(parts[:-1]), last=parts[-1])


def sentence_parts(
    campaign,
    party=None,
    group=None,
    office=None,
    numbers=None,
) -> list[str]:
    """The three clauses of the seed's section 一(二), from the records.

    "区委先后召开4次常委会会议", "区委整改工作领导小组召开1个动员会、1个推进会和3个专题会议",
    "区整改办召开6次工作例会"; a clause whose meetings number zero is left out, and so is a
    zero kind inside the leading group's clause.
    """
    party = party or _g("区委")
    group = group or _g("区委整改工作领导小组")
    office = office or _g("区整改办")
    n = numbers if numbers is not None else counts(campaign)
    parts = []
    if n[MeetingKind.STANDING]:
        parts.append(
            _g("{who}先后召开{n}次常委会会议").format(who=party, n=n[MeetingKind.STANDING])
        )
    group_kinds = (
        (MeetingKind.MOBILISATION, _g("{n}个动员会")),
        (MeetingKind.PROGRESS, _g("{n}个推进会")),
        (MeetingKind.TOPIC, _g("{n}个专题会议")),
    )
    listed = [phrase.format(n=n[kind]) for kind, phrase in group_kinds if n[kind]]
    if listed:
        parts.append(_g("{who}召开{what}").format(who=group, what=_join(listed)))
    if n[MeetingKind.ROUTINE]:
        parts.append(_g("{who}召开{n}次工作例会").format(who=office, n=n[MeetingKind.ROUTINE]))
    return parts


def sentence(campaign, **names) -> str:
    """The clauses joined as the report would print them, each ending with 。"""
    parts = sentence_parts(campaign, **names)
    return "".join(part + _g("。") for part in parts)


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("工作方案")
    RULES = "rules", _("运行细则")
    LEDGER = "ledger", _("台账")
    NOTICE = "notice", _("通知")
    OTHER = "other", _("其他")


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.by_campaign(user, self)


class Document(models.Model):
    """A document the campaign issued (印发): its file is kept in versions."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("整改工作"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("文件类别"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("文件名称"), max_length=300)
    number = models.CharField(_("文号"), max_length=100, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = StampField(_("登记时间"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("文件")
        verbose_name_plural = _("文件")
        ordering = ["campaign", "-issued_on", "-id"]

    def __str__(self) -> str:
        return f"《{self.title}》"

    audit_type = "document"
    AUDIT_FIELDS = ("campaign", "kind", "title", "number", "issued_on")

    def latest_version(self):
        return self.versions.order_by("-number").first()


def document_upload_to(instance, filename):
    # `filename` is already a random token with the extension of the sniffed type.
    return f"documents/{clock.now():%Y/%m}/{filename}"


class DocumentVersion(models.Model):
    """One file of a document. A new version is a new row and a new file: nothing is
    overwritten, so every text ever issued can be fetched again."""

    document = models.ForeignKey(
        Document, verbose_name=_("文件"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    # Private storage (MEDIA_ROOT/evidence/documents/…), served only through the
    # download view, always as an attachment.
    file = models.FileField(
        _("附件"), storage=evidence_storage, upload_to=document_upload_to, max_length=200
    )
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=120)
    size = models.PositiveBigIntegerField(_("大小(字节)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    note = models.CharField(_("版本说明"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=clock.now)

    class Meta:
        verbose_name = _("文件版本")
        verbose_name_plural = _("文件版本")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="documentversion_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    audit_type = "document_version"

    @classmethod
    def add(cls, user, document, uploaded_file, note=""):
        """Keep `uploaded_file` as the next version of `document`.

        Refuses (FileRejected) a file over settings.UPLOAD_MAX_BYTES or whose content is
        not a type `reporting.filetypes.sniff` accepts, whatever its name says.
        """
        upload = check_upload(uploaded_file)
        version = cls(
            document=document,
            original_name=upload.original_name,
            content_type=upload.mime,
            size=len(upload.data),
            sha256=upload.sha256,
            note=(note or "").strip()[:300],
            uploaded_by=user,
        )
        version.file.save(upload.stored_name(), ContentFile(upload.data), save=False)
        try:
            with transaction.atomic():
                # Lock the document so two uploads cannot take the same number; the
                # unique constraint is the backstop.
                Document.objects.select_for_update().filter(pk=document.pk).first()
                last = document.versions.aggregate(n=Max("number"))["n"] or 0
                version.number = last + 1
                version.save()
                record(
                    user,
                    "document_version_add",
                    version,
                    {},
                    {
                        "document": {"id": document.pk, "name": str(document)},
                        **snapshot(
                            version,
                            ("number", "original_name", "content_type", "size", "sha256", "note"),
                        ),
                    },
                )
        except IntegrityError:
            version.file.storage.delete(version.file.name)
            raise FileRejected(_("另一版本正在同时上传,请重试。")) from None
        except BaseException:
            version.file.storage.delete(version.file.name)
            raise
        return version
