"""Task.objects.visible_to and get_task_for, for every role; the predicates templates use;
and the cost of listing."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from tests.workflow._helpers import ROLES, add_evidence, make_task
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.tasks import permissions
from zhenggai.tasks.models import Status, Task
from zhenggai.tasks.permissions import get_task_for

# role: (sees the item, may edit it)
SCOPE = {
    "office": (True, True),
    "leader": (True, False),
    "lead_liaison": (True, True),
    "lead_member": (True, True),
    "shared_liaison": (True, True),
    "other_liaison": (False, False),
    "discipline": (True, False),
    "observer": (True, False),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_scopes_items_by_role_and_unit(world, role):
    task = make_task(world)
    user = getattr(world, role)
    sees, edits = SCOPE[role]

    assert Task.objects.visible_to(user).filter(pk=task.pk).exists() is sees
    if sees:
        assert get_task_for(user, task.pk) == (task, edits)
    else:
        with pytest.raises(Http404):
            get_task_for(user, task.pk)
    assert permissions.can_edit(user, task) is edits


@pytest.mark.django_db
def test_it_shows_nothing_to_anonymous_users_or_unitless_members(world):
    task = make_task(world)
    unitless = world.other_liaison
    unitless.unit = None
    unitless.save()
    for user in (AnonymousUser(), unitless):
        assert not Task.objects.visible_to(user).exists()
        with pytest.raises(Http404):
            get_task_for(user, task.pk)


@pytest.mark.django_db
def test_it_answers_404_for_a_missing_or_malformed_id(world):
    with pytest.raises(Http404):
        get_task_for(world.office, 999999)
    with pytest.raises(Http404):
        get_task_for(world.office, "abc")


@pytest.mark.django_db
def test_it_shows_a_unit_only_the_reports_of_items_it_sees(world):
    shared = make_task(world)
    ProgressReport.file(world.lead_liaison, shared, Period.DAY, shared.deadline, "进展")
    assert ProgressReport.objects.visible_to(world.shared_liaison).count() == 1
    assert ProgressReport.objects.visible_to(world.other_liaison).count() == 0
    assert ProgressReport.objects.visible_to(world.discipline).count() == 1


@pytest.mark.django_db
def test_it_names_the_predicates_after_the_moves(world):
    task = make_task(world, Status.ASSIGNED)
    assert permissions.can_claim(world.lead_liaison, task)
    assert not permissions.can_claim(world.shared_liaison, task)
    task.claim(world.lead_liaison)
    assert permissions.can_report(world.shared_liaison, task)
    assert not permissions.can_request_closure(world.lead_liaison, task)
    ProgressReport.file(world.lead_liaison, task, Period.DAY, task.deadline, "进展")
    task.refresh_from_db()
    assert permissions.can_report_staged(world.lead_liaison, task)
    assert permissions.can_request_closure(world.lead_liaison, task)
    assert permissions.can_request_extension(world.lead_liaison, task)
    add_evidence(world, task)
    task.request_closure(world.lead_liaison, "成效")
    assert permissions.can_review(world.office, task)
    assert not permissions.can_review(world.leader, task)
    task.office_accept(world.office)
    assert permissions.can_approve(world.leader, task)
    assert not permissions.can_approve(world.office, task)
    task.approve(world.leader)
    assert permissions.can_reopen(world.office, task)
    assert not permissions.can_report(world.lead_liaison, task)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["office", "lead_liaison", "shared_liaison"])
def test_it_lists_items_with_their_buttons_in_few_queries(
    world, role, django_assert_max_num_queries
):
    user = getattr(world, role)
    for status in (Status.ASSIGNED, Status.IN_PROGRESS, Status.CLOSURE_REQUESTED) * 5:
        make_task(world, status)
    with django_assert_max_num_queries(3):
        rows = [
            (
                t.finding.label,
                t.lead_unit.name,
                [u.name for u in t.units.all()],
                permissions.can_edit(user, t),
                permissions.can_claim(user, t),
                permissions.can_report(user, t),
                permissions.can_review(user, t),
            )
            for t in Task.objects.visible_to(user)
            .select_related("finding", "lead_unit")
            .prefetch_related("units")
        ]
    assert len(rows) == 15


@pytest.mark.django_db
def test_it_lists_reports_in_few_queries(world, django_assert_max_num_queries):
    for _ in range(5):
        task = make_task(world)
        ProgressReport.file(world.lead_liaison, task, Period.WEEK, task.deadline, "进展")
    with django_assert_max_num_queries(1):
        rows = [
            (r.task.finding.label, r.unit.name, r.author.username, r.get_status_display())
            for r in ProgressReport.objects.visible_to(world.shared_liaison).select_related(
                "task__finding", "unit", "author"
            )
        ]
    assert len(rows) == 5
