"""Every URL for every role: office, leader, discipline, observer, the liaison of the
assigned unit, a liaison of another unit, anonymous."""

import pytest
from django.urls import reverse

from tests.feedback.conftest import make_feedback
from zhenggai.feedback.models import Feedback, Status

READERS = ["leader", "discipline", "observer"]


@pytest.fixture
def assigned(world):
    return make_feedback(world.campaign, unit=world.unit, status=Status.ASSIGNED)


def action_url(feedback, action):
    return reverse("feedback_action", args=[feedback.pk, action])


def test_it_serves_the_office_everything(client, world, assigned):
    client.force_login(world.office)
    for url in (
        reverse("feedback_list"),
        reverse("feedback_new"),
        reverse("feedback_detail", args=[assigned.pk]),
    ):
        assert client.get(url).status_code == 200, url
    body = client.get(reverse("feedback_detail", args=[assigned.pk])).content.decode()
    for action in ("link", "assign", "reply", "close"):
        assert action_url(assigned, action) in body


@pytest.mark.parametrize("who", READERS)
def test_it_lets_readers_read_only(client, world, assigned, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("feedback_list")).status_code == 200
    response = client.get(reverse("feedback_detail", args=[assigned.pk]))
    assert response.status_code == 200
    assert '<form method="post" action="/feedback/' not in response.content.decode()
    assert client.get(reverse("feedback_new")).status_code == 403
    assert client.post(reverse("feedback_new"), {}).status_code == 403
    for action in ("link", "assign", "reply", "close"):
        r = client.post(action_url(assigned, action), {"version": 1, "reply": "x"})
        assert r.status_code == 403, action
    assert Feedback.objects.get(pk=assigned.pk).version == 1


def test_it_gives_the_assigned_units_liaison_its_own(client, world, assigned):
    client.force_login(world.liaison)
    assert client.get(reverse("feedback_list")).status_code == 200
    assert client.get(reverse("feedback_detail", args=[assigned.pk])).status_code == 200
    assert client.get(reverse("feedback_new")).status_code == 403
    for action in ("link", "assign", "close"):
        assert client.post(action_url(assigned, action), {"version": 1}).status_code == 403


def test_it_hides_it_from_another_units_liaison(client, world, assigned):
    client.force_login(world.other_liaison)
    listed = client.get(reverse("feedback_list")).context["page"].object_list
    assert list(listed) == []
    assert client.get(reverse("feedback_detail", args=[assigned.pk])).status_code == 404
    assert client.get(reverse("feedback_new")).status_code == 403
    for action in ("link", "assign", "reply", "close"):
        r = client.post(action_url(assigned, action), {"version": 1, "reply": "x"})
        assert r.status_code == 404, action


def test_it_sends_anonymous_users_to_login(client, world, assigned):
    login = reverse("login")
    for url in (
        reverse("feedback_list"),
        reverse("feedback_new"),
        reverse("feedback_detail", args=[assigned.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(login), url
    for action in ("link", "assign", "reply", "close"):
        response = client.post(action_url(assigned, action), {"version": 1})
        assert response.status_code == 302 and response.url.startswith(login)
    assert client.get(reverse("feedback_public")).status_code == 200


def test_it_refuses_get_on_actions(client, world, assigned):
    client.force_login(world.office)
    assert client.get(action_url(assigned, "close")).status_code == 405
    assert client.post(reverse("feedback_list")).status_code == 405


def test_it_links_from_the_navigation(client, world):
    for who, shown in [("office", True), ("observer", True), ("liaison", True)]:
        client.force_login(getattr(world, who))
        body = client.get(reverse("feedback_list")).content.decode()
        assert (f'href="{reverse("feedback_list")}"' in body) is shown
