"""`zhenggai search-index` builds the whole index (in several processes on PostgreSQL and
SQLite alike); `--check` names what is missing, stale or orphaned and exits 1."""

import datetime
import io

import pytest
from django.core.management import call_command

from tests.conftest import make_unit, make_user
from tests.world import make_campaign, make_finding, make_ledger
from zhenggai.accounts.models import Role
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.search import bulk
from zhenggai.search.models import SearchEntry
from zhenggai.search.query import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger():
    unit = make_unit("区公安分局")
    campaign = make_campaign()
    tasks = make_ledger(campaign, 12, lead_unit=unit)
    liaison = make_user("ll", role=Role.LIAISON, unit=unit)
    for i, task in enumerate(tasks):
        ProgressReport.file(
            liaison, task, Period.WEEK, datetime.date(2018, 8, 6), f"本周整治河涌{i}宗,台账已更新。"
        )
    outline = make_finding(campaign, "(一)", "对扶贫工作重视不够问题的整改")
    # What COPY must escape: a tab, a backslash, line ends.
    type(outline).objects.filter(pk=outline.pk).update(text="一\t二\\三\n四\r\n五")
    return tasks


def entries():
    return sorted(
        SearchEntry.objects.values_list("kind", "object_id", "task_id", "title", "text", "tokens")
    )


def run_check():
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("search_index", "--check", stdout=out)
    return exited.value.code, out.getvalue()


def test_it_builds_the_same_index_in_one_process_or_two(ledger):
    one = bulk.build(processes=1)
    first = entries()
    two = bulk.build(processes=2)
    assert one.entries == two.entries == len(first) > 24
    assert entries() == first
    office = make_user("office", role=Role.OFFICE)
    assert search(office, "台账")[0].count() == 12
    assert search(office, "扶贫")[0].exists()


@pytest.mark.django_db(transaction=True)
def test_it_builds_the_same_index_outside_a_transaction(ledger):
    """The command's own case: no transaction around it, so on PostgreSQL a thread reads
    the records on its own connection while the entries are written."""
    one = bulk.build(processes=1)
    first = entries()
    two = bulk.build(processes=2)
    assert one.entries == two.entries == len(first) > 24
    assert entries() == first
    assert bulk.check().clean


def test_it_reports_drift_and_a_rebuild_clears_it(ledger):
    call_command("search_index", stdout=io.StringIO())
    out = io.StringIO()
    call_command("search_index", "--check", stdout=out)  # no exit: clean
    assert "一致" in out.getvalue()

    report = ProgressReport.objects.first()
    ProgressReport.objects.filter(pk=report.pk).update(text="改过的文字")  # no signal: stale
    missing = SearchEntry.objects.filter(kind="measure").first()
    missing.delete()
    SearchEntry.objects.create(kind="report", object_id=999_999, title="孤儿", text="", tokens="")

    code, text = run_check()

    assert code == 1
    assert "缺失 1 条" in text and f"measure#{missing.object_id}" in text
    assert "过期 1 条" in text and f"report#{report.pk}" in text
    assert "多余 1 条" in text and "report#999999" in text

    call_command("search_index", stdout=io.StringIO())
    out = io.StringIO()
    call_command("search_index", "--check", stdout=out)
    assert "缺失 0 条" in out.getvalue()
