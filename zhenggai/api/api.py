"""The JSON API, version 1 (/api/v1/). See README.md.

Every endpoint is a thin shell over what the pages use: lists start from
`Task.objects.visible_to(user)`, one item comes from `get_task_for` (404 outside the
user's scope), and a move calls the Task method that the item page calls, which checks
the rules. Errors are `{"error": ...}` with the status code of the exception.
"""

import logging

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Swagger
from ninja import Status as Reply
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer
from pydantic import Field

from zhenggai import access
from zhenggai.api import schemas as s
from zhenggai.api.models import ApiToken
from zhenggai.inspections.models import Finding, Inspection
from zhenggai.lib import clock
from zhenggai.reporting.models import ProgressReport
from zhenggai.rollups import read as rollups
from zhenggai.tasks import permissions
from zhenggai.tasks.models import Result, Status, SubAction, Task, Transition
from zhenggai.tasks.moves import perform
from zhenggai.tasks.workflow import MoveNotAllowed, WorkflowError
from zhenggai.units.models import Unit

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 10**9


class TokenAuth(HttpBearer):
    """`Authorization: Bearer zg_…`, a token made on /api/tokens/. Session cookies are
    not accepted: a browser's login must not be usable by another site's script."""

    def authenticate(self, request, token):
        user = ApiToken.objects.user_for(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="整改 API",
    version="1",
    urls_namespace="api-v1",
    auth=TokenAuth(),
    # ninja's own copy of Swagger UI (ninja is in INSTALLED_APPS), and no call to the
    # public validator: the intranet has no way out.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_url="/docs",
)


# --- errors -----------------------------------------------------------------------------


def _error(request, message, status, **extra):
    return api.create_response(request, {"error": str(message), **extra}, status=status)


@api.exception_handler(WorkflowError)
def _workflow_error(request, exc):
    return _error(request, exc.message, exc.status_code)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, _("未找到该对象,或您无权查看。"), 404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = _error(request, _("缺少或无效的 API 令牌。"), 401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc):
    # ninja's own: 400 for a body that is not JSON, 429…
    return _error(request, exc.message, exc.status_code)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    detail = [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
        for e in exc.errors
    ]
    return _error(request, _("请求参数不正确。"), 422, detail=detail)


@api.exception_handler(Exception)
def _unexpected(request, exc):
    logger.exception("API error on %s %s", request.method, request.path)
    return _error(request, _("服务器内部错误。"), 500)


def errors(*codes):
    return {code: s.ErrorOut for code in (401, *codes)}


# --- serialisation ------------------------------------------------------------------------


def _unit_ref(unit):
    return None if unit is None else {"id": unit.pk, "name": unit.name}


def _item(task, today):
    return {
        "id": task.pk,
        "campaign_id": task.finding.campaign_id,
        "label": task.finding.label,
        "title": task.finding.title,
        "measure": task.measure,
        "actions": [{"label": a.label, "text": a.text} for a in task.actions.all()],
        "lead_unit": _unit_ref(task.lead_unit),
        "units": [_unit_ref(u) for u in task.units.all()],
        "leader": task.leader,
        "deadline": task.deadline,
        "revised_deadline": task.revised_deadline,
        "timeframe": task.timeframe,
        "status": task.status,
        "status_label": str(Status(task.status).label),
        "public_phrase": task.public_phrase,
        "effect_note": task.effect_note,
        "overdue": task.is_overdue(today),
        "version": task.version,
        "results": [
            {
                "value": f"{r.value.normalize():f}",
                "unit": r.unit,
                "what": r.what,
                "approx": r.approx,
            }
            for r in task.results.all()
        ],
    }


def _with_item_relations(tasks):
    # Constant queries per page: one for the rows, one per related list.
    # Each item's sub-actions and results in their order within the item (the models'
    # orderings start with the item, which joins them to the ledger's order of items).
    return tasks.select_related("finding", "lead_unit").prefetch_related(
        "units",
        Prefetch("actions", SubAction.objects.order_by("position", "id")),
        Prefetch("results", Result.objects.order_by("id")),
    )


def _report(report):
    return {
        "id": report.pk,
        "item": report.task_id,
        "unit": _unit_ref(report.unit),
        "author": str(report.author),
        "period": report.period,
        "period_start": report.period_start,
        "text": report.text,
        "figures": report.figures if isinstance(report.figures, list) else [],
        "status": report.status,
        "review_comment": report.review_comment,
        "version": report.version,
        "created_at": report.created_at,
    }


def _visible_task(request, item_id):
    """The item as the pages load it: 404 outside the user's scope."""
    task, can_edit = permissions.get_task_for(request.auth, item_id)
    return task, can_edit


# --- reading ----------------------------------------------------------------------------


@api.get("/inspections", response={200: list[s.InspectionOut], **errors()}, tags=["ledger"])
def list_inspections(request):
    """Every inspection and the campaign answering it (the home page shows them all)."""
    return [
        {
            "id": i.pk,
            "campaign_id": i.campaign_id,
            "campaign": i.campaign.name,
            "kind": i.kind,
            "inspector": i.inspector,
            "inspected": i.inspected,
            "onsite_start": i.onsite_start,
            "onsite_end": i.onsite_end,
            "feedback_date": i.feedback_date,
            "report_due": i.report_due,
        }
        for i in Inspection.objects.filter(campaign__in=access.listed_campaigns(request.auth))
        .select_related("campaign")
        .order_by("campaign", "id")
    ]


@api.get("/findings", response={200: s.FindingTreeOut, **errors(404, 422)}, tags=["ledger"])
def findings_tree(request, campaign: s.Id):
    """A campaign's findings tree, nested, with the item on each leaf.

    Readers of the whole ledger get the whole tree; a unit's readers get the branches
    leading to their items, as on the ledger page.
    """
    campaign_obj = access.listed_campaigns(request.auth).filter(pk=campaign).first()
    if campaign_obj is None:
        raise Http404
    user = request.auth
    nodes = list(
        Finding.objects.filter(campaign=campaign_obj)
        .only("id", "parent_id", "depth", "position", "label", "title")
        .order_by("position")
    )
    items = dict(
        (fid, {"id": pk, "status": status})
        for fid, pk, status in Task.objects.visible_to(user)
        .filter(finding__campaign=campaign_obj)
        .values_list("finding_id", "pk", "status")
    )
    by_id = {
        f.pk: {
            "id": f.pk,
            "label": f.label,
            "title": f.title,
            "depth": f.depth,
            "item": items.get(f.pk),
            "children": [],
        }
        for f in nodes
    }
    parent_of = {f.pk: f.parent_id for f in nodes}
    keep = set(by_id)
    if not access.reads_whole_ledger(user):
        keep = set()
        for fid in items:
            while fid is not None and fid not in keep and fid in by_id:
                keep.add(fid)
                fid = parent_of[fid]
    roots = []
    for f in nodes:  # pre-order: parents before children, siblings in order
        if f.pk not in keep:
            continue
        parent = by_id.get(f.parent_id)
        (parent["children"] if parent is not None else roots).append(by_id[f.pk])
    return {"campaign_id": campaign_obj.pk, "campaign": campaign_obj.name, "findings": roots}


class ItemFilters(s.Schema):
    status: s.StatusValue | None = None
    lead_unit: s.Id | None = None
    unit: s.Id | None = Field(None, description="a responsible unit (责任单位)")
    campaign: s.Id | None = None
    overdue: bool = False
    q: s.SearchText = ""
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@api.get("/items", response={200: s.ItemPage, **errors(422)}, tags=["items"])
def list_items(request, filters: Query[ItemFilters]):
    """The ledger's items that the user may see, in the report's order."""
    today = clock.today()
    tasks = Task.objects.visible_to(request.auth)
    if filters.status:
        tasks = tasks.filter(status=filters.status)
    if filters.lead_unit:
        tasks = tasks.filter(lead_unit_id=filters.lead_unit)
    if filters.unit:
        shared = Task.units.through.objects.filter(unit_id=filters.unit).values("task_id")
        tasks = tasks.filter(pk__in=shared)
    if filters.campaign:
        tasks = tasks.filter(finding__campaign_id=filters.campaign)
    if filters.overdue:
        tasks = tasks.overdue(today)
    if filters.q.strip():
        tasks = tasks.search(filters.q)
    unfiltered = not (
        filters.status or filters.lead_unit or filters.unit or filters.overdue or filters.q.strip()
    )
    if unfiltered and access.reads_whole_ledger(request.auth):
        # Every item of the reader's campaigns (or of one): the rollups' total, not a
        # COUNT over every item.
        scope = access.campaigns(request.auth).values("pk")
        if filters.campaign:
            scope = scope.filter(pk=filters.campaign)
        count = rollups.item_total(scope)
    else:
        count = tasks.count()
    page = _with_item_relations(tasks)[filters.offset : filters.offset + filters.limit]
    return {
        "count": count,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_item(t, today) for t in page],
    }


@api.get("/items/{item_id}", response={200: s.ItemOut, **errors(404, 422)}, tags=["items"])
def get_item(request, item_id: s.Id):
    _visible_task(request, item_id)
    task = _with_item_relations(Task.objects.filter(pk=item_id)).get()
    return _item(task, clock.today())


@api.get("/todo", response={200: list[s.TodoOut], **errors()}, tags=["todo"])
def todo(request):
    """我的待办: what waits for the token's user, as on /todo/; each entry links to the page
    where it is done."""
    from zhenggai.todo.entries import entries_for

    return [entry.as_dict() for entry in entries_for(request.auth)]


@api.get("/units", response={200: list[s.UnitOut], **errors()}, tags=["ledger"])
def list_units(request):
    """The district's units (the ledger's filters list them for every reader)."""
    return list(
        access.units(request.auth, Unit.objects.all()).values(
            "id", "name", "short_name", "kind", "parent_id", "is_active"
        )
    )


# --- moves ----------------------------------------------------------------------------------


def _transitions(task, user):
    history = Transition.objects.filter(task=task).select_related("actor").order_by("at", "id")
    return {
        "item": task.pk,
        "status": task.status,
        "version": task.version,
        "available": [m.value for m in s.MOVES if permissions.can(user, m, task)],
        "history": [
            {
                "id": t.pk,
                "action": t.action,
                "from_status": t.from_status,
                "to_status": t.to_status,
                "actor": str(t.actor) if t.actor is not None else None,
                "at": t.at,
                "reason": t.reason,
            }
            for t in history
        ],
    }


@api.get(
    "/items/{item_id}/transitions",
    response={200: s.TransitionsOut, **errors(404, 422)},
    tags=["items"],
)
def item_transitions(request, item_id: s.Id):
    """The item's moves so far, and the moves this user may make now."""
    task, _can_edit = _visible_task(request, item_id)
    return _transitions(task, request.auth)


@api.post(
    "/items/{item_id}/transitions",
    response={200: s.TransitionsOut, **errors(400, 403, 404, 409, 422)},
    tags=["items"],
)
def move_item(request, item_id: s.Id, body: s.MoveIn):
    """Make a move. 403 not this user's move, 409 wrong state or a stale `version`,
    422 a reason or evidence is missing."""
    user = request.auth
    task, _can_edit = _visible_task(request, item_id)
    # Who may make the move is the move's own rule, checked by the move method.
    perform(task, user, body.move, body.text or "", body.version)
    return _transitions(task, user)


# --- progress reports -------------------------------------------------------------------------


class ReportFilters(s.Schema):
    item: s.Id | None = None
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@api.get("/reports", response={200: s.ReportPage, **errors(404, 422)}, tags=["reports"])
def list_reports(request, filters: Query[ReportFilters]):
    """Progress reports on the items the user may see, newest period first."""
    reports = ProgressReport.objects.visible_to(request.auth)
    if filters.item is not None:
        _visible_task(request, filters.item)
        reports = reports.filter(task_id=filters.item)
    count = reports.count()
    page = reports.select_related("unit", "author")[filters.offset : filters.offset + filters.limit]
    return {
        "count": count,
        "limit": filters.limit,
        "offset": filters.offset,
        "reports": [_report(r) for r in page],
    }


@api.post(
    "/items/{item_id}/reports",
    response={201: s.ReportOut, **errors(400, 403, 404, 409, 422)},
    tags=["reports"],
)
def file_report(request, item_id: s.Id, body: s.ReportIn):
    """File the user's unit's progress report on the item (the first one on a claimed
    item puts it in progress)."""
    user = request.auth
    task, can_edit = _visible_task(request, item_id)
    if not can_edit:
        raise MoveNotAllowed()
    with transaction.atomic():
        report = ProgressReport.file(user, task, body.period, body.day or clock.today(), body.text)
    report = ProgressReport.objects.select_related("unit", "author").get(pk=report.pk)
    return Reply(201, _report(report))
