"""建立整改任务 in the office's findings manager: a DRAFT item on a leaf without one."""

import pytest
from django.urls import reverse

from tests.world import login, make_finding
from zhenggai.audit.models import AuditEntry
from zhenggai.tasks.models import Action, Status, Task


def url(finding):
    return reverse("manage_finding_task", args=[finding.pk])


@pytest.fixture
def leaf(world):
    return make_finding(world.campaign, "(4)", "针对<b>干部</b>作风不实的问题", world.problem)


def findings_page(client, world):
    return client.get(reverse("manage_findings"), {"campaign": world.campaign.pk})


def test_it_offers_the_action_on_leaves_without_an_item_only(client, world, leaf):
    body = findings_page(login(client, world.office), world).content.decode()
    assert f'action="{url(leaf)}"' in body
    assert body.count("建立整改任务") == 1  # not on categories, problems or items
    assert "针对&lt;b&gt;干部&lt;/b&gt;作风不实的问题" in body


def test_it_creates_a_draft_and_opens_it(client, world, leaf):
    response = login(client, world.office).post(url(leaf), {"measure": "加强作风建设"})
    task = Task.objects.get(finding=leaf)
    assert response.status_code == 302
    assert response.url == reverse("task", args=[task.pk])
    assert (task.status, task.measure) == (Status.DRAFT, "加强作风建设")
    assert task.transitions.get().action == Action.CREATE
    assert AuditEntry.objects.get(task_id=task.pk).action == "create"
    # The office can assign it from there.
    body = client.get(response.url).content.decode()
    assert reverse("task_move", args=[task.pk, "assign"]) in body


def test_it_refuses_a_finding_with_children_with_409(client, world):
    response = login(client, world.office).post(url(world.problem))
    assert response.status_code == 409
    assert "下级问题" in response.content.decode()
    assert not Task.objects.filter(finding=world.problem).exists()


def test_it_refuses_a_finding_that_has_its_item_with_409(client, world):
    response = login(client, world.office).post(url(world.t1.finding))
    assert response.status_code == 409
    assert "已有整改任务" in response.content.decode()
    assert Task.objects.filter(finding=world.t1.finding).count() == 1


@pytest.mark.parametrize(
    "who", ["leader", "discipline", "observer", "lead_liaison", "other_liaison"]
)
def test_it_is_for_the_office_only(client, world, leaf, who):
    assert login(client, getattr(world, who)).post(url(leaf)).status_code == 403
    assert not Task.objects.filter(finding=leaf).exists()


def test_it_answers_get_with_405_and_unknown_findings_with_404(client, world, leaf):
    office = login(client, world.office)
    assert office.get(url(leaf)).status_code == 405
    assert office.post(reverse("manage_finding_task", args=[99999])).status_code == 404


def test_it_needs_the_csrf_token(world, leaf):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.office)
    assert client.post(url(leaf)).status_code == 403
    assert not Task.objects.filter(finding=leaf).exists()
