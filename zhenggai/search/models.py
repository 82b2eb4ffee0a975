from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One searchable text: a finding, a measure, a sub-action, a progress report…

    The words (jieba, space-separated) are indexed by SQLite's FTS5 or PostgreSQL's
    full-text search (migration 0002); `task` is what scopes an entry to its readers.
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
