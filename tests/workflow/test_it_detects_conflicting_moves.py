"""Two people acting on the same item from pages loaded at the same version: the second
gets Conflict, and what the first did is kept whole."""

import threading

import pytest
from django.db import connection, connections

from tests.workflow._helpers import add_evidence, make_task
from zhenggai.audit.models import AuditEntry
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.tasks.models import Action, Status, Task
from zhenggai.tasks.workflow import Conflict


@pytest.mark.django_db
def test_it_lets_only_the_first_of_two_reviewers_through(world):
    task = make_task(world, Status.IN_PROGRESS)
    add_evidence(world, task)
    task.request_closure(world.lead_liaison, "成效")
    first = Task.objects.get(pk=task.pk)
    second = Task.objects.get(pk=task.pk)
    assert first.version == second.version

    first.office_accept(world.office, "同意")
    with pytest.raises(Conflict) as lost:
        second.office_return(world.office2, "材料不足")

    assert lost.value.status_code == 409
    fresh = Task.objects.get(pk=task.pk)
    assert fresh.status == Status.OFFICE_ACCEPTED
    assert fresh.version == first.version
    assert fresh.transitions.filter(action=Action.OFFICE_RETURN).count() == 0
    assert not AuditEntry.objects.filter(action=Action.OFFICE_RETURN).exists()
    # The loser's instance is untouched: the page reloads and shows the new state.
    assert second.status == Status.CLOSURE_REQUESTED


@pytest.mark.django_db
def test_it_refuses_a_move_on_a_page_older_than_the_item(world):
    task = make_task(world, Status.IN_PROGRESS)
    page_version = task.version
    task.set_assignment(world.office, page_version, leader="李副区长")

    stale = Task.objects.get(pk=task.pk)
    with pytest.raises(Conflict):
        stale.report_staged(world.lead_liaison, "成效", expected_version=page_version)
    with pytest.raises(Conflict):
        task.set_assignment(world.office2, page_version, leader="王副区长")
    assert Task.objects.get(pk=task.pk).leader == "李副区长"


@pytest.mark.django_db
def test_it_refuses_a_claim_when_the_office_changed_the_item_meanwhile(world):
    task = make_task(world, Status.ASSIGNED)
    liaison_page = Task.objects.get(pk=task.pk)
    task.set_assignment(world.office, task.version, lead_unit=world.shared)

    # The liaison's page still shows their unit as lead; the database no longer does.
    with pytest.raises(Conflict):
        liaison_page.claim(world.lead_liaison)
    assert Task.objects.get(pk=task.pk).status == Status.ASSIGNED


@pytest.mark.django_db
def test_it_refuses_a_second_review_of_a_progress_report(world):
    task = make_task(world, Status.IN_PROGRESS)
    report = ProgressReport.file(world.lead_liaison, task, Period.DAY, task.deadline, "进展")
    other = ProgressReport.objects.get(pk=report.pk)
    report.accept(world.office)
    with pytest.raises(Conflict):
        other.return_for_revision(world.office2, "请补充数据")
    assert ProgressReport.objects.get(pk=report.pk).status == ProgressReport.Status.ACCEPTED


@pytest.mark.django_db(transaction=True)
def test_it_lets_one_of_two_simultaneous_reviews_through_on_postgresql(world):
    """Two real connections at once. On SQLite writers queue at BEGIN IMMEDIATE, so only
    PostgreSQL shows the row lock and the re-checked WHERE at work."""
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers")
    task = make_task(world, Status.IN_PROGRESS)
    add_evidence(world, task)
    task.request_closure(world.lead_liaison, "成效")
    barrier = threading.Barrier(2)
    outcomes = []

    def review(user, move):
        try:
            page = Task.objects.get(pk=task.pk)
            barrier.wait()
            move(page, user)
            outcomes.append("done")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=review, args=(world.office, lambda t, u: t.office_accept(u))),
        threading.Thread(
            target=review, args=(world.office2, lambda t, u: t.office_return(u, "退回"))
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["conflict", "done"]
    fresh = Task.objects.get(pk=task.pk)
    assert fresh.status in (Status.OFFICE_ACCEPTED, Status.IN_PROGRESS)
    assert (
        fresh.transitions.filter(to_status=fresh.status).exclude(action="request_closure").count()
        == 1
    )
    assert AuditEntry.objects.filter(action__in=["office_accept", "office_return"]).count() == 1


@pytest.mark.django_db
def test_it_takes_the_version_from_a_form_field(world):
    task = make_task(world, Status.ASSIGNED)
    with pytest.raises(Conflict):
        task.claim(world.lead_liaison, expected_version="not-a-number")
    task.claim(world.lead_liaison, expected_version=str(task.version))
    assert Task.objects.get(pk=task.pk).status == Status.CLAIMED
