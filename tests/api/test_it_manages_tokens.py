import re

from django.urls import reverse

from tests.api.conftest import login
from zhenggai.api.models import ApiToken
from zhenggai.api.views import MAX_ACTIVE_TOKENS

URL = "/api/tokens/"


def test_it_asks_for_a_login(client, world):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_creates_a_token_and_shows_its_key_once(client, api, world):
    login(client, world.lead_liaison)
    response = client.post(URL, {"name": "周报脚本"})
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    key = re.search(r'class="token-key">(zg_[^<]+)<', html).group(1)
    token = ApiToken.objects.get(user=world.lead_liaison)
    assert token.name == "周报脚本"
    # Works at once, as its owner.
    assert api.get("/items", key).json()["count"] == 1
    # Never shown again: the list has the prefix only.
    again = client.get(URL).content.decode()
    assert key not in again
    assert token.prefix in again and "周报脚本" in again


def test_it_wants_a_name(client, world):
    login(client, world.office)
    response = client.post(URL, {"name": "  "})
    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_it_bounds_the_number_of_live_tokens(client, world):
    for i in range(MAX_ACTIVE_TOKENS):
        ApiToken.issue(world.office, f"t{i}")
    login(client, world.office)
    assert client.post(URL, {"name": "再来一个"}).status_code == 422
    assert ApiToken.objects.count() == MAX_ACTIVE_TOKENS


def test_it_lists_only_the_users_own_tokens(client, world):
    ApiToken.issue(world.office, "整改办的脚本")
    ApiToken.issue(world.leader, "领导的脚本")
    login(client, world.leader)
    html = client.get(URL).content.decode()
    assert "领导的脚本" in html and "整改办的脚本" not in html


def test_it_revokes_a_token(client, api, world):
    token, key = ApiToken.issue(world.office, "旧脚本")
    login(client, world.office)
    response = client.post(reverse("api_token_revoke", args=[token.pk]), {"confirm": "1"})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api.get("/items", key).status_code == 401
    assert "已撤销" in client.get(URL).content.decode()


def test_it_does_not_let_anyone_revoke_another_users_token(client, world):
    token, _key = ApiToken.issue(world.office, "整改办的脚本")
    login(client, world.other_liaison)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_revokes_only_by_post(client, world):
    token, _key = ApiToken.issue(world.office, "脚本")
    login(client, world.office)
    assert client.get(reverse("api_token_revoke", args=[token.pk])).status_code == 405
