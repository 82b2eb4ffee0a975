"""A change committed by a process that died before re-indexing it is found all the
same once the worker has run: what to re-index is written in the change's transaction."""

import datetime

import pytest

from tests.conftest import make_unit, make_user
from tests.world import make_campaign, make_finding, make_task
from zhenggai.accounts.models import Role
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.rhythm.planner import run_once
from zhenggai.search import index
from zhenggai.search.models import PendingIndex
from zhenggai.search.query import search
from zhenggai.tasks.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(django_capture_on_commit_callbacks):
    unit = make_unit("区公安分局")
    campaign = make_campaign()
    finding = make_finding(campaign, "(21)", "针对电信诈骗高发的问题")
    with django_capture_on_commit_callbacks(execute=True):
        task = make_task(finding, unit, measure="打击电信诈骗", status=Status.IN_PROGRESS)
    return task


def file_report(task):
    liaison = make_user("ll", role=Role.LIAISON, unit=task.lead_unit)
    return ProgressReport.file(
        liaison, task, Period.WEEK, datetime.date(2018, 8, 6), "本周捣毁电诈窝点3处。"
    )


def test_the_worker_indexes_what_a_dead_process_committed(item, django_capture_on_commit_callbacks):
    office = make_user("office", role=Role.OFFICE)
    # The transaction commits; the process dies before its on-commit callbacks run.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        file_report(item)
    assert callbacks, "the re-indexing waits for the commit"
    assert PendingIndex.objects.filter(kind="task", object_id=item.pk).exists()
    assert not search(office, "电诈窝点")[0].exists()

    result = run_once(deliver=False)

    assert result["search_index"] >= 1
    assert [e.kind for e in search(office, "电诈窝点")[0]] == ["report"]
    assert not PendingIndex.objects.exists()
    assert run_once(deliver=False)["search_index"] == 0


def test_a_failed_reindexing_leaves_the_change_committed_and_queued(
    item, django_capture_on_commit_callbacks, monkeypatch
):
    office = make_user("office", role=Role.OFFICE)

    def broken(keys):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(index, "reindex", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = file_report(item)  # the failure is logged, not raised to the request
    assert ProgressReport.objects.filter(pk=report.pk).exists()
    assert PendingIndex.objects.exists()
    monkeypatch.undo()

    run_once(deliver=False)

    assert [e.kind for e in search(office, "电诈窝点")[0]] == ["report"]
    assert not PendingIndex.objects.exists()


def test_the_commit_itself_indexes_and_clears_its_outbox(item, django_capture_on_commit_callbacks):
    office = make_user("office", role=Role.OFFICE)
    with django_capture_on_commit_callbacks(execute=True):
        file_report(item)
    assert [e.kind for e in search(office, "电诈窝点")[0]] == ["report"]
    assert not PendingIndex.objects.exists()
