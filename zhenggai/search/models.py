from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenggai.lib import clock


class SearchEntry(models.Model):
    """One searchable text: a finding, a measure, a sub-action, a progress report…

    The words (jieba, space-separated) are indexed by SQLite's FTS5 table or, on
    PostgreSQL, by a stored tsvector column `vector` that the database computes from them
    (a generated column with a GIN index, migration 0003, unknown to the ORM so that no
    insert ever writes it); `task` is what scopes an entry to its readers.
    """

    class Kind(models.TextChoices):
        FINDING = "finding", _("问题")
        MEASURE = "measure", _("整改措施")
        ACTION = "action", _("分项措施")
        REPORT = "report", _("进展填报")
        BRIEFING = "briefing", _("整改简报")
        FEEDBACK = "feedback", _("意见建议")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    # No constraint: the index is derived data and must never block deleting an item.
    task = models.ForeignKey(
        "tasks.Task",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    title = models.CharField(_("标题"), max_length=300)
    text = models.TextField(_("内容"))
    tokens = models.TextField(_("分词"))

    class Meta:
        verbose_name = _("检索条目")
        verbose_name_plural = _("检索条目")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")
        ]
        indexes = [models.Index(fields=["task"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title[:40]}"


class PendingIndex(models.Model):
    """The outbox of the index: a record to re-index, written in the transaction that
    changed it. The commit's own callback re-indexes it and deletes the row; when the
    process dies between the commit and the callback, the worker finds the row and does
    it (index.drain), so no committed change stays unsearchable."""

    kind = models.CharField(_("类型"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    created_at = models.DateTimeField(_("时间"), default=clock.now)

    class Meta:
        verbose_name = _("待更新检索")
        verbose_name_plural = _("待更新检索")

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
