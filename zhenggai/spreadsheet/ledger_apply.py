"""Applying a checked ledger workbook: each row through the item's own audited methods.

A new row becomes a finding under its category and an item made by Task.create_for(),
as the findings page makes one; every row's measure and assignment go through
Task.edit_from_ledger(), which checks the office's rules and the version, and writes the
audit entry. All rows or none: one transaction, and a row whose item changed since the
check undoes the lot.
"""

from django.db import models, transaction
from django.utils.translation import gettext as _

from zhenggai.inspections.models import Finding
from zhenggai.spreadsheet.ledger_check import Change, Plan
from zhenggai.spreadsheet.ledger_read import ImportFailed
from zhenggai.tasks.models import Task
from zhenggai.tasks.permissions import is_office
from zhenggai.tasks.workflow import Conflict as MoveConflict
from zhenggai.tasks.workflow import WorkflowError


class Conflict(ImportFailed):
    pass


def apply_import(plan: Plan, user, progress=None) -> Plan:
    """Write `plan` (which must have no errors) in one transaction, as `user`, an office
    member. Raises Conflict, writing nothing, when an item changed since the plan was
    made; ImportFailed for any other row the item's rules refuse."""
    if plan.errors:
        raise ImportFailed(_("表格有错误,未导入任何内容。"))
    if not plan.changes:
        return plan
    if not is_office(user):
        raise ImportFailed(_("只有整改办可以导入台账。"))
    note = _("导入台账 {filename} 第{row}行")
    with transaction.atomic():
        for done, change in enumerate(plan.changes, start=1):
            reason = note.format(filename=plan.filename, row=change.row)
            try:
                if change.is_new:
                    _create(plan.campaign, change, user, reason)
                else:
                    task = Task.objects.get(pk=change.task_id)
                    task.edit_from_ledger(user, change.version, reason=reason, **change.values)
            except MoveConflict:
                raise Conflict(
                    _(
                        "第{row}行的事项“{key}”已被他人修改,未导入任何内容。请重新导出或重新上传。"
                    ).format(row=change.row, key=change.key)
                ) from None
            except (WorkflowError, Task.DoesNotExist) as exc:
                message = getattr(exc, "message", _("该事项已不存在"))
                raise ImportFailed(
                    _("第{row}行:{message},未导入任何内容。").format(
                        row=change.row, message=message
                    )
                ) from None
            if progress is not None:
                progress(done, len(plan.changes))
        if plan.created:
            from zhenggai.inspections.tree import renumber

            renumber(plan.campaign.pk)
    return plan


def _create(campaign, change: Change, user, reason):
    parent = Finding.objects.get(pk=change.parent_id)
    last = Finding.objects.filter(campaign=campaign).aggregate(m=models.Max("position"))["m"]
    # The tree's frame, as the findings page saves it; the item is the audited part.
    finding = Finding.objects.create(
        campaign=campaign,
        inspection_id=parent.inspection_id,
        parent=parent,
        depth=parent.depth + 1,
        # Past the end; renumber() puts it last among its siblings.
        position=(last or 0) + 1,
        label=change.key,
        title=change.title,
    )
    values = dict(change.values)
    task = Task.create_for(user, finding, values.pop("measure"))
    task.edit_from_ledger(user, task.version, reason=reason, **values)
