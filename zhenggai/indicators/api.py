"""GET /api/figures: the ledger's quantitative results totalled per indicator, by the one
rule the dashboard and the briefings use (indicators.tally), over the items the caller
may see (Task.objects.visible_to)."""

from ninja import Schema

from zhenggai.api.api import api, errors
from zhenggai.indicators.tally import result_figures, tally
from zhenggai.tasks.models import Task


class FigureOut(Schema):
    value: str
    unit: str
    words: str
    approx: bool
    task: int
    label: str


class TotalOut(Schema):
    indicator: int
    name: str
    unit: str
    summed: bool
    value: str | None
    approx: bool
    n: int
    figures: list[FigureOut]


class FiguresOut(Schema):
    totals: list[TotalOut]
    unclassified: list[FigureOut]


@api.get("/figures", response={200: FiguresOut, **errors()}, tags=["ledger"])
def figures(request):
    """Totals per indicator (a rate or rank is listed, not summed), each with the figures
    behind it; figures whose words the office has not classified, listed apart."""
    return tally(result_figures(Task.objects.visible_to(request.auth))).to_dict()
