"""The one rule for adding figures up: only within one indicator, only when it may be.

Briefings, the dashboard and the API all hand their figures to `tally`; nothing else
sums a figure. Two queries whatever the number of figures.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from zhenggai.indicators.models import (
    SCALE,
    FigureWording,
    Indicator,
    base_unit,
    may_be_summed,
    words_key,
)


@dataclass
class Fig:
    """One reported quantity, in its base unit, with where it came from."""

    value: Decimal
    unit: str
    words: str
    approx: bool = False
    source: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "value": _plain(self.value),
            "unit": self.unit,
            "words": self.words,
            "approx": self.approx,
            **self.source,
        }


@dataclass
class Total:
    indicator: Indicator
    figures: list[Fig]
    summed: bool  # False: the indicator is a rate or rank; its figures are listed one by one

    @property
    def value(self) -> Decimal | None:
        return sum((f.value for f in self.figures), Decimal(0)) if self.summed else None

    @property
    def approx(self) -> bool:
        return any(f.approx for f in self.figures)

    @property
    def count(self) -> int:
        """How many figures, a figure that stands for rows summed in the database
        (source "rows") counting as those rows."""
        return sum(f.source.get("rows", 1) for f in self.figures)

    def to_dict(self) -> dict:
        return {
            "indicator": self.indicator.pk,
            "name": self.indicator.name,
            "unit": self.indicator.unit,
            "summed": self.summed,
            "value": _plain(self.value) if self.summed else None,
            "approx": self.approx,
            "n": len(self.figures),
            "figures": [f.to_dict() for f in self.figures],
        }


@dataclass
class Tally:
    totals: list[Total]
    unclassified: list[Fig]

    def to_dict(self) -> dict:
        return {
            "totals": [t.to_dict() for t in self.totals],
            "unclassified": [f.to_dict() for f in self.unclassified],
        }


def number(value) -> Decimal | None:
    try:
        result = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


def fig(value, unit, words, approx=False, **source) -> Fig | None:
    """A figure as reported (`35`, `万元`, `追缴资金`), folded into its base unit; None
    when it has no number or no unit."""
    amount, unit = number(value), (unit or "").strip()
    if amount is None or not unit:
        return None
    base, factor = SCALE.get(unit, (unit, 1))
    return Fig(amount * factor, base, words_key(words or ""), bool(approx), source)


def from_report_figures(figures, **source) -> list[Fig]:
    """The figures of a progress report (its `figures` JSON)."""
    out = []
    for raw in figures or []:
        if isinstance(raw, dict):
            f = fig(raw.get("value"), raw.get("unit"), raw.get("what"), raw.get("approx"), **source)
            if f is not None:
                out.append(f)
    return out


def wordings_for(figures) -> dict[tuple[str, str], FigureWording]:
    keys = {(f.words, f.unit) for f in figures if f.words}
    if not keys:
        return {}
    words = {k[0] for k in keys}
    return {
        (w.words, w.unit): w
        for w in FigureWording.objects.filter(words__in=words).select_related("indicator")
        if (w.words, w.unit) in keys
    }


def tally(figures) -> Tally:
    """Totals per indicator, in the order of the largest number of figures; figures whose
    words the office has not classified are returned apart, to be listed, not summed."""
    figures = [f for f in figures if f is not None]
    wordings = wordings_for(figures)
    groups: dict[int, Total] = {}
    unclassified = []
    for f in figures:
        wording = wordings.get((f.words, f.unit))
        if wording is None:
            unclassified.append(f)
            continue
        indicator = wording.indicator
        total = groups.get(indicator.pk)
        if total is None:
            summed = indicator.summable and may_be_summed(indicator.name, indicator.unit)
            total = groups[indicator.pk] = Total(indicator, [], summed)
        total.figures.append(f)
    totals = sorted(groups.values(), key=lambda t: (-len(t.figures), t.indicator.name))
    return Tally(totals, unclassified)


def propose(words: str, unit: str, catalogue=None) -> Indicator:
    """The indicator a figure's words suggest: an existing one of the same unit whose name
    the words contain (the longest), else a new one named by the words (not saved)."""
    key, unit = words_key(words), base_unit(unit)
    if catalogue is None:
        catalogue = Indicator.objects.filter(unit=unit)
    fitting = [i for i in catalogue if i.unit == unit and i.name and i.name in key]
    if fitting:
        return max(fitting, key=lambda i: len(i.name))
    return Indicator(name=key, unit=unit, summable=may_be_summed(key, unit))


def _plain(number: Decimal | None) -> str:
    """435 → "435", 50000000 → "5000万", 2.5e8 → "2.5亿": as a document writes amounts."""
    if number is None:
        return ""
    for size, word in ((Decimal(100000000), "亿"), (Decimal(10000), "万")):
        if abs(number) >= size and (number / size) == (number / size).quantize(Decimal("0.01")):
            return f"{(number / size).normalize():f}{word}"
    return f"{number.normalize():f}"


plain = _plain


def result_figures(tasks) -> list[Fig]:
    """The ledger's quantitative results (tasks.Result) of `tasks`, one query."""
    from zhenggai.tasks.models import Result

    rows = (
        Result.objects.filter(task__in=tasks.values("pk"))
        .order_by("task__finding__position", "id")
        .values_list("value", "unit", "what", "approx", "task_id", "task__finding__label")
    )
    return [
        fig(value, unit, what, approx, task=task_id, label=label)
        for value, unit, what, approx, task_id, label in rows
    ]


def accepted_report_figures(tasks) -> list[Fig]:
    """The figures of the accepted progress reports on `tasks`, one query."""
    from zhenggai.reporting.models import ProgressReport

    rows = (
        ProgressReport.objects.filter(
            task__in=tasks.values("pk"), status=ProgressReport.Status.ACCEPTED
        )
        .order_by("task__finding__position", "period_start", "id")
        .values_list("figures", "task_id", "task__finding__label", "period_start")
    )
    out = []
    for figures, task_id, label, day in rows:
        out += from_report_figures(figures, task=task_id, label=label, date=day.isoformat())
    return out
