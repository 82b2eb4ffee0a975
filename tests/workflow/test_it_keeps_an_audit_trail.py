"""履职留痕: every change leaves an entry, and entries cannot be changed or removed."""

import datetime
import decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.workflow._helpers import DEADLINE, add_evidence, make_task
from zhenggai.audit.models import AuditEntry, json_safe, record, snapshot
from zhenggai.tasks.models import Action, Status, Task, Timeframe, Transition


@pytest.mark.django_db
def test_it_records_who_when_before_and_after_for_each_move(world):
    task = make_task(world, Status.DRAFT, lead=False, timeframe="", deadline=None)
    task.assign(world.office, world.lead, [world.shared], "张区长", DEADLINE, Timeframe.DEADLINE)
    task.claim(world.lead_liaison)

    claim = AuditEntry.objects.get(action=Action.CLAIM)
    assert claim.actor == world.lead_liaison
    assert (claim.object_type, claim.object_id, claim.task_id) == ("task", task.pk, task.pk)
    assert claim.before["status"] == "assigned" and claim.after["status"] == "claimed"
    assert claim.after["version"] == claim.before["version"] + 1

    assignment = AuditEntry.objects.get(action="assignment")
    assert assignment.before == {
        "lead_unit": None,
        "units": [],
        "leader": "",
        "deadline": None,
        "timeframe": "",
    }
    assert assignment.after == {
        "lead_unit": {"id": world.lead.pk, "name": "区河长办"},
        "units": ["沙面街道"],
        "leader": "张区长",
        "deadline": "2018-09-24",
        "timeframe": "deadline",
    }


@pytest.mark.django_db
def test_it_records_the_effect_note_and_the_submitter_of_a_closure_request(world):
    task = make_task(world, Status.STAGED)
    add_evidence(world, task)
    task.request_closure(world.lead_liaison, "河涌水质明显改善")
    entry = AuditEntry.objects.get(action=Action.REQUEST_CLOSURE)
    assert entry.before["effect_note"] == "" and entry.after["effect_note"] == "河涌水质明显改善"
    assert entry.after["closure_requested_by"] == {
        "id": world.lead_liaison.pk,
        "name": "lead_liaison",
    }
    assert entry.note == "河涌水质明显改善"


@pytest.mark.django_db
def test_it_refuses_to_change_or_delete_an_entry(world):
    task = make_task(world, Status.ASSIGNED)
    task.claim(world.lead_liaison)
    entry = AuditEntry.objects.get()
    entry.note = "改写历史"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(note="改写历史")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().note == ""


@pytest.mark.django_db
def test_it_keeps_the_trail_when_the_item_is_deleted(world):
    task = make_task(world, Status.ASSIGNED)
    task.claim(world.lead_liaison)
    moves = list(task.transitions.values_list("pk", flat=True))
    assert moves
    Task.objects.filter(pk=task.pk).delete()
    assert AuditEntry.objects.get().task_id == task.pk
    # The transition log is history too: it outlives the item.
    assert list(Transition.objects.filter(task_id=task.pk).values_list("pk", flat=True)) == moves


@pytest.mark.django_db
def test_it_lists_an_items_trail_in_two_queries_at_most(world, django_assert_max_num_queries):
    task = make_task(world, Status.ASSIGNED)
    task.claim(world.lead_liaison)
    add_evidence(world, task)
    task.set_assignment(world.office, task.version, leader="李副区长")
    with django_assert_max_num_queries(1):
        rows = [(e.actor.username, e.action) for e in AuditEntry.objects.for_task(task)]
    assert [a for _, a in rows] == ["set_assignment", "evidence_attach", "claim"]


def test_it_makes_values_json_safe():
    assert json_safe(
        {
            "d": datetime.date(2018, 11, 27),
            "n": decimal.Decimal("34.5"),
            "s": {"b", "a"},
            "t": (1, None),
            "x": Status.COMPLETED,
        }
    ) == {"d": "2018-11-27", "n": "34.5", "s": ["a", "b"], "t": [1, None], "x": "completed"}


@pytest.mark.django_db
def test_it_snapshots_foreign_keys_and_many_to_many_by_name(world):
    task = make_task(world, Status.ASSIGNED)
    task.units.set([world.shared, world.other])
    assert snapshot(task, ["lead_unit", "units", "deadline", "status"]) == {
        "lead_unit": {"id": world.lead.pk, "name": "区河长办"},
        "units": sorted(["沙面街道", "区教育局"]),
        "deadline": "2018-09-24",
        "status": "assigned",
    }


@pytest.mark.django_db
def test_it_records_anonymous_changes_without_an_actor(world):
    task = make_task(world)
    entry = record(AnonymousUser(), "import", task, {}, {"status": "draft"})
    assert entry.actor is None and entry.task_id == task.pk
