import pytest

from tests.api.conftest import ROLES, make_ledger
from tests.world import make_campaign
from zhenggai.api.models import ApiToken


def _titles(nodes, out=None):
    out = [] if out is None else out
    for n in nodes:
        out.append(n["label"])
        _titles(n["children"], out)
    return out


@pytest.mark.parametrize("role", ["office", "leader", "observer"])
def test_it_gives_whole_ledger_readers_the_whole_tree(api, world, keys, role):
    response = api.get("/findings", keys[role], campaign=world.campaign.pk)
    assert response.status_code == 200
    body = response.json()
    assert body["campaign_id"] == world.campaign.pk
    roots = body["findings"]
    assert [r["label"] for r in roots] == ["(一)", "(二)"]
    problem = roots[0]["children"][0]
    assert problem["label"] == "1." and problem["item"] is None
    leaves = problem["children"]
    assert [(leaf["label"], leaf["item"]) for leaf in leaves] == [
        ("(1)", {"id": world.t1.pk, "status": "staged"}),
        ("(2)", {"id": world.t2.pk, "status": "long_term"}),
    ]
    assert all(leaf["children"] == [] for leaf in leaves)


def test_it_gives_a_unit_the_branches_to_its_items(api, world, keys):
    body = api.get("/findings", keys["lead_liaison"], campaign=world.campaign.pk).json()
    assert _titles(body["findings"]) == ["(一)", "1.", "(1)"]
    body = api.get("/findings", keys["other_liaison"], campaign=world.campaign.pk).json()
    assert _titles(body["findings"]) == ["(二)", "2.", "(3)"]


def test_it_answers_404_for_an_unknown_campaign_and_422_without_one(api, world, keys):
    assert api.get("/findings", keys["office"], campaign=999999).status_code == 404
    assert api.get("/findings", keys["office"]).status_code == 422


def test_it_builds_the_tree_in_constant_queries(api, world, django_assert_max_num_queries):
    campaign = make_campaign("第二轮")
    _token, key = ApiToken.issue(world.office, "脚本")
    api.get("/units", key)
    for n in (3, 30):
        make_ledger(campaign, n, world.lead)
        with django_assert_max_num_queries(4):
            assert api.get("/findings", key, campaign=campaign.pk).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_it_lists_inspections_for_every_reader(api, world, keys, role):
    body = api.get("/inspections", keys[role]).json()
    assert [(i["campaign_id"], i["inspector"], i["report_due"]) for i in body] == [
        (world.campaign.pk, "省委第十巡视组", "2018-09-24")
    ]


@pytest.mark.parametrize("role", ROLES)
def test_it_lists_units_for_every_reader(api, world, keys, role):
    body = api.get("/units", keys[role]).json()
    assert {u["name"] for u in body} == {"区住房建设局", "区城管局", "区教育局"}
    assert set(body[0]) == {"id", "name", "short_name", "kind", "parent_id", "is_active"}


def test_it_lists_inspections_and_units_in_constant_queries(
    api, world, django_assert_max_num_queries
):
    _token, key = ApiToken.issue(world.office, "脚本")
    api.get("/units", key)
    for n in (1, 10):
        for _ in range(n):
            make_campaign(f"整改{ApiToken.objects.count()}-{_}")
        with django_assert_max_num_queries(2):
            assert api.get("/inspections", key).status_code == 200
        with django_assert_max_num_queries(2):
            assert api.get("/units", key).status_code == 200
