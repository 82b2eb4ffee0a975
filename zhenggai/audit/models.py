"""履职留痕: every change, who made it, when, what was before and what is after.

`record()` is called by every change the application makes to an item, a progress
report, an evidence file or a deadline extension, in the same transaction as the change.
Entries are never changed or removed through the application, form a hash chain that
`zhenggai audit verify` checks, and on PostgreSQL the database itself refuses to change
or delete them.
"""

import datetime
import decimal

from django.conf import settings
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zhenggai.lib import clock
from zhenggai.lib.appendonly import ChainedModel, ChainedQuerySet


class AuditEntryQuerySet(ChainedQuerySet):
    def for_task(self, task):
        """Everything that happened to an item and to its reports, evidence and
        extensions, newest first, ready to list."""
        return self.filter(task_id=task.pk).select_related("actor").order_by("-at", "-id")


class AuditEntry(ChainedModel):
    at = models.DateTimeField(_("时间"), default=clock.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=40)
    object_type = models.CharField(_("对象类型"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    # No database constraint and no cascade: the trail outlives what it describes, and a
    # deleted item must not take its history with it (nor be blocked by it).
    task = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("整改任务"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    before = models.JSONField(_("修改前"), default=dict, blank=True)
    after = models.JSONField(_("修改后"), default=dict, blank=True)
    note = models.TextField(_("说明"), blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["task", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id or '—'} {self.action} {self.object_type}#{self.object_id}"


class ChainHead(models.Model):
    """Where a hash chain (zhenggai/lib/appendonly.py) ends: the one row appenders lock
    to take turns, and the proof that no row was removed from the end."""

    name = models.CharField(_("链"), max_length=100, primary_key=True)
    last_id = models.BigIntegerField(_("最后一条"), null=True, blank=True)
    last_hash = models.CharField(_("最后一条的哈希"), max_length=64, blank=True)
    length = models.PositiveBigIntegerField(_("条数"), default=0)

    class Meta:
        verbose_name = _("哈希链头")
        verbose_name_plural = _("哈希链头")

    def __str__(self) -> str:
        return f"{self.name} #{self.last_id} {self.last_hash[:12]}"


def json_safe(value):
    """`value` as something JSONField stores and reads back unchanged in meaning."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str | Promise):
        return str(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return {"id": value.pk, "name": str(value)}
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted(json_safe(v) for v in value)
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return str(value)


def snapshot(instance, fields) -> dict:
    """The named fields of `instance` as a JSON-safe dict: dates as ISO strings, foreign
    keys as {"id", "name"}, many-to-many as the sorted list of names."""
    data = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            related = getattr(instance, name).all() if instance.pk is not None else []
            data[name] = sorted(str(obj) for obj in related)
        elif field.many_to_one or field.one_to_one:
            data[name] = json_safe(getattr(instance, name))
        else:
            data[name] = json_safe(getattr(instance, field.attname))
    return data


def record(actor, action, obj, before, after, task=None, note="") -> AuditEntry:
    """Append one entry. Call it inside the transaction that makes the change.

    `task` defaults to `obj` itself when it is an item, or to `obj.task` when it
    belongs to one, so that the item's page can list everything that touched it.
    """
    if task is None:
        if obj._meta.label == "tasks.Task":
            task_id = obj.pk
        else:
            task_id = getattr(obj, "task_id", None)
    else:
        task_id = task.pk
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        action=str(action),
        object_type=getattr(obj, "audit_type", obj._meta.model_name),
        object_id=obj.pk,
        task_id=task_id,
        before=json_safe(before or {}),
        after=json_safe(after or {}),
        note=str(note or ""),
    )
