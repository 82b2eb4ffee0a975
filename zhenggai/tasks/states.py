"""The words of an item's life: its states, its kinds of deadline and its moves.

Kept apart from models.py so that the workflow and the permission rules can import them
without importing the models (which inherit the workflow). `zhenggai.tasks.models`
re-exports all of them; import from there.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """Where a measure stands. The only place status values are spelled."""

    DRAFT = "draft", _("待下达")
    ASSIGNED = "assigned", _("已下达")
    CLAIMED = "claimed", _("已认领")
    IN_PROGRESS = "in_progress", _("正在整改")
    STAGED = "staged", _("已取得阶段性成效")
    CLOSURE_REQUESTED = "closure_requested", _("申请销号")
    OFFICE_ACCEPTED = "office_accepted", _("整改办审核通过")
    COMPLETED = "completed", _("已完成整改")
    LONG_TERM = "long_term", _("长期推进")
    UNFINISHED = "unfinished", _("未完成")


# The wording of the public progress report, exactly as the seed has it. These are not
# translated: they are the published text.
PUBLIC_PHRASES = {
    Status.COMPLETED: "已完成整改",
    Status.STAGED: "已取得阶段性成效",
    Status.LONG_TERM: "长期推进,已落实具体举措并取得明显成效",
    Status.IN_PROGRESS: "正在整改",
    Status.UNFINISHED: "未完成",
}

# States in which nothing more is expected of the unit before a deadline.
CLOSED_STATUSES = frozenset({Status.COMPLETED})

# States in which the unit is working on the item. UNFINISHED only comes from an imported
# report ("未完成"); it behaves as IN_PROGRESS.
WORKING_STATUSES = frozenset({Status.IN_PROGRESS, Status.STAGED, Status.UNFINISHED})

# States in which a unit may file a progress report: from the claim on, and long-term
# items forever ("keep reporting"); not once the item is closed.
REPORTABLE_STATUSES = frozenset(
    {
        Status.CLAIMED,
        Status.IN_PROGRESS,
        Status.STAGED,
        Status.UNFINISHED,
        Status.CLOSURE_REQUESTED,
        Status.OFFICE_ACCEPTED,
        Status.LONG_TERM,
    }
)


class Timeframe(models.TextChoices):
    IMMEDIATE = "immediate", _("立行立改")
    DEADLINE = "deadline", _("限期整改")
    LONG_TERM = "long_term", _("长期推进")


class Action(models.TextChoices):
    """The moves an item can make; each is recorded as a Transition."""

    IMPORT = "import", _("导入")
    CREATE = "create", _("新建")
    ASSIGN = "assign", _("下达")
    CLAIM = "claim", _("认领")
    START = "start", _("开始整改")
    REPORT_STAGED = "report_staged", _("报告阶段性成效")
    REQUEST_CLOSURE = "request_closure", _("申请销号")
    OFFICE_ACCEPT = "office_accept", _("整改办审核通过")
    OFFICE_RETURN = "office_return", _("退回")
    APPROVE = "approve", _("领导小组审批销号")
    MARK_LONG_TERM = "mark_long_term", _("转为长期推进")
    REOPEN = "reopen", _("反弹重新整改")
