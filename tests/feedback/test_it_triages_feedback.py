"""The office's triage on /feedback/<id>/: link to an item, assign to a unit, reply
(publicly), close — each one audited, each one guarded against a stale page."""

import pytest
from django.urls import reverse

from tests.feedback.conftest import make_feedback
from zhenggai.audit.models import AuditEntry
from zhenggai.feedback.models import Feedback, Status
from zhenggai.tasks.workflow import Conflict, MoveNotAllowed, WrongState


def act(client, feedback, action, **data):
    data.setdefault("version", Feedback.objects.get(pk=feedback.pk).version)
    return client.post(reverse("feedback_action", args=[feedback.pk, action]), data)


def test_it_runs_the_whole_flow(client, world):
    feedback = make_feedback(world.campaign, name="张三", contact="13800000000")
    client.force_login(world.office)

    assert act(client, feedback, "link", item=world.t1.pk).status_code == 302
    assert act(client, feedback, "assign", unit=world.unit.pk).status_code == 302
    response = act(client, feedback, "reply", reply="已督促整改,通道已清理。", reply_public="on")
    assert response.status_code == 302
    assert act(client, feedback, "close", note="群众满意").status_code == 302

    feedback.refresh_from_db()
    assert feedback.item == world.t1
    assert feedback.unit == world.unit
    assert feedback.reply == "已督促整改,通道已清理。" and feedback.reply_public
    assert feedback.replied_by == world.office and feedback.replied_at
    assert feedback.status == Status.CLOSED
    assert feedback.closed_by == world.office and feedback.close_note == "群众满意"
    assert feedback.version == 5

    entries = list(
        AuditEntry.objects.filter(object_type="feedback", object_id=feedback.pk).order_by("id")
    )
    assert [e.action for e in entries] == [
        "feedback_link",
        "feedback_assign",
        "feedback_reply",
        "feedback_close",
    ]
    assert all(e.actor == world.office for e in entries)
    assert entries[1].before["status"] == "new" and entries[1].after["status"] == "assigned"
    assert entries[1].after["unit"] == {"id": world.unit.pk, "name": "区住房建设局"}
    # The trail never copies the sender's name or contact.
    for e in entries:
        assert "张三" not in str(e.before) + str(e.after)
        assert "13800000000" not in str(e.before) + str(e.after)

    page = client.get(reverse("feedback_detail", args=[feedback.pk])).content.decode()
    assert "已办结" in page and "交办" in page and "张三" in page


def test_it_refuses_a_stale_page(client, world):
    feedback = make_feedback(world.campaign)
    client.force_login(world.office)
    act(client, feedback, "assign", unit=world.unit.pk, version=1)
    response = act(client, feedback, "assign", unit=world.other.pk, version=1)
    assert response.status_code == 409
    assert Feedback.objects.get(pk=feedback.pk).unit == world.unit


def test_it_refuses_moves_from_the_wrong_state(world):
    feedback = make_feedback(world.campaign)
    feedback.close(world.office)
    with pytest.raises(WrongState):
        feedback.assign_to_unit(world.office, world.unit)
    with pytest.raises(WrongState):
        feedback.answer(world.office, "答复")
    assert AuditEntry.objects.filter(object_id=feedback.pk).count() == 1


def test_it_loses_a_race_cleanly(world):
    feedback = make_feedback(world.campaign)
    stale = Feedback.objects.get(pk=feedback.pk)
    feedback.assign_to_unit(world.office, world.unit)
    with pytest.raises(Conflict):
        stale.close(world.office)
    assert Feedback.objects.get(pk=feedback.pk).status == Status.ASSIGNED


def test_it_keeps_moves_to_the_office(world):
    feedback = make_feedback(world.campaign)
    for user in (world.leader, world.observer, world.discipline, world.liaison):
        with pytest.raises(MoveNotAllowed):
            feedback.assign_to_unit(user, world.unit)
        with pytest.raises(MoveNotAllowed):
            feedback.close(user)
        with pytest.raises(MoveNotAllowed):
            feedback.link_to_item(user, world.t1)


def test_it_links_only_items_of_the_campaign(client, world):
    from tests.feedback.conftest import make_task
    from zhenggai.inspections.models import Campaign

    elsewhere = make_task(Campaign.objects.create(name="另一轮整改"), "(1)", "别处的事项")
    feedback = make_feedback(world.campaign)
    client.force_login(world.office)
    assert act(client, feedback, "link", item=elsewhere.pk).status_code == 400
    assert Feedback.objects.get(pk=feedback.pk).item is None


def test_it_needs_a_reply_text_and_a_unit(client, world):
    feedback = make_feedback(world.campaign)
    client.force_login(world.office)
    assert act(client, feedback, "reply", reply="  ").status_code == 400
    assert act(client, feedback, "assign").status_code == 400
    assert Feedback.objects.get(pk=feedback.pk).version == 1


def test_it_answers_unknown_actions_with_404(client, world):
    feedback = make_feedback(world.campaign)
    client.force_login(world.office)
    assert act(client, feedback, "delete").status_code == 404
