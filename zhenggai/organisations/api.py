"""GET /api/v1/oversight: the oversight dashboard's rows (organisations.oversight.rows),
for the caller's organisation or one below it (?org=)."""

from django.db import transaction
from django.http import Http404
from ninja import Schema
from ninja.errors import HttpError

from zhenggai import access
from zhenggai.api.api import api, errors
from zhenggai.organisations import oversight


class OrgRef(Schema):
    id: int
    name: str
    kind: str


class CampaignRef(Schema):
    id: int
    name: str


class OversightRow(Schema):
    organisation: OrgRef
    rank: int
    score: float
    items: int
    completed: int
    completion_pct: float
    overdue: int
    reporting_pct: float
    expected_reports: int
    on_time_reports: int
    recent_changes: int
    last_upward_report: str | None
    campaigns: list[CampaignRef]


class OversightOut(Schema):
    organisation: OrgRef
    formula: str
    sort: str
    rows: list[OversightRow]


@api.get("/oversight", response={200: OversightOut, **errors(403, 404, 422)}, tags=["oversight"])
def oversight_rows(request, org: int | None = None, sort: str = "score"):
    """Per subordinate organisation: items, completion, overdue, on-time reporting,
    recent status changes, score (the formula is returned with the rows)."""
    user = request.auth
    if not access.reads_oversight(user):
        raise HttpError(403, "forbidden")
    if org is None:
        target = user.organisation
    else:
        target = access.organisations(user).filter(pk=org).first()
    if target is None:
        raise Http404
    sort = sort if sort in oversight.SORTS else "score"
    with transaction.atomic():
        rows = oversight.rows(target, campaigns=access.campaigns(user), sort=sort)
    return {
        "organisation": {"id": target.pk, "name": target.name, "kind": target.kind},
        "formula": str(oversight.FORMULA),
        "sort": sort,
        "rows": [r.as_dict() for r in rows],
    }
