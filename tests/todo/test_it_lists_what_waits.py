"""我的待办, role by role: each entry appears when work waits and leaves when it is done."""

import pytest
from django.urls import reverse

from tests.workflow._helpers import add_evidence, make_task
from zhenggai.feedback.models import Feedback
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.tasks.models import Status
from zhenggai.todo.entries import entries_for


def kinds(user):
    return [e.kind for e in entries_for(user)]


@pytest.mark.django_db
def test_a_closure_request_goes_from_the_liaison_to_the_office_to_the_leader(world):
    task = make_task(world, Status.ASSIGNED)
    assert "claim" in kinds(world.lead_liaison)
    task.claim(world.lead_liaison)
    assert "claim" not in kinds(world.lead_liaison)

    ProgressReport.file(world.lead_liaison, task, Period.WEEK, task.deadline, "本周进展")
    task.refresh_from_db()
    add_evidence(world, task)
    task.request_closure(world.lead_liaison, "已完成整改")
    assert "review" in kinds(world.office)
    assert "review" not in kinds(world.lead_liaison)

    task.office_return(world.office, "佐证材料不全,请补充现场照片")
    returned = [e for e in entries_for(world.lead_liaison) if e.kind == "returned"]
    assert len(returned) == 1
    assert returned[0].note == "佐证材料不全,请补充现场照片"
    assert returned[0].url == reverse("task", args=[task.pk])
    assert "review" not in kinds(world.office)

    task.request_closure(world.lead_liaison, "已补充现场照片")
    assert "returned" not in kinds(world.lead_liaison)
    task.office_accept(world.office)
    assert "approve" in kinds(world.leader)
    task.approve(world.leader)
    assert "approve" not in kinds(world.leader)


@pytest.mark.django_db
def test_the_requester_is_not_asked_to_review_their_own_request(world):
    task = make_task(world, Status.IN_PROGRESS)
    add_evidence(world, task)
    task.request_closure(world.lead_liaison, "已完成整改")
    assert "review" not in kinds(world.lead_liaison)
    assert "review" in kinds(world.office)


@pytest.mark.django_db
def test_feedback_waits_for_the_office_then_for_the_unit(world):
    feedback = Feedback.objects.create(campaign=world.campaign, message="河涌又发臭了")
    assert "feedback" in kinds(world.office)
    feedback.assign_to_unit(world.office, world.lead)
    assert "feedback" not in kinds(world.office)
    assert "feedback" in kinds(world.lead_liaison)
    assert "feedback" not in kinds(world.other_liaison)
    feedback.refresh_from_db()
    feedback.answer(world.lead_liaison, "已组织清淤")
    assert "feedback" not in kinds(world.lead_liaison)


@pytest.mark.django_db
def test_an_extension_request_waits_for_the_office(world):
    import datetime

    task = make_task(world, Status.IN_PROGRESS)
    extension = task.request_extension(
        world.lead_liaison, task.deadline + datetime.timedelta(days=30), "汛期施工受限"
    )
    assert "extension" in kinds(world.office)
    extension.approve(world.office, "同意")
    assert "extension" not in kinds(world.office)
    assert "extension_decided" in kinds(world.lead_liaison)


@pytest.mark.django_db
def test_the_observer_reads_a_summary_instead(client, world):
    make_task(world, Status.IN_PROGRESS)
    assert entries_for(world.observer) == []
    client.force_login(world.observer)
    body = client.get(reverse("todo")).content.decode()
    assert "只读" in body


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["office", "leader", "lead_liaison", "discipline"])
def test_the_page_and_the_api_take_a_bounded_number_of_queries(
    client, world, role, django_assert_max_num_queries
):
    for status in (Status.ASSIGNED, Status.CLOSURE_REQUESTED, Status.OFFICE_ACCEPTED) * 5:
        make_task(world, status)
    user = getattr(world, role)
    client.force_login(user)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("todo"))
    assert response.status_code == 200
    from zhenggai.api.models import ApiToken

    _token, key = ApiToken.issue(user, "t")
    with django_assert_max_num_queries(20):
        response = client.get(reverse("api-v1:todo"), HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert [e["kind"] for e in response.json()] == kinds(user)


@pytest.mark.django_db
def test_a_unit_without_a_liaison_waits_for_the_account_administrator(world):
    from tests.conftest import make_unit, make_user
    from zhenggai.accounts.models import Role

    admin = make_user("sysadmin-todo", Role.ADMIN)
    unit = make_unit("区党群服务中心")
    make_unit("区已撤并单位", is_active=False)
    entries = [e for e in entries_for(admin) if e.kind == "no_liaison"]
    assert [e.subject for e in entries] == [unit.name]
    assert entries[0].url == reverse("manage_user_new")
    assert "no_liaison" not in kinds(world.office)  # accounts are the administrator's

    unit.liaison = make_user("ll-dqfw", Role.LIAISON, unit)
    unit.save(update_fields=["liaison"])
    assert "no_liaison" not in kinds(admin)


@pytest.mark.django_db
def test_a_review_is_late_by_how_long_it_has_waited_not_by_the_items_deadline(world):
    """The item's deadline passed long ago; the closure request, the report and the
    extension were sent just now: nothing is late for the reviewer until each has waited
    REVIEW_WAIT (todo.entries, the one rule for reviews)."""
    import datetime

    from zhenggai.lib import clock
    from zhenggai.todo.entries import REVIEW_WAIT

    task = make_task(world, Status.IN_PROGRESS)
    assert task.deadline < clock.today()
    ProgressReport.file(world.lead_liaison, task, Period.WEEK, clock.today(), "本周进展")
    task.refresh_from_db()
    task.request_extension(world.lead_liaison, clock.today() + datetime.timedelta(days=30), "需时")
    add_evidence(world, task)
    task.refresh_from_db()
    task.request_closure(world.lead_liaison, "已完成整改")
    waiting = ("review", "report_review", "extension")

    def office(now):
        return {e.kind: e for e in entries_for(world.office, now=now) if e.kind in waiting}

    fresh = office(clock.now())
    assert set(fresh) == set(waiting)
    assert not any(e.overdue for e in fresh.values())
    for entry in fresh.values():
        assert entry.due - entry.since == REVIEW_WAIT
    late = office(clock.now() + REVIEW_WAIT + datetime.timedelta(minutes=1))
    assert all(e.overdue for e in late.values())

    task.office_accept(world.office)
    [approve] = [e for e in entries_for(world.leader) if e.kind == "approve"]
    assert not approve.overdue
