from decimal import Decimal

import pytest

from tests.conftest import make_user
from tests.dashboard.conftest import login
from tests.publication.conftest import SEED, seed_text
from zhenggai.accounts.models import Role
from zhenggai.dashboard import stats
from zhenggai.indicators.models import FigureWording
from zhenggai.inspections.importer import import_report
from zhenggai.tasks.models import Result, Task


@pytest.fixture
def seeded(db):
    from reportparser import parse_text

    text = seed_text()
    return import_report(parse_text(text).to_dict(), filename=SEED, text=text).campaign


def test_it_counts_the_seed_as_published(client, seeded):
    office = make_user("office", Role.OFFICE)
    response = login(client, office).get("/")
    summary = response.context["summary"]
    assert summary["total"] == 63
    assert [(s["label"], s["count"]) for s in summary["public"]] == [
        ("已完成整改", 13),
        ("已取得阶段性成效", 31),
        ("长期推进", 19),
    ]
    assert summary["completed_pct"] == Decimal("20.6")
    body = response.content.decode()
    assert "20.6%" in body
    # Every item belongs to one of the categories; the categories add up to 63.
    assert sum(c["total"] for c in response.context["categories"]) == 63


def test_it_sums_the_seeds_figures_only_within_an_indicator(seeded):
    figures = stats.figures(Task.objects.all())
    # Nothing is classified yet: every figure is counted apart, none is summed.
    assert figures["totals"] == [] and figures["unclassified"] > 100
    office = make_user("office", Role.OFFICE)
    investment = FigureWording.create_indicator(office, "完成投资", "元", True)
    FigureWording.confirm(office, "完成投资", "元", investment)
    figures = stats.figures(Task.objects.all())
    [total] = figures["totals"]
    behind = total.figures
    assert len(behind) == 3 and {f.unit for f in behind} == {"元"}
    assert total.value == sum(f.value for f in behind)
    assert figures["unclassified"] == Result.objects.count() - 3


def test_it_draws_the_seed_in_weeks_since_feedback(seeded):
    import datetime

    burn = stats.burndown(Task.objects.all(), datetime.date(2018, 9, 3))
    # Feedback on 2018-07-24 (a Tuesday): weeks from Monday 07-23 to 09-03.
    assert burn["weeks"][0] == datetime.date(2018, 7, 23)
    assert len(burn["weeks"]) == 7


def test_the_page_sums_the_same_figures_from_the_rollups(client, seeded):
    from zhenggai.rollups.read import figures as rolled_up

    def shape(figures):
        return (
            [(t.indicator.pk, t.summed, t.value, t.count) for t in figures["totals"]],
            figures["unclassified"],
        )

    office = make_user("office", Role.OFFICE)
    assert shape(rolled_up(seeded.pk)) == shape(stats.figures(Task.objects.all()))
    investment = FigureWording.create_indicator(office, "完成投资", "元", True)
    FigureWording.confirm(office, "完成投资", "元", investment)
    assert shape(rolled_up(seeded.pk)) == shape(stats.figures(Task.objects.all()))
    [total] = rolled_up(seeded.pk)["totals"]
    assert total.count == 3
    body = login(client, office).get("/").content.decode()
    assert "完成投资" in body
