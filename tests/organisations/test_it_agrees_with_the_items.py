"""The oversight rows read from the rollups are the figures computed from the items.

Random histories (the rollups' own generator: moves, reports, returns, extensions,
reassignments, through the model methods) in two campaigns then handed to two districts
of a city, the units spread over the city, the districts and a street; then `rows(city)` is compared,
for several days, with a direct computation over the items by the dashboard's rules.
"""

import datetime

import pytest
from django.db import transaction
from django.db.models import CharField, Count, Q
from django.db.models.functions import Substr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.rollups.test_it_agrees_with_a_recomputation import START, apply, at, build, operation
from zhenggai.dashboard import stats
from zhenggai.inspections.models import Campaign
from zhenggai.lib import clock
from zhenggai.organisations import oversight
from zhenggai.organisations.models import STEP, Organisation
from zhenggai.tasks.models import Status, Task, Transition
from zhenggai.tasks.workflow import WorkflowError
from zhenggai.units.models import Unit


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def direct(org, today, now):
    """{subordinate path: figures} from the items, transitions and reports themselves."""

    def branch(path):
        return Substr(path, 1, len(org.path) + STEP, output_field=CharField())

    below = Task.objects.filter(finding__campaign__owner__path__startswith=org.path).exclude(
        finding__campaign__owner=org
    )
    out = {
        o.path: {"items": 0, "completed": 0, "overdue": 0, "expected": 0, "on_time": 0, "recent": 0}
        for o in Organisation.objects.filter(parent=org)
    }
    for c in (
        below.annotate(b=branch("finding__campaign__owner__path"))
        .values("b")
        .annotate(
            n=Count("pk"),
            done=Count("pk", filter=Q(status=Status.COMPLETED)),
            late=Count("pk", filter=stats.overdue_q(today)),
        )
        .order_by()
    ):
        out[c["b"]].update(items=c["n"], completed=c["done"], overdue=c["late"])
    scores = stats.ranking(below, today)
    unit_branch = dict(Unit.objects.annotate(b=branch("organisation__path")).values_list("pk", "b"))
    for s in scores:
        if unit_branch.get(s.unit_id) in out:
            out[unit_branch[s.unit_id]]["expected"] += s.expected_reports
            out[unit_branch[s.unit_id]]["on_time"] += s.on_time_reports
    since = now - datetime.timedelta(days=oversight.RECENT_DAYS)
    for t in Transition.objects.filter(task__in=below, at__gte=since).select_related(
        "task__finding__campaign__owner"
    ):
        out[t.task.finding.campaign.owner.path[: len(org.path) + STEP]]["recent"] += 1
    return out


def shape(rows):
    return {
        r.path: {
            "items": r.items,
            "completed": r.completed,
            "overdue": r.overdue,
            "expected": r.expected_reports,
            "on_time": r.on_time_reports,
            "recent": r.recent_changes,
        }
        for r in rows
    }


@pytest.mark.heavy
@pytest.mark.django_db
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(operation, min_size=20, max_size=60), st.integers(0, 26))
def test_the_rows_are_the_items_figures(ops, placing):
    with transaction.atomic():
        with clock.frozen(at(START - datetime.timedelta(days=7))):
            w = build()
            city = Organisation.create(None, "广州市", Organisation.Kind.CITY)
            a = Organisation.create(None, "甲区", Organisation.Kind.DISTRICT, city)
            b = Organisation.create(None, "乙区", Organisation.Kind.DISTRICT, city)
            street = Organisation.create(None, "甲区某街道", Organisation.Kind.STREET, a)
        day = START
        for op, i, gap, arg in ops:
            day += datetime.timedelta(days=gap)
            with clock.frozen(at(day, 9 + arg)):
                try:
                    with transaction.atomic():
                        apply(w, op, i, day, arg)
                except WorkflowError:
                    pass
        # Then the campaigns go to two districts and each unit to the city itself, a
        # district or the street below one (the history was made by one office, which
        # keeps only its own organisation's campaigns). The rollups' keys are campaigns
        # and units: nothing of them changes.
        Campaign.objects.filter(pk=w.campaign.pk).update(owner=a)
        Campaign.objects.filter(pk=w.other.pk).update(owner=b)
        places = (city, a, b, street)
        for i, unit in enumerate(w.units):
            Unit.objects.filter(pk=unit.pk).update(organisation=places[(placing // 4**i) % 4])
        for today in (day, day + datetime.timedelta(days=12), START + datetime.timedelta(days=5)):
            now = at(today, 18)
            rows = oversight.rows(city, today=today, now=now)
            assert shape(rows) == direct(city, today, now)
            for r in rows:
                assert [c["pk"] for c in r.campaigns] == (
                    [w.campaign.pk if r.organisation == a else w.other.pk] if r.items else []
                )
        transaction.set_rollback(True)
