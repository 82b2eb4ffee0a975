"""A unit sees the feedback handed to it, and its liaison may answer it — but not
publish the answer, and not see who wrote."""

from django.urls import reverse

from tests.feedback.conftest import make_feedback
from zhenggai.feedback.models import Feedback, Status


def test_it_shows_a_unit_only_what_was_handed_to_it(client, world):
    mine = make_feedback(world.campaign, "给住建局的", unit=world.unit, status=Status.ASSIGNED)
    theirs = make_feedback(world.campaign, "给教育局的", unit=world.other, status=Status.ASSIGNED)
    make_feedback(world.campaign, "未交办的")
    client.force_login(world.liaison)
    listed = client.get(reverse("feedback_list")).context["page"].object_list
    assert [f.pk for f in listed] == [mine.pk]
    assert client.get(reverse("feedback_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("feedback_detail", args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("feedback_action", args=[theirs.pk, "reply"]), {"version": 1, "reply": "答复"}
    )
    assert response.status_code == 404
    assert Feedback.objects.get(pk=theirs.pk).reply == ""


def test_it_lets_the_liaison_answer_but_not_publish(client, world):
    feedback = make_feedback(
        world.campaign, unit=world.unit, status=Status.ASSIGNED, name="张三", contact="13800138000"
    )
    client.force_login(world.liaison)
    page = client.get(reverse("feedback_detail", args=[feedback.pk]))
    body = page.content.decode()
    assert "张三" not in body and "13800138000" not in body  # the sender stays with the office
    assert 'name="reply"' in body and 'name="reply_public"' not in body
    assert f'action="/feedback/{feedback.pk}/assign/"' not in body

    response = client.post(
        reverse("feedback_action", args=[feedback.pk, "reply"]),
        {"version": 1, "reply": "已整改。", "reply_public": "on"},
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Status.ANSWERED
    assert feedback.reply == "已整改。" and not feedback.reply_public
    assert feedback.replied_by == world.liaison

    for action in ("link", "assign", "close"):
        r = client.post(reverse("feedback_action", args=[feedback.pk, action]), {"version": 2})
        assert r.status_code == 403, action


def test_it_lets_a_member_read_but_not_answer(client, world):
    feedback = make_feedback(world.campaign, unit=world.unit, status=Status.ASSIGNED)
    client.force_login(world.member)
    assert client.get(reverse("feedback_detail", args=[feedback.pk])).status_code == 200
    r = client.post(
        reverse("feedback_action", args=[feedback.pk, "reply"]), {"version": 1, "reply": "x"}
    )
    assert r.status_code == 403


def test_it_lets_the_office_publish_a_units_answer(client, world):
    feedback = make_feedback(world.campaign, unit=world.unit, status=Status.ASSIGNED)
    feedback.answer(world.liaison, "已整改。")
    client.force_login(world.office)
    response = client.post(
        reverse("feedback_action", args=[feedback.pk, "reply"]),
        {"version": feedback.version, "reply": "已整改。", "reply_public": "on"},
    )
    assert response.status_code == 302
    assert Feedback.objects.get(pk=feedback.pk).reply_public
