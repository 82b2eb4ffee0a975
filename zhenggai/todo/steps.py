"""A message for every step: each domain event tells exactly the people who must act next
or who asked, in the inbox and by mail (zhenggai.inbox.delivery.notify, which also hands
it to the channels the office configured).

Each message is keyed by the event's own record (the transition, the extension, the
feedback…), so a step told twice — a retry, a second worker — reaches nobody twice.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhenggai import access
from zhenggai.accounts.models import Role, User
from zhenggai.inbox.models import Level
from zhenggai.lib import clock
from zhenggai.lib.events import subscribe


def _notify(users, kind, object_id, level, title, body, url):
    from zhenggai.inbox.delivery import notify

    notify(users, kind, object_id, clock.today(), level, title[:200], body, url)


def _task(task_id):
    from zhenggai.tasks.models import Task

    return Task.objects.select_related("finding__campaign", "lead_unit").get(pk=task_id)


def _liaisons(unit_id):
    return list(User.objects.filter(unit_id=unit_id, role=Role.LIAISON, is_active=True))


def _role(role, organisation_id, exclude=()):
    """The accounts of `role` in the organisation that keeps the record (access.told)."""
    return access.told(role, organisation_id, exclude=exclude)


def _subject(task) -> str:
    return f"{task.finding.label}{task.finding.title}"[:80]


def _lead_liaisons(task, actor_id):
    return _liaisons(task.lead_unit_id)


def _office(task, actor_id):
    return _role(Role.OFFICE, access.task_organisation_id(task), exclude=[actor_id])


def _leaders(task, actor_id):
    return _role(Role.LEADER, access.task_organisation_id(task), exclude=[actor_id])


# An item's move → (who is told, kind of message, level, title, body). Each move is
# keyed by its transition, so two returns of one item are two messages.
TASK_STEPS = {
    "task.assigned": (
        _lead_liaisons,
        "task",
        Level.INFO,
        gettext_lazy("新下达事项待认领:%(s)s"),
        "%s",
    ),
    "task.closure_requested": (
        _office,
        "closure",
        Level.INFO,
        gettext_lazy("销号申请待审核:%(s)s"),
        "%s",
    ),
    "task.office_accepted": (
        _leaders,
        "closure",
        Level.INFO,
        gettext_lazy("销号待领导小组审批:%(s)s"),
        "%s",
    ),
    "task.returned": (
        _lead_liaisons,
        "return",
        Level.YELLOW,
        gettext_lazy("销号申请被退回:%(s)s"),
        gettext_lazy("退回理由:%s"),
    ),
    "task.approved": (
        _lead_liaisons,
        "closure",
        Level.INFO,
        gettext_lazy("事项已销号:%(s)s"),
        "%s",
    ),
}


@subscribe(*TASK_STEPS)
def task_moved(event, task_id, transition_id, actor_id, text, **facts):
    recipients, kind, level, title, body = TASK_STEPS[event]
    task = _task(task_id)
    _notify(
        recipients(task, actor_id),
        kind,
        transition_id,
        level,
        str(title) % {"s": _subject(task)},
        str(body) % text if text else "",
        reverse("task", args=[task.pk]),
    )


@subscribe("extension.requested")
def extension_requested(event, task_id, extension_id, actor_id, **facts):
    from zhenggai.tasks.models import DeadlineExtension

    extension = DeadlineExtension.objects.select_related("task__finding__campaign").get(
        pk=extension_id
    )
    _notify(
        _role(Role.OFFICE, access.task_organisation_id(extension.task)),
        "extension",
        extension.pk,
        Level.INFO,
        _("延期申请待审批:%(s)s") % {"s": _subject(extension.task)},
        _("申请延至 %(day)s。理由:%(reason)s")
        % {"day": extension.new_deadline.strftime("%Y-%m-%d"), "reason": extension.reason},
        reverse("task", args=[task_id]),
    )


@subscribe("extension.decided")
def extension_decided(event, task_id, extension_id, actor_id, approved, **facts):
    from zhenggai.tasks.models import DeadlineExtension

    extension = DeadlineExtension.objects.select_related("task__finding", "requested_by").get(
        pk=extension_id
    )
    title = _("延期申请已批准:%(s)s") if approved else _("延期申请未获批准:%(s)s")
    _notify(
        [extension.requested_by],
        "extension",
        extension.pk,
        Level.INFO if approved else Level.YELLOW,
        title % {"s": _subject(extension.task)},
        extension.comment,
        reverse("task", args=[task_id]),
    )


@subscribe("feedback.assigned")
def feedback_assigned(event, feedback_id, unit_id, actor_id, **facts):
    from zhenggai.feedback.models import Feedback

    item = Feedback.objects.get(pk=feedback_id)
    _notify(
        _liaisons(unit_id),
        "feedback",
        item.pk,
        Level.INFO,
        _("交办群众意见待答复"),
        item.message[:500],
        reverse("feedback_detail", args=[item.pk]),
    )


@subscribe("feedback.answered")
def feedback_answered(event, feedback_id, actor_id, **facts):
    from zhenggai.feedback.models import Feedback

    item = Feedback.objects.select_related("replied_by", "campaign").get(pk=feedback_id)
    if item.replied_by is None or item.replied_by.role == Role.OFFICE:
        return  # the office answered itself: nobody else waits for it
    _notify(
        _role(Role.OFFICE, item.campaign.owner_id),
        "feedback",
        item.pk,
        Level.INFO,
        _("单位已答复交办的群众意见"),
        item.reply[:500],
        reverse("feedback_detail", args=[item.pk]),
    )
