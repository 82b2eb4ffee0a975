import pytest
from django.urls import reverse

from tests.world import login


@pytest.mark.parametrize(
    "who", ["office", "leader", "discipline", "observer", "lead_liaison", "other_liaison"]
)
def test_it_serves_every_role(client, world, who):
    response = login(client, getattr(world, who)).get("/")
    assert response.status_code == 200
    assert "荔湾区巡视整改" in response.content.decode()


def test_it_sends_anonymous_users_to_login(client, world):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_counts_only_what_the_user_sees(client, world, today):
    campaign = login(client, world.office).get("/").context["campaigns"][0]
    assert campaign.total == 3
    assert campaign.overdue == 1
    assert [c["count"] for c in campaign.public_counts] == [0, 1, 1]

    client.force_login(world.other_liaison)
    campaign = client.get("/").context["campaigns"][0]
    assert campaign.total == 1
    assert campaign.overdue == 0


def test_it_links_to_the_ledger(client, world):
    body = login(client, world.office).get("/").content.decode()
    assert f"/ledger/?campaign={world.campaign.pk}" in body
