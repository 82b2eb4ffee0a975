"""What the API takes and gives: explicit input and output schemas."""

import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import BaseModel, Field, StringConstraints

from zhenggai.lib.inputs import SEARCH_MAX, TEXT_MAX, TEXT_PATTERN
from zhenggai.reporting.models import Period
from zhenggai.tasks.models import Action, Status, Timeframe
from zhenggai.tasks.moves import MOVES as ALL_MOVES
from zhenggai.tasks.moves import STATE_MOVES

# The forms' caps and characters (lib/inputs.py): no NUL, which PostgreSQL refuses in
# text columns, and no other control characters than line breaks and tabs.
Text = Annotated[str, StringConstraints(max_length=TEXT_MAX, pattern=TEXT_PATTERN)]
SearchText = Annotated[str, StringConstraints(max_length=SEARCH_MAX, pattern=TEXT_PATTERN)]
# An id as the database can hold it: a larger number is a 422, not an overflow.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

StatusValue = Literal[tuple(Status.values)]  # type: ignore[valid-type]
TimeframeValue = Literal[tuple(["", *Timeframe.values])]  # type: ignore[valid-type]
PeriodValue = Literal[tuple(Period.values)]  # type: ignore[valid-type]

# The moves the API offers: the state moves of the table (tasks.moves), in its order;
# assignment and extensions (office forms with more fields) are not yet in the API.
MOVES = tuple(Action(name) for name in ALL_MOVES if name in STATE_MOVES)
MoveValue = Literal[tuple(m.value for m in MOVES)]  # type: ignore[valid-type]


class Out(BaseModel):
    """An answer that api.py builds as dicts: pydantic's own validation, without
    ninja.Schema's attribute getter around every nested object (a fifth of the time
    of a 50-item list)."""


class ErrorOut(Schema):
    error: str
    # Which fields were wrong, for a 422 from the schema validation.
    detail: list[dict] | None = None


class UnitRef(Out):
    id: int
    name: str


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    is_active: bool


class InspectionOut(Schema):
    id: int
    campaign_id: int
    campaign: str
    kind: str
    inspector: str
    inspected: str
    onsite_start: datetime.date | None
    onsite_end: datetime.date | None
    feedback_date: datetime.date | None
    report_due: datetime.date | None


class ItemRef(Schema):
    id: int
    status: str


class FindingNode(Schema):
    id: int
    label: str
    title: str
    depth: int
    item: ItemRef | None
    children: list["FindingNode"]


FindingNode.model_rebuild()


class FindingTreeOut(Schema):
    campaign_id: int
    campaign: str
    findings: list[FindingNode]


class ActionOut(Out):
    label: str
    text: str


class ResultOut(Out):
    value: str
    unit: str
    what: str
    approx: bool


class ItemOut(Out):
    id: int
    campaign_id: int
    label: str
    title: str
    measure: str
    actions: list[ActionOut]
    lead_unit: UnitRef | None
    units: list[UnitRef]
    leader: str
    deadline: datetime.date | None
    revised_deadline: datetime.date | None
    timeframe: str
    status: str
    status_label: str
    public_phrase: str
    effect_note: str
    overdue: bool
    version: int
    results: list[ResultOut]


class ItemPage(Out):
    count: int
    limit: int
    offset: int
    items: list[ItemOut]


class TransitionOut(Schema):
    id: int
    action: str
    from_status: str
    to_status: str
    actor: str | None
    at: datetime.datetime
    reason: str


class TransitionsOut(Schema):
    item: int
    status: str
    version: int
    # The moves this user could make now (the item page's buttons); their requirements
    # (evidence, a reason) are checked when the move is made.
    available: list[str]
    history: list[TransitionOut]


class MoveIn(Schema):
    move: MoveValue
    text: Text | None = None
    # The item's version the client last read: an older one is a 409, not an overwrite.
    version: Id


class ReportIn(Schema):
    period: PeriodValue
    # The day the report is for; today when left out.
    day: datetime.date | None = None
    text: Text


class ReportOut(Schema):
    id: int
    item: int
    unit: UnitRef
    author: str
    period: str
    period_start: datetime.date
    text: str
    figures: list
    status: str
    review_comment: str
    version: int
    created_at: datetime.datetime


class ReportPage(Schema):
    count: int
    limit: int
    offset: int
    reports: list[ReportOut]


class TodoOut(Schema):
    """One entry of 我的待办 (zhenggai.todo.entries)."""

    kind: str
    label: str
    subject: str
    url: str
    since: str | None = None
    due: str | None = None
    note: str = ""
    who: str = ""
    overdue: bool = False
