"""Every office page: 200 for the office, 403 for every other role, login for anonymous."""

import pytest
from django.urls import reverse

from tests.world import login

OTHERS = ["leader", "discipline", "observer", "lead_liaison", "shared_liaison", "other_liaison"]


def office_urls(world):
    f = world.category
    return [
        reverse("manage"),
        reverse("manage_inspections"),
        reverse("manage_inspection_new"),
        reverse("manage_inspection", args=[world.campaign.inspections.first().pk]),
        reverse("manage_findings"),
        reverse("manage_finding_new") + f"?campaign={world.campaign.pk}",
        reverse("manage_finding", args=[f.pk]),
        reverse("manage_units"),
        reverse("manage_unit_new"),
        reverse("manage_unit", args=[world.lead.pk]),
        reverse("manage_users"),
        reverse("manage_user_new"),
        reverse("manage_user", args=[world.lead_liaison.pk]),
        reverse("manage_user_password", args=[world.lead_liaison.pk]),
    ]


def form_urls(world):
    """The pages that take a POST; the lists are GET only (405 otherwise)."""
    return [
        url
        for url in office_urls(world)
        if "/new/" in url or url.rstrip("/")[-1].isdigit() or url.endswith("password/")
    ]


def test_it_serves_the_office(client, world):
    login(client, world.office)
    for url in office_urls(world):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", OTHERS)
def test_it_forbids_other_roles(client, world, who):
    login(client, getattr(world, who))
    for url in office_urls(world):
        assert client.get(url).status_code == 403, url
    for url in form_urls(world):
        assert client.post(url, {}).status_code == 403, url


def test_it_sends_anonymous_users_to_login(client, world):
    for url in office_urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login"))
    for url in form_urls(world):
        response = client.post(url, {})
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login"))


def test_it_refuses_other_methods(client, world):
    login(client, world.office)
    assert client.delete(reverse("manage_unit", args=[world.lead.pk])).status_code == 405
    assert client.post(reverse("manage_units")).status_code == 405


def test_it_checks_csrf(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.office)
    response = client.post(reverse("manage_unit_new"), {"name": "新单位", "kind": "other"})
    assert response.status_code == 403
