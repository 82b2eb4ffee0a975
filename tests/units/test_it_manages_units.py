from django.urls import reverse

from tests.world import login
from zhenggai.units.models import Unit


def test_it_creates_a_unit(client, world):
    response = login(client, world.office).post(
        reverse("manage_unit_new"),
        {
            "name": "区河长办",
            "kind": "government",
            "aliases": "区水务局\n河长办",
            "position": 5,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="区河长办")
    assert unit.alias_list() == ["区河长办", "区水务局", "河长办"]


def test_it_edits_a_unit_and_sets_its_liaison(client, world):
    login(client, world.office).post(
        reverse("manage_unit", args=[world.lead.pk]),
        {
            "name": "区住房建设局",
            "kind": "government",
            "parent": "",
            "liaison": world.lead_liaison.pk,
            "position": 0,
            "is_active": "on",
        },
    )
    world.lead.refresh_from_db()
    assert world.lead.kind == "government"
    assert world.lead.liaison == world.lead_liaison


def test_it_refuses_a_liaison_from_another_unit(client, world):
    response = login(client, world.office).post(
        reverse("manage_unit", args=[world.lead.pk]),
        {"name": "区住房建设局", "kind": "other", "liaison": world.other_liaison.pk, "position": 0},
    )
    assert response.status_code == 200
    assert "联络员应为本单位的人员" in response.content.decode()


def test_it_refuses_a_unit_as_its_own_parent(client, world):
    child = Unit.objects.create(name="下属", parent=world.lead)
    response = login(client, world.office).post(
        reverse("manage_unit", args=[world.lead.pk]),
        {"name": "区住房建设局", "kind": "other", "parent": child.pk, "position": 0},
    )
    assert response.status_code == 200
    world.lead.refresh_from_db()
    assert world.lead.parent_id is None


def test_it_lists_units(client, world):
    body = login(client, world.office).get(reverse("manage_units")).content.decode()
    assert "区城管局" in body
