"""What the public side needs: which report and item a message belongs to, and the
public replies shown under the items of a published report.

The publication app (publication.PublicReport) is looked up through the app registry at
call time, never imported: this app works, and its tests run, with or without it.
"""

from django.apps import apps

from zhenggai.feedback.models import Feedback, Status
from zhenggai.inspections.models import Campaign
from zhenggai.tasks.models import Task

PUBLISHED = "published"


def _report_model():
    if not apps.is_installed("zhenggai.publication"):
        return None
    try:
        return apps.get_model("publication", "PublicReport")
    except LookupError:
        return None


def published_report(report_id):
    """The published report with this id, or None (unknown, draft, withdrawn, garbage,
    or no publication app)."""
    model = _report_model()
    if model is None or report_id in (None, ""):
        return None
    try:
        report_id = int(report_id)
    except (TypeError, ValueError):
        return None
    return model.objects.filter(pk=report_id, status=PUBLISHED).first()


def public_campaign_ids():
    """Campaigns the public may write about: those with a published report. Before the
    publication app exists there is nothing to go by, and every campaign is open."""
    model = _report_model()
    if model is None:
        return None  # all
    return set(model.objects.filter(status=PUBLISHED).values_list("campaign_id", flat=True))


def public_item(task_id, report=None):
    """The item a public message is about, if it may be named publicly: it exists, its
    campaign is public, and (when the message came from a report) it is one of that
    report's items. Otherwise None; the message is still taken, just not linked."""
    try:
        task_id = int(task_id)
    except (TypeError, ValueError):
        return None
    if report is not None:
        listed = getattr(report, "items", None)
        if isinstance(listed, list | tuple) and task_id not in {row[0] for row in listed}:
            return None
    campaign_id = report.campaign_id if report is not None else None
    task = Task.objects.select_related("finding").filter(pk=task_id).first()
    if task is None:
        return None
    if campaign_id is not None and task.finding.campaign_id != campaign_id:
        return None
    allowed = public_campaign_ids()
    if allowed is not None and task.finding.campaign_id not in allowed:
        return None
    return task


def default_campaign_id():
    """Where a message sent from the bare form goes: the campaign of the latest
    published report, or (before publication exists) the latest campaign."""
    model = _report_model()
    if model is not None:
        report = model.objects.filter(status=PUBLISHED).order_by("-pk").first()
        return report.campaign_id if report else None
    return Campaign.objects.order_by("-pk").values_list("pk", flat=True).first()


def public_replies_for(tasks) -> dict[int, list[tuple]]:
    """{task_id: [(received_at, message, reply), …]} for the replies the office chose to
    publish (公开答复), oldest first, in ONE query. `tasks` is an iterable of Task objects
    or task ids. Never returns the sender's name or contact."""
    ids = {getattr(t, "pk", t) for t in tasks}
    if not ids:
        return {}
    rows = (
        Feedback.objects.filter(
            item_id__in=ids,
            reply_public=True,
            status__in=(Status.ANSWERED, Status.CLOSED),
        )
        .exclude(reply="")
        .order_by("received_at", "pk")
        .values_list("item_id", "received_at", "message", "reply")
    )
    replies: dict[int, list[tuple]] = {}
    for item_id, received_at, message, reply in rows:
        replies.setdefault(item_id, []).append((received_at, message, reply))
    return replies
