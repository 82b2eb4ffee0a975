"""The files of a frozen document (a published report, an issued briefing), kept with it.

A document frozen once is rendered once: its .txt/.docx/.pdf are stored here when it
is published or issued, and every download afterwards serves the stored bytes. So a
reader gets in milliseconds what the office signed off, byte for byte, and no visitor
can make the server render a PDF.
"""

import hashlib

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from zhenggai.lib import clock
from zhenggai.lib.appendonly import AppendOnlyModel, AppendOnlyQuerySet
from zhenggai.lib.fields import StampField
from zhenggai.lib.storage import RENDITIONS, named


def rendition_storage():
    return named(RENDITIONS)


def rendition_upload_to(instance, filename):
    return f"{instance.content_type_id}/{instance.object_id}/{filename}"


class RenditionQuerySet(AppendOnlyQuerySet):
    def of(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        )


class Rendition(AppendOnlyModel):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("格式"), max_length=10)
    # The bytes, in the "renditions" storage (a folder, or object storage shared by every
    # server). Files stored before that are kept in `data`.
    file = models.FileField(
        _("文件"),
        storage=rendition_storage,
        upload_to=rendition_upload_to,
        max_length=200,
        blank=True,
    )
    data = models.BinaryField(_("文件内容"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("字节数"))
    created_at = StampField(_("生成时间"), auto_now_add=True)

    objects = RenditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("定稿文件")
        verbose_name_plural = _("定稿文件")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind"], name="rendition_one_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}.{self.kind}"

    @property
    def etag(self) -> str:
        return f'"{self.sha256}"'

    def open(self):
        """The stored bytes as a binary file, read through the storage."""
        if self.file:
            return self.file.storage.open(self.file.name, "rb")
        data = type(self).objects.filter(pk=self.pk).values_list("data", flat=True).get()
        return ContentFile(bytes(data or b""))

    def read(self) -> bytes:
        with self.open() as handle:
            return handle.read()

    @classmethod
    def store(cls, obj, kind: str, data: bytes) -> "Rendition":
        """Keep `data` as the `kind` file of `obj`; the first one stored stays."""
        data = bytes(data)
        sha256 = hashlib.sha256(data).hexdigest()
        rendition = cls(
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_id=obj.pk,
            kind=kind,
            sha256=sha256,
            size=len(data),
        )
        # The file first, the row after: a row never names a file that is not there.
        rendition.file.save(f"{kind}-{sha256[:16]}.{kind}", ContentFile(data), save=False)
        try:
            with transaction.atomic():
                rendition.save()
                return rendition
        except BaseException as exc:
            rendition.file.storage.delete(rendition.file.name)
            if isinstance(exc, IntegrityError):
                # Stored meanwhile by another request: that one is the file.
                return cls.objects.of(obj).get(kind=kind)
            raise


class NumberSequence(models.Model):
    """The last 发文字号 sequence an organ used in a year: 荔巡整办〔2018〕3号 is the third
    document 荔巡整办 numbered in 2018. Numbers are taken when a document is issued, so a
    discarded draft leaves no gap."""

    organ = models.CharField(_("机关代字"), max_length=40)
    year = models.PositiveSmallIntegerField(_("年份"))
    last = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("发文字号序号")
        verbose_name_plural = _("发文字号序号")
        constraints = [
            models.UniqueConstraint(fields=["organ", "year"], name="number_sequence_unique")
        ]

    def __str__(self) -> str:
        return doc_number(self.organ, self.year, self.last)

    @classmethod
    def peek(cls, organ: str, year: int) -> int:
        """The number the next document would take (for a draft's preview)."""
        row = cls.objects.filter(organ=organ, year=year).first()
        return (row.last if row else 0) + 1

    @classmethod
    def take(cls, organ: str, year: int) -> int:
        """The next number, taken for good. Call inside the issuing transaction."""
        cls.objects.get_or_create(organ=organ, year=year)
        row = cls.objects.select_for_update().get(organ=organ, year=year)
        row.last += 1
        row.save(update_fields=["last"])
        return row.last


def doc_number(organ: str, year: int, n: int) -> str:
    """发文字号: 机关代字, the year in 六角括号 〔〕, the sequence without leading zeros."""
    return f"{organ}〔{year}〕{n}号"


class Frozen(Exception):
    """A frozen document (published, issued) was about to be changed."""


class FrozenDocument(models.Model):
    """ "Draft, then frozen", once for every document kind (briefings and reports, the
    public report): a draft is edited; frozen, nothing changes it — not a form, not the
    admin, not a script — and its files are rendered once and kept (`Rendition`).

    A subclass has a `status` field and names its frozen state (`FROZEN`), the words of
    its refusals, and its `render_text` and `exporters`.
    """

    FROZEN: str = ""
    # What a refusal says, per subclass (Chinese first, gettext_lazy).
    FROZEN_SAVE = _("已定稿的文件不能修改。")
    FROZEN_DELETE = _("已定稿的文件不能删除。")
    SAVE_DRAFT_FIRST = _("须先保存为草稿,再定稿。")
    ALREADY_FROZEN = _("该文件已定稿。")
    RACE_LOST = _("该文件已被他人定稿,请刷新页面。")
    frozen_exception = Frozen

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and self._frozen_in_db():
            raise self.frozen_exception(self.FROZEN_SAVE)
        if self.status == self.FROZEN and self.pk is None:
            raise self.frozen_exception(self.SAVE_DRAFT_FIRST)
        self.text = self.render_text()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._frozen_in_db():
            raise self.frozen_exception(self.FROZEN_DELETE)
        return super().delete(*args, **kwargs)

    def _frozen_in_db(self) -> bool:
        return type(self).objects.filter(pk=self.pk, status=self.FROZEN).exists()

    @property
    def is_frozen(self) -> bool:
        return self.status == self.FROZEN

    def render_text(self) -> str:
        raise NotImplementedError

    def exporters(self) -> dict:
        """kind → function(document) → bytes: the files kept when it is frozen."""
        raise NotImplementedError

    @classmethod
    def next_number(cls, **scope) -> int:
        """The number after the last of its kind in `scope` (期数 / 第N期)."""
        last = cls.objects.filter(**scope).aggregate(n=models.Max("number"))["n"]
        return (last or 0) + 1

    def freeze(self, user, action: str, changes: dict, audit: dict, before=None) -> None:
        """Make the draft the frozen version, once and for all: `changes` (the status
        and who/when) are written by a conditional update — of two clicks, one wins —
        with the text, the files rendered now and an audit entry, in one transaction.
        Call inside a transaction that holds whatever else the freeze takes (a number).
        """
        from zhenggai.audit.models import record
        from zhenggai.tasks.workflow import Conflict, WrongState

        if self.status != "draft":
            raise WrongState(self.ALREADY_FROZEN)
        now = clock.now()
        text = self.render_text()
        files = {kind: render(self) for kind, render in self.exporters().items()}
        with transaction.atomic():
            updated = (
                type(self)
                .objects.filter(pk=self.pk, status="draft")
                .update(status=self.FROZEN, text=text, updated_at=now, **changes)
            )
            if updated != 1:
                raise Conflict(self.RACE_LOST)
            for kind, data in files.items():
                Rendition.store(self, kind, data)
            record(user, action, self, before or {"status": "draft"}, audit)
        for name, value in {
            "status": self.FROZEN,
            "text": text,
            "updated_at": now,
            **changes,
        }.items():
            setattr(self, name, value)
