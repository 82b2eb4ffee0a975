import pytest
from django.urls import reverse

from tests.world import login
from zhenggai.tasks.models import Status


def url(unit):
    return reverse("unit", args=[unit.pk])


@pytest.mark.parametrize(
    "who, unit, status",
    [
        ("office", "lead", 200),
        ("leader", "other", 200),
        ("discipline", "shared", 200),
        ("observer", "lead", 200),
        ("lead_liaison", "lead", 200),
        ("lead_liaison", "shared", 404),
        ("shared_liaison", "shared", 200),
        ("shared_liaison", "lead", 404),
        ("other_liaison", "lead", 404),
        ("other_liaison", "other", 200),
    ],
)
def test_it_lets_each_role_in_or_not(client, world, who, unit, status):
    response = login(client, getattr(world, who)).get(url(getattr(world, unit)))
    assert response.status_code == status


def test_it_sends_anonymous_users_to_login(client, world):
    for target in (url(world.lead), reverse("my_unit"), reverse("units")):
        response = client.get(target)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_it_shows_what_the_unit_leads_shares_and_has_late(client, world, today):
    response = login(client, world.shared_liaison).get(url(world.shared))
    ctx = response.context
    assert [t.finding.label for t in ctx["led"]] == ["(2)"]
    assert [t.finding.label for t in ctx["shared"]] == ["(1)"]
    assert [t.finding.label for t in ctx["overdue"]] == ["(1)"]
    assert ctx["unclaimed"] == []
    assert "区城管局" in response.content.decode()


def test_it_lists_what_is_not_claimed_yet(client, world):
    ctx = login(client, world.other_liaison).get(url(world.other)).context
    assert [t.status for t in ctx["unclaimed"]] == [Status.ASSIGNED]


def test_it_names_the_liaison(client, world):
    body = login(client, world.office).get(url(world.lead)).content.decode()
    assert "住建联络员" in body


def test_it_redirects_my_unit_to_the_users_unit(client, world):
    response = login(client, world.lead_liaison).get(reverse("my_unit"))
    assert response.status_code == 302
    assert response.url == url(world.lead)


def test_it_redirects_my_unit_to_the_list_for_the_office(client, world):
    response = login(client, world.office).get(reverse("my_unit"))
    assert response.url == reverse("units")


def test_it_answers_404_for_my_unit_without_a_unit(client, world):
    from tests.conftest import make_user

    client.force_login(make_user("nobody"))
    assert client.get(reverse("my_unit")).status_code == 404


@pytest.mark.parametrize("who", ["office", "leader", "discipline", "observer"])
def test_it_lists_units_for_whole_ledger_roles(client, world, who, today):
    response = login(client, getattr(world, who)).get(reverse("units"))
    assert response.status_code == 200
    units = {u.name: u for u in response.context["units"]}
    assert (units["区住房建设局"].n_led, units["区住房建设局"].n_overdue) == (1, 1)
    assert units["区城管局"].n_shared == 1


def test_it_sends_unit_people_from_the_list_to_their_unit(client, world):
    response = login(client, world.lead_liaison).get(reverse("units"))
    assert response.status_code == 302
    assert response.url == reverse("my_unit")


def test_it_takes_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    from tests.world import make_campaign, make_ledger

    make_ledger(make_campaign("二"), 80, world.lead, [world.shared])
    login(client, world.office)
    with django_assert_max_num_queries(16):
        response = client.get(url(world.lead))
    assert len(response.context["led"]) == 81
    with django_assert_max_num_queries(10):
        client.get(reverse("units"))
