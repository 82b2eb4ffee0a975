import pytest

from tests.api.test_it_lists_items import SEES

CASES = [(role, name, name in seen) for role, seen in SEES.items() for name in ("t1", "t2", "t3")]


@pytest.mark.parametrize("role,name,visible", CASES)
def test_it_serves_an_item_only_within_the_readers_scope(api, world, keys, role, name, visible):
    task = getattr(world, name)
    response = api.get(f"/items/{task.pk}", keys[role])
    if visible:
        assert response.status_code == 200
        assert response.json()["id"] == task.pk
        assert response.json()["version"] == task.version
    else:
        # An outsider learns nothing, not even that the item exists.
        assert response.status_code == 404
        assert response.json() == {"error": "未找到该对象,或您无权查看。"}


def test_it_answers_404_for_a_missing_item(api, world, keys):
    assert api.get("/items/999999", keys["office"]).status_code == 404


def test_it_answers_422_for_an_impossible_id(api, world, keys):
    assert api.get("/items/0", keys["office"]).status_code == 422
    assert api.get("/items/abc", keys["office"]).status_code == 422
    assert api.get(f"/items/{2**64}", keys["office"]).status_code == 422


def test_it_asks_for_a_token(api, world):
    assert api.get(f"/items/{world.t1.pk}").status_code == 401


@pytest.mark.parametrize("role,name,visible", CASES)
def test_it_shows_an_items_history_only_within_scope(api, world, keys, role, name, visible):
    task = getattr(world, name)
    response = api.get(f"/items/{task.pk}/transitions", keys[role])
    assert response.status_code == (200 if visible else 404)


def test_it_shows_the_history_and_the_moves_open_to_the_reader(api, world, keys):
    body = api.get(f"/items/{world.t1.pk}/transitions", keys["lead_liaison"]).json()
    assert body["item"] == world.t1.pk
    assert body["status"] == "staged" and body["version"] == 1
    assert [(h["action"], h["to_status"], h["actor"]) for h in body["history"]] == [
        ("import", "staged", "整改办")
    ]
    # The lead unit's liaison may ask for closure of a staged item; nothing else.
    assert body["available"] == ["request_closure"]
    office = api.get(f"/items/{world.t1.pk}/transitions", keys["office"]).json()
    assert office["available"] == []
    claimable = api.get(f"/items/{world.t3.pk}/transitions", keys["other_liaison"]).json()
    assert claimable["available"] == ["claim"]
