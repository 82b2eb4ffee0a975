"""What people do on an item's page: the workflow moves, progress reports, evidence.

Every view starts from `get_task_for` (404 for outsiders), calls one model method and
nothing else that writes: the rules, the version check and the audit live there. A
`WorkflowError` re-renders the item page with the message on the form that was sent,
what the user typed put back, and the error's status code (403, 409, 422).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zhenggai.lib import clock, confirm
from zhenggai.lib.inputs import parse_day
from zhenggai.reporting.downloads import attachment
from zhenggai.reporting.models import Evidence, ProgressReport
from zhenggai.tasks import permissions
from zhenggai.tasks.forms import checked_post, form_for
from zhenggai.tasks.models import DeadlineExtension
from zhenggai.tasks.moves import MOVES
from zhenggai.tasks.workflow import MissingRequirement, MoveNotAllowed, WorkflowError, check_move


class FormError(Exception):
    """A WorkflowError caught in a view, with the form it belongs to."""

    def __init__(self, form, exc, posted):
        self.form, self.message, self.status_code = form, exc.message, exc.status_code
        self.posted = posted


def _date(raw, message):
    try:
        return parse_day(raw)
    except ValidationError:
        # 2018-02-30 as well as "soon": the form's own message says which date.
        raise MissingRequirement(message) from None


def _back(task):
    return redirect(reverse("task", args=[task.pk]))


def _fail(request, pk, form, exc):
    """The item page again, fresh from the database, with the message on `form`."""
    from zhenggai.items.views import render_item

    task, can_edit = permissions.get_task_for(request.user, pk)
    return render_item(
        request, task, can_edit, error=FormError(form, exc, request.POST), status=exc.status_code
    )


def _forbidden(request, pk, form, message=None):
    return _fail(request, pk, form, MoveNotAllowed(message))


@require_POST
@login_required
def move(request, pk, move):
    """One move of the table, from its bound form (tasks/forms.py): the rule first (403,
    409), then the form (422 with the message on it), then — for what cannot be undone —
    the confirmation page, then the move itself (tasks.moves.perform)."""
    spec = MOVES.get(move)
    if spec is None or spec.form == "none":
        raise Http404("no such move")
    # Who may make the move is the move's own rule (tasks.moves.MOVES), checked again by
    # the move method: the leading group signs off without editing the item's content.
    task, _can_edit = permissions.get_task_for(request.user, pk)
    form = form_for(move, task, request.POST)
    try:
        check_move(request.user, move, task)
        if not form.is_valid():
            raise MissingRequirement(form.first_error())
        if spec.consequences:
            page = confirm.ask(
                request,
                title=spec.label,
                subject=f"{task.finding.label}{task.finding.title}",
                consequences=spec.consequences,
                back=reverse("task", args=[task.pk]),
            )
            if page is not None:
                return page
        form.perform(request.user)
    except WorkflowError as exc:
        return _fail(request, pk, move, exc)
    messages.success(request, spec.done)
    return _back(task)


@require_POST
@login_required
def decide_extension(request, pk, xid, decision):
    if decision not in ("approve", "refuse"):
        raise Http404
    task, can_edit = permissions.get_task_for(request.user, pk)
    extension = get_object_or_404(DeadlineExtension, pk=xid, task=task)
    form = f"extension-{extension.pk}"
    if not can_edit:
        return _forbidden(request, pk, form)
    try:
        comment = checked_post(request.POST).get("text", "")
        if decision == "approve":
            extension.approve(request.user, comment)
        else:
            extension.refuse(request.user, comment)
    except WorkflowError as exc:
        return _fail(request, pk, form, exc)
    messages.success(request, _("已批准延期。") if decision == "approve" else _("已不予批准。"))
    return _back(task)


@require_POST
@login_required
def file_report(request, pk):
    task, can_edit = permissions.get_task_for(request.user, pk)
    if not can_edit:
        return _forbidden(request, pk, "report")
    upload = request.FILES.get("file")
    try:
        post = checked_post(request.POST)
        day = _date(post.get("day"), _("填报日期格式不正确。")) or clock.today()
        with transaction.atomic():
            report = ProgressReport.file(
                request.user, task, post.get("period", ""), day, post.get("text", "")
            )
            if upload is not None:
                Evidence.attach(request.user, task, upload, report=report)
    except WorkflowError as exc:
        return _fail(request, pk, "report", exc)
    messages.success(request, _("进展已填报。"))
    return _back(task)


@require_POST
@login_required
def review_report(request, pk, rid, decision):
    if decision not in ("accept", "return", "revise"):
        raise Http404
    task, can_edit = permissions.get_task_for(request.user, pk)
    report = get_object_or_404(ProgressReport.objects.select_related("task"), pk=rid, task=task)
    form = f"report-{report.pk}-{decision}"
    if not can_edit:
        return _forbidden(request, pk, form)
    try:
        text = checked_post(request.POST).get("text", "")
        if decision == "accept":
            report.accept(request.user, text)
            done = _("已采纳该填报。")
        elif decision == "return":
            report.return_for_revision(request.user, text)
            done = _("已退回该填报。")
        else:
            report.revise(request.user, text, request.POST.get("version"))
            done = _("填报已修改,等待整改办审核。")
    except WorkflowError as exc:
        return _fail(request, pk, form, exc)
    messages.success(request, done)
    return _back(task)


@require_POST
@login_required
def upload_evidence(request, pk):
    task, can_edit = permissions.get_task_for(request.user, pk)
    if not can_edit:
        return _forbidden(request, pk, "evidence")
    upload = request.FILES.get("file")
    try:
        checked_post(request.POST)
        if upload is None:
            raise MissingRequirement(_("请选择要上传的文件。"))
        Evidence.attach(request.user, task, upload)
    except WorkflowError as exc:
        return _fail(request, pk, "evidence", exc)
    messages.success(request, _("佐证材料已上传。"))
    return _back(task)


@require_GET
@login_required
def download_evidence(request, pk, eid):
    task, _can_edit = permissions.get_task_for(request.user, pk)
    evidence = get_object_or_404(Evidence, pk=eid, task=task)
    return attachment(evidence.file, evidence.original_name, evidence.content_type)
