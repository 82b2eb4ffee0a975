"""What people do on an item's page: the workflow moves, progress reports, evidence.

Every view starts from `get_task_for` (404 for outsiders), calls one model method and
nothing else that writes: the rules, the version check and the audit live there. A
`WorkflowError` re-renders the item page with the message on the form that was sent,
what the user typed put back, and the error's status code (403, 409, 422).
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from zhenggai.front import confirm
from zhenggai.reporting.models import Evidence, ProgressReport
from zhenggai.tasks import permissions
from zhenggai.tasks.models import DeadlineExtension
from zhenggai.tasks.workflow import (
    MissingRequirement,
    MoveNotAllowed,
    WorkflowError,
    check_version,
)
from zhenggai.units.models import Unit


@dataclass(frozen=True)
class Move:
    """One button on the item page: who sees it, what it asks for, what it calls."""

    name: str
    label: str
    can: object  # permissions.can_* predicate
    text: str = ""  # label of the textarea, if the move takes one
    text_required: bool = False
    kind: str = "plain"  # plain | assignment | extension
    danger: bool = False
    done: str = ""
    extra: dict = field(default_factory=dict)
    # What cannot be undone, said on the confirmation page (zhenggai/front/confirm.py).
    consequences: tuple = ()


MOVES = {
    m.name: m
    for m in (
        Move(
            "assign",
            gettext_lazy("下达"),
            permissions.can_assign,
            gettext_lazy("下达说明"),
            kind="assignment",
            done=gettext_lazy("已下达。"),
        ),
        Move(
            "set_assignment",
            gettext_lazy("调整分工"),
            permissions.can_set_assignment,
            gettext_lazy("调整理由"),
            kind="assignment",
            done=gettext_lazy("分工已调整。"),
        ),
        Move("claim", gettext_lazy("认领"), permissions.can_claim, done=gettext_lazy("已认领。")),
        Move(
            "report_staged",
            gettext_lazy("报告阶段性成效"),
            permissions.can_report_staged,
            gettext_lazy("取得的阶段性成效"),
            text_required=True,
            done=gettext_lazy("已报告阶段性成效。"),
        ),
        Move(
            "request_closure",
            gettext_lazy("申请销号"),
            permissions.can_request_closure,
            gettext_lazy("整改成效"),
            text_required=True,
            done=gettext_lazy("已申请销号,等待整改办审核。"),
        ),
        Move(
            "office_accept",
            gettext_lazy("审核通过"),
            permissions.can_review,
            gettext_lazy("审核意见(可选)"),
            done=gettext_lazy("已审核通过,等待领导小组审批。"),
        ),
        Move(
            "office_return",
            gettext_lazy("退回"),
            permissions.can_review,
            gettext_lazy("退回理由"),
            text_required=True,
            danger=True,
            done=gettext_lazy("已退回。"),
            consequences=(
                gettext_lazy("销号申请作废,事项退回牵头单位继续整改;"),
                gettext_lazy("退回理由记入履职留痕,牵头单位可见。"),
            ),
        ),
        Move(
            "approve",
            gettext_lazy("审批销号"),
            permissions.can_approve,
            gettext_lazy("审批意见(可选)"),
            done=gettext_lazy("已审批销号。"),
            consequences=(
                gettext_lazy("事项销号,状态成为“已完成整改”,计入已完成事项;"),
                gettext_lazy("销号不能撤回;如问题反弹,只能“反弹重新整改”。"),
            ),
        ),
        Move(
            "mark_long_term",
            gettext_lazy("转为长期推进"),
            permissions.can_mark_long_term,
            gettext_lazy("已落实的具体举措和成效"),
            text_required=True,
            done=gettext_lazy("已转为长期推进。"),
        ),
        Move(
            "reopen",
            gettext_lazy("反弹重新整改"),
            permissions.can_reopen,
            gettext_lazy("重新整改理由"),
            text_required=True,
            danger=True,
            done=gettext_lazy("已重新进入整改。"),
        ),
        Move(
            "request_extension",
            gettext_lazy("申请延期"),
            permissions.can_request_extension,
            gettext_lazy("延期理由"),
            text_required=True,
            kind="extension",
            done=gettext_lazy("已提交延期申请。"),
        ),
    )
}


class FormError(Exception):
    """A WorkflowError caught in a view, with the form it belongs to."""

    def __init__(self, form, exc, posted):
        self.form, self.message, self.status_code = form, exc.message, exc.status_code
        self.posted = posted


def _date(raw, message):
    raw = (raw or "").strip()
    if not raw:
        return None
    value = parse_date(raw) if len(raw) <= 10 else None
    if value is None:
        raise MissingRequirement(message)
    return value


def _unit(raw):
    if not raw:
        return None
    try:
        return Unit.objects.get(pk=int(raw), is_active=True)
    except (ValueError, Unit.DoesNotExist):
        raise MissingRequirement(_("所选单位不存在。")) from None


def _units(raw_list):
    try:
        ids = {int(x) for x in raw_list if x}
    except ValueError:
        raise MissingRequirement(_("所选单位不存在。")) from None
    units = list(Unit.objects.filter(pk__in=ids, is_active=True))
    if len(units) != len(ids):
        raise MissingRequirement(_("所选单位不存在。"))
    return units


def _assignment(post):
    return {
        "lead_unit": _unit(post.get("lead_unit")),
        "units": _units(post.getlist("units")),
        "leader": (post.get("leader") or "").strip()[:100],
        "deadline": _date(post.get("deadline"), _("完成时限格式不正确。")),
        "timeframe": post.get("timeframe") or "",
    }


def _call(move, task, user, post):
    text = post.get("text", "")
    version = post.get("version")
    if move == "assign":
        fields = _assignment(post)
        # assign() has no expected_version: check it here, against the loaded item.
        check_version(version, task.version)
        task.assign(user, reason=text.strip(), **fields)
    elif move == "set_assignment":
        task.set_assignment(user, version, reason=text.strip(), **_assignment(post))
    elif move == "claim":
        task.claim(user, expected_version=version)
    elif move == "report_staged":
        task.report_staged(user, text, expected_version=version)
    elif move == "request_closure":
        task.request_closure(user, text, expected_version=version)
    elif move == "office_accept":
        task.office_accept(user, text, expected_version=version)
    elif move == "office_return":
        task.office_return(user, text, expected_version=version)
    elif move == "approve":
        task.approve(user, text, expected_version=version)
    elif move == "mark_long_term":
        task.mark_long_term(user, text, expected_version=version)
    elif move == "reopen":
        task.reopen(user, text, expected_version=version)
    elif move == "request_extension":
        check_version(version, task.version)
        new_deadline = _date(post.get("new_deadline"), _("请填写申请延至的日期。"))
        task.request_extension(user, new_deadline, text)
    else:  # pragma: no cover - MOVES is checked first
        raise Http404


def _back(task):
    return redirect(reverse("task", args=[task.pk]))


def _fail(request, pk, form, exc):
    """The item page again, fresh from the database, with the message on `form`."""
    from zhenggai.front.views import render_item

    task, can_edit = permissions.get_task_for(request.user, pk)
    return render_item(
        request, task, can_edit, error=FormError(form, exc, request.POST), status=exc.status_code
    )


def _forbidden(request, pk, form, message=None):
    return _fail(request, pk, form, MoveNotAllowed(message))


@require_POST
@login_required
def move(request, pk, move):
    spec = MOVES.get(move)
    if spec is None:
        raise Http404("no such move")
    # Who may make the move is the move's own rule (permissions.RULES), checked by the
    # move method: the leading group signs off without editing the item's content.
    task, _can_edit = permissions.get_task_for(request.user, pk)
    missing_text = spec.text_required and not request.POST.get("text", "").strip()
    if spec.consequences and spec.can(request.user, task) and not missing_text:
        page = confirm.ask(
            request,
            title=spec.label,
            subject=f"{task.finding.label}{task.finding.title}",
            consequences=spec.consequences,
            back=reverse("task", args=[task.pk]),
        )
        if page is not None:
            return page
    try:
        _call(move, task, request.user, request.POST)
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
    comment = request.POST.get("text", "")
    try:
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
    post = request.POST
    upload = request.FILES.get("file")
    try:
        day = _date(post.get("day"), _("填报日期格式不正确。")) or timezone.localdate()
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
    text = request.POST.get("text", "")
    try:
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
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("file missing") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
