import datetime

import pytest

from tests.api.conftest import make_ledger
from tests.world import make_campaign
from zhenggai.api.models import ApiToken
from zhenggai.tasks.models import Result

# Which of the world's items each reader sees (t1 led by lead, shared with shared; t2
# led by shared; t3 led by other).
SEES = {
    "office": {"t1", "t2", "t3"},
    "leader": {"t1", "t2", "t3"},
    "observer": {"t1", "t2", "t3"},
    "discipline": {"t1", "t2", "t3"},
    "lead_liaison": {"t1"},
    "shared_liaison": {"t1", "t2"},
    "other_liaison": {"t3"},
}


def ids(world, names):
    return {getattr(world, n).pk for n in names}


@pytest.mark.parametrize("role", sorted(SEES))
def test_it_lists_the_items_each_reader_may_see(api, world, keys, role):
    response = api.get("/items", keys[role])
    assert response.status_code == 200
    body = response.json()
    assert {i["id"] for i in body["items"]} == ids(world, SEES[role])
    assert body["count"] == len(SEES[role])


def test_it_gives_the_items_fields(api, world, keys):
    Result.objects.create(task=world.t1, value="1840.0000", unit="份", what="消防整改通知书")
    body = api.get("/items", keys["office"]).json()
    item = next(i for i in body["items"] if i["id"] == world.t1.pk)
    assert item == {
        "id": world.t1.pk,
        "campaign_id": world.campaign.pk,
        "label": "(1)",
        "title": "针对新中国大厦历史遗留问题推进不力的问题",
        "measure": "各单位上下联动,推进大厦消防安全、违章建筑等工作",
        "actions": [
            {"label": "一是", "text": "定期召开工作推进会"},
            {"label": "二是", "text": "协调市级层面推进化解"},
            {"label": "四是", "text": "大厦消防安全不断向好"},
        ],
        "lead_unit": {"id": world.lead.pk, "name": "区住房建设局"},
        "units": [{"id": world.shared.pk, "name": "区城管局"}],
        "leader": "张副区长",
        "deadline": "2018-10-31",
        "revised_deadline": None,
        "timeframe": "deadline",
        "status": "staged",
        "status_label": "已取得阶段性成效",
        "public_phrase": "已取得阶段性成效",
        "effect_note": "累计开具消防整改通知书1840份",
        "overdue": item["overdue"],
        "version": 1,
        "results": [{"value": "1840", "unit": "份", "what": "消防整改通知书", "approx": False}],
    }


def test_it_filters_items(api, world, keys, today):
    key = keys["office"]

    def found(**params):
        return {i["id"] for i in api.get("/items", key, **params).json()["items"]}

    assert found(status="long_term") == {world.t2.pk}
    assert found(lead_unit=world.lead.pk) == {world.t1.pk}
    assert found(unit=world.shared.pk) == {world.t1.pk}
    assert found(campaign=world.campaign.pk) == {world.t1.pk, world.t2.pk, world.t3.pk}
    assert found(campaign=world.campaign.pk + 1000) == set()
    # 2018-11-20: t1 (due 10-31, staged) is overdue; t3 (due 11-22) is not; t2 long-term.
    assert found(overdue="true") == {world.t1.pk}
    assert found(q="消防") == {world.t1.pk}  # a sub-action's text
    assert found(q="党员") == {world.t3.pk}


def test_it_filters_within_the_readers_scope(api, world, keys):
    # Another unit's filter does not widen what a liaison sees.
    body = api.get("/items", keys["other_liaison"], lead_unit=world.lead.pk).json()
    assert body == {"count": 0, "limit": 50, "offset": 0, "items": []}


@pytest.mark.parametrize(
    "params",
    [
        {"status": "nonsense"},
        {"limit": 0},
        {"limit": 201},
        {"offset": -1},
        {"lead_unit": "abc"},
        {"lead_unit": 2**70},
        {"overdue": "perhaps"},
    ],
)
def test_it_refuses_bad_filters(api, world, keys, params):
    response = api.get("/items", keys["office"], **params)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] and body["detail"]


def test_it_pages_items(api, world, keys):
    campaign = make_campaign("第二轮")
    make_ledger(campaign, 7, world.lead)
    key = keys["office"]
    first = api.get("/items", key, limit=4).json()
    rest = api.get("/items", key, limit=4, offset=4).json()
    assert first["count"] == rest["count"] == 10
    assert len(first["items"]) == 4 and len(rest["items"]) == 4
    seen = [i["id"] for i in first["items"] + rest["items"]]
    assert len(set(seen)) == 8
    assert api.get("/items", key, offset=10).json()["items"] == []


@pytest.mark.parametrize("role", ["office", "lead_liaison"])
def test_it_lists_items_in_constant_queries(api, world, role, django_assert_max_num_queries):
    campaign = make_campaign("第二轮")
    _token, key = ApiToken.issue(getattr(world, role), "脚本")
    api.get("/units", key)  # the once-a-minute last-used write, out of the way
    counts = []
    for n in (3, 30):
        make_ledger(campaign, n, world.lead, [world.shared])
        with django_assert_max_num_queries(7) as captured:
            body = api.get("/items", key, limit=200).json()
        assert len(body["items"]) >= n
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_it_says_an_item_is_overdue(api, world, keys, today):
    items = {i["id"]: i for i in api.get("/items", keys["office"]).json()["items"]}
    assert items[world.t1.pk]["overdue"] is True
    assert items[world.t3.pk]["overdue"] is False
    assert world.t3.deadline == datetime.date(2018, 11, 22)


def test_the_unfiltered_list_counts_from_the_rollups(api, world, keys):
    """A whole-ledger reader's unfiltered list takes its size from the rollups (no COUNT
    over the items), and gives the count a COUNT would; a filter counts the items."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhenggai.tasks.models import Status

    second = make_campaign("第二轮")
    make_ledger(second, 4, world.lead)
    key = keys["office"]
    with CaptureQueriesContext(connection) as q:
        body = api.get("/items", key, limit=2).json()
    assert body["count"] == 7
    assert not [
        x for x in q.captured_queries if 'COUNT(*) AS "__count" FROM "tasks_task"' in x["sql"]
    ]
    assert api.get("/items", key, campaign=second.pk).json()["count"] == 4
    assert api.get("/items", key, campaign=world.campaign.pk).json()["count"] == 3
    in_progress = api.get("/items", key, status=Status.IN_PROGRESS).json()
    assert in_progress["count"] == len(in_progress["items"])
    # A unit's reader counts their own items, never the campaign's.
    assert api.get("/items", keys["lead_liaison"]).json()["count"] == 1 + 4
