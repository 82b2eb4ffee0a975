import pytest

from zhenggai.api.models import ApiToken, hash_key

ENDPOINTS = ["/inspections", "/units", "/items", "/reports", "/findings?campaign=1"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_it_refuses_a_request_without_a_token(api, world, path):
    response = api.get(path)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"error": "缺少或无效的 API 令牌。"}
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "header", ["Bearer zg_not-a-token", "Bearer ", "Token abc", "Basic b2ZmaWNlOnB3", "Bearer x y"]
)
def test_it_refuses_a_wrong_token(client, world, header):
    response = client.get("/api/v1/items", headers={"Authorization": header})
    assert response.status_code == 401
    assert "error" in response.json()


def test_it_refuses_a_revoked_token(api, world):
    token, key = ApiToken.issue(world.office, "旧脚本")
    assert api.get("/items", key).status_code == 200
    token.revoke()
    response = api.get("/items", key)
    assert response.status_code == 401
    assert api.post(f"/items/{world.t1.pk}/transitions", {}, key).status_code == 401


def test_it_refuses_the_token_of_a_disabled_account(api, world):
    _token, key = ApiToken.issue(world.office, "脚本")
    world.office.is_active = False
    world.office.save()
    assert api.get("/items", key).status_code == 401


def test_it_does_not_accept_a_browser_session(client, world):
    # A logged-in browser must not be driven through the API by another site's script.
    client.force_login(world.office)
    assert client.get("/api/v1/items").status_code == 401


def test_it_keeps_only_a_hash_of_the_key(world):
    token, key = ApiToken.issue(world.office, "脚本")
    token.refresh_from_db()
    assert key.startswith("zg_") and len(key) > 40
    assert token.key_hash == hash_key(key) != key
    assert key.startswith(token.prefix) and len(token.prefix) < 12
    assert not ApiToken.objects.filter(key_hash=key).exists()


def test_it_records_when_a_token_was_last_used(api, world):
    token, key = ApiToken.issue(world.office, "脚本")
    assert token.last_used_at is None
    api.get("/units", key)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_it_acts_as_the_token_owner(api, world, keys):
    # The same request answers differently for each owner: the token carries the user.
    office = api.get("/items", keys["office"]).json()["count"]
    other = api.get("/items", keys["other_liaison"]).json()["count"]
    assert (office, other) == (3, 1)
