"""The seed's figures: item (6) "区纪委根据问题线索,追究责任110人;此外,区河长办约谈了5名
正处级干部,对2名科级干部、4名工作人员进行诫勉谈话,相关街道约谈了履责不力的4名村居级河长";
item (38) "该街道纪工委书记 … 受到党内严重警告处分"."""

import pytest

from zhenggai.accountability.models import (
    Form,
    PartySanction,
    Rank,
    Record,
    counts,
    counts_by_form,
    counts_by_form_and_rank,
    counts_by_item,
    counts_by_rank,
    phrase,
)


def seed_records(world):
    c, t6, t38 = world.campaign, world.t6, world.t38
    rows = [
        dict(form=Form.ZHUIJIU, persons=110, decided_by="区纪委", item=t6),
        dict(form=Form.YUETAN, rank=Rank.ZHENGCHU, persons=5, decided_by="区河长办", item=t6),
        dict(form=Form.JIEMIAN, rank=Rank.KE, persons=2, decided_by="区河长办", item=t6),
        dict(form=Form.JIEMIAN, rank=Rank.STAFF, persons=4, decided_by="区河长办", item=t6),
        dict(form=Form.YUETAN, rank=Rank.VILLAGE, persons=4, decided_by="相关街道", item=t6),
        dict(
            form=Form.DANGJI,
            sanction=PartySanction.YANZHONG,
            post="街道纪工委书记",
            rank=Rank.FUCHU,
            decided_by="区纪委监委",
            item=t38,
        ),
        dict(form=Form.TONGBAO, persons=1, decided_by="上级党组织"),
    ]
    return [Record.objects.create(campaign=c, **row) for row in rows]


def test_it_counts_persons_by_form(world):
    seed_records(world)
    by_form = {r["form"]: (r["persons"], r["records"]) for r in counts_by_form(world.campaign)}
    assert by_form == {
        Form.ZHUIJIU: (110, 1),
        Form.YUETAN: (9, 2),
        Form.JIEMIAN: (6, 2),
        Form.DANGJI: (1, 1),
        Form.TONGBAO: (1, 1),
    }
    # In the order of the choices, not of the data.
    assert [r["form"] for r in counts_by_form(world.campaign)] == [
        Form.YUETAN,
        Form.JIEMIAN,
        Form.TONGBAO,
        Form.DANGJI,
        Form.ZHUIJIU,
    ]


def test_it_counts_persons_by_rank(world):
    seed_records(world)
    by_rank = {r["rank"]: r["persons"] for r in counts_by_rank(world.campaign)}
    assert by_rank == {
        Rank.ZHENGCHU: 5,
        Rank.FUCHU: 1,
        Rank.KE: 2,
        Rank.STAFF: 4,
        Rank.VILLAGE: 4,
        "": 111,
    }


def test_it_counts_persons_by_item(world):
    seed_records(world)
    rows = counts_by_item(world.campaign)
    assert [(r["label"], r["persons"]) for r in rows] == [
        ("(6)", 110 + 5 + 2 + 4 + 4),
        ("(38)", 1),
        ("", 1),
    ]
    assert rows[0]["task_id"] == world.t6.pk


def test_it_phrases_the_counts_as_the_seed_does(world):
    seed_records(world)
    phrases = [phrase(r) for r in counts_by_form_and_rank(world.campaign)]
    assert "区河长办约谈了5名正处级干部" in phrases
    assert "区纪委追究责任110人" in phrases
    seed = open("zhenggai/seeds/liwan-2018.txt", encoding="utf-8").read()
    assert "约谈了5名正处级干部" in seed and "追究责任110人" in seed


def test_it_totals_and_keeps_campaigns_apart(world):
    seed_records(world)
    Record.objects.create(campaign=world.elsewhere, form=Form.ZHUIJIU, persons=7)
    data = counts(world.campaign)
    assert data["total_persons"] == 110 + 5 + 2 + 4 + 4 + 1 + 1
    assert data["total_records"] == 7
    assert counts(world.elsewhere)["total_persons"] == 7


def test_it_counts_in_a_bounded_number_of_queries(world, django_assert_num_queries):
    seed_records(world)
    with django_assert_num_queries(4):
        counts(world.campaign)


@pytest.mark.parametrize("n", [3, 60])
def test_it_serves_the_pages_in_bounded_queries(client, world, n, django_assert_max_num_queries):
    for i in range(n):
        Record.objects.create(
            campaign=world.campaign,
            form=Form.YUETAN,
            person_name=f"人{i}",
            item=world.t6 if i % 2 else None,
            finding=world.t38.finding if i % 3 == 0 else None,
            unit=world.water,
        )
    client.force_login(world.leader)
    with django_assert_max_num_queries(12):
        response = client.get("/accountability/", {"campaign": world.campaign.pk})
    assert response.status_code == 200
    assert f"人{n - 1}" in response.content.decode()
    with django_assert_max_num_queries(12):
        response = client.get("/accountability/summary/", {"campaign": world.campaign.pk})
    assert response.status_code == 200


def test_it_shows_the_tables(client, world):
    seed_records(world)
    client.force_login(world.discipline)
    body = client.get("/accountability/summary/", {"campaign": world.campaign.pk}).content.decode()
    assert "区河长办约谈了5名正处级干部" in body
    assert "区纪委追究责任110人" in body
    assert "共问责127人" in body
