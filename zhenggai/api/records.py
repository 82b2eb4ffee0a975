"""Read-only endpoints for the records around the ledger: briefings and feedback.

Scoping is the apps' own (Briefing.objects.visible_to, Feedback.objects.visible_to), as
on their pages; the sender of a message is shown only to the whole-ledger roles, as on
the feedback pages.
"""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Query, Schema
from pydantic import Field

from zhenggai import access
from zhenggai.api.api import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, api, errors
from zhenggai.api.schemas import Id
from zhenggai.briefings.models import Briefing
from zhenggai.feedback.models import Feedback


class BriefingOut(Schema):
    id: int
    campaign_id: int
    kind: str
    number: int
    title: str
    period_start: datetime.date
    period_end: datetime.date
    issuer: str
    issue_date: datetime.date
    status: str
    text: str
    issued_at: datetime.datetime | None


class BriefingPage(Schema):
    count: int
    limit: int
    offset: int
    briefings: list[BriefingOut]


class FeedbackOut(Schema):
    id: int
    campaign_id: int
    item: int | None
    unit: int | None
    channel: str
    message: str
    name: str | None
    contact: str | None
    received_at: datetime.datetime
    status: str
    reply: str
    reply_public: bool
    version: int


class FeedbackPage(Schema):
    count: int
    limit: int
    offset: int
    feedback: list[FeedbackOut]


class Paging(Schema):
    campaign: Id | None = None
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def _briefing(b: Briefing) -> dict:
    fields = BriefingOut.model_fields
    return {name: getattr(b, name) for name in fields}


def _feedback(f: Feedback, user) -> dict:
    sender = access.reads_whole_ledger(user)
    return {
        "id": f.pk,
        "campaign_id": f.campaign_id,
        "item": f.item_id,
        "unit": f.unit_id,
        "channel": f.channel,
        "message": f.message,
        "name": f.name if sender else None,
        "contact": f.contact if sender else None,
        "received_at": f.received_at,
        "status": f.status,
        "reply": f.reply,
        "reply_public": f.reply_public,
        "version": f.version,
    }


def _page(queryset, paging: Paging):
    if paging.campaign is not None:
        queryset = queryset.filter(campaign_id=paging.campaign)
    return queryset.count(), queryset[paging.offset : paging.offset + paging.limit]


@api.get("/briefings", response={200: BriefingPage, **errors(422)}, tags=["briefings"])
def list_briefings(request, paging: Query[Paging]):
    """Briefings and reports the user may read (units: none), newest first."""
    briefings = Briefing.objects.visible_to(request.auth).order_by("-period_start", "-id")
    count, page = _page(briefings, paging)
    return {
        "count": count,
        "limit": paging.limit,
        "offset": paging.offset,
        "briefings": [_briefing(b) for b in page],
    }


@api.get(
    "/briefings/{briefing_id}", response={200: BriefingOut, **errors(404, 422)}, tags=["briefings"]
)
def get_briefing(request, briefing_id: Id):
    return _briefing(get_object_or_404(Briefing.objects.visible_to(request.auth), pk=briefing_id))


@api.get("/feedback", response={200: FeedbackPage, **errors(422)}, tags=["feedback"])
def list_feedback(request, paging: Query[Paging]):
    """The public's opinions the user may read, newest first."""
    messages = Feedback.objects.visible_to(request.auth).order_by("-received_at", "-id")
    count, page = _page(messages, paging)
    return {
        "count": count,
        "limit": paging.limit,
        "offset": paging.offset,
        "feedback": [_feedback(f, request.auth) for f in page],
    }


@api.get(
    "/feedback/{feedback_id}", response={200: FeedbackOut, **errors(404, 422)}, tags=["feedback"]
)
def get_feedback(request, feedback_id: Id):
    message = get_object_or_404(Feedback.objects.visible_to(request.auth), pk=feedback_id)
    return _feedback(message, request.auth)
