"""`zhenggai rollups --check` finds a count that drifted (exit 1, naming it);
`--rebuild` recomputes everything from the items."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from tests.conftest import make_unit
from tests.dashboard.conftest import history, make_campaign, make_finding, make_task
from zhenggai.rollups.models import ItemFacts, StatusCount, WeekCount
from zhenggai.tasks.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger():
    unit = make_unit("区住房建设局")
    campaign = make_campaign()
    category = make_finding(campaign, "(一)", "类别")
    for i in range(3):
        task = make_task(make_finding(campaign, f"({i})", "具体问题", category), unit)
        history(task, (datetime.date(2018, 8, 1), Status.ASSIGNED, Status.IN_PROGRESS))
    return campaign


def test_it_agrees_after_the_moves(ledger, capsys):
    call_command("rollups", "--check")
    assert "agree" in capsys.readouterr().out


def test_it_finds_drift_and_rebuilds(ledger, capsys):
    StatusCount.objects.filter(status=Status.IN_PROGRESS).update(n=F("n") + 1)
    with pytest.raises(CommandError) as refused:
        call_command("rollups", "--check")
    assert refused.value.returncode == 1
    assert "StatusCount" in capsys.readouterr().err

    WeekCount.objects.all().delete()
    ItemFacts.objects.all().delete()
    call_command("rollups", "--rebuild")
    assert "items 3" in capsys.readouterr().out
    call_command("rollups", "--check")
    assert StatusCount.objects.get(status=Status.IN_PROGRESS).n == 3
