from decimal import Decimal

import pytest

from tests.conftest import make_user
from tests.dashboard.conftest import login
from tests.publication.conftest import SEED, seed_text
from zhenggai.accounts.models import Role
from zhenggai.dashboard import stats
from zhenggai.inspections.importer import import_report
from zhenggai.tasks.models import Task


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


def test_it_sums_the_seeds_figures_by_unit_of_measure(seeded):
    figures = stats.figures(Task.objects.all())
    units = {r["unit"]: r for r in figures["overall"]}
    assert units, "the seed reports quantities"
    assert "万元" not in units and "亿元" not in units  # folded into 元
    assert all(r["total"] >= 0 for r in figures["overall"])


def test_it_draws_the_seed_in_weeks_since_feedback(seeded):
    import datetime

    burn = stats.burndown(Task.objects.all(), datetime.date(2018, 9, 3))
    # Feedback on 2018-07-24 (a Tuesday): weeks from Monday 07-23 to 09-03.
    assert burn["weeks"][0] == datetime.date(2018, 7, 23)
    assert len(burn["weeks"]) == 7
