"""Search finds, for every role, the items of the ledger that role reads — no more, no
fewer — and says so in a bounded number of queries."""

import re

import pytest
from django.urls import reverse

from tests.access.conftest import ROLES, world  # noqa: F401 — the access tests' world
from zhenggai.search.index import rebuild
from zhenggai.search.query import search

pytestmark = pytest.mark.django_db


def ledger_items(client):
    response = client.get(reverse("ledger"))
    if response.status_code != 200:
        return set()
    return {int(pk) for pk in re.findall(r'href="/ledger/(\d+)/"', response.content.decode())}


@pytest.mark.parametrize("role", ROLES)
def test_it_finds_the_items_the_ledger_shows(client, world, role):  # noqa: F811
    rebuild()
    user = world.people.get(role)
    if user is not None:
        client.force_login(user)
    # Every item's finding says 问题: a search for it reaches every item there is.
    found = set()
    if user is not None:
        entries, _ = search(user, "问题")
        found = {e.task_id for e in entries if e.task_id and e.kind != "feedback"}
    assert found == ledger_items(client)
    if role.endswith("liaison"):
        assert found, "every liaison of the world leads or shares an item"


def test_it_searches_in_a_bounded_number_of_queries(
    client,
    world,  # noqa: F811
    django_assert_max_num_queries,
):
    rebuild()
    for role in ("office", "lead_liaison"):
        client.force_login(world.people[role])
        # session, user, the candidates' count, the page of hits; the layout's unread
        # badge and, for a unit's people, their unit
        with django_assert_max_num_queries(6, info=role):
            response = client.get(reverse("search"), {"q": "问题 大厦"})
        assert response.status_code == 200


def test_it_ranks_only_a_bounded_candidate_set(client, world, monkeypatch):  # noqa: F811
    from zhenggai.search import query

    rebuild()
    office = world.people["office"]
    everything = search(office, "问题")[0].count()
    assert everything > 2
    monkeypatch.setattr(query, "CANDIDATES", 2)
    entries, _ = search(office, "问题")
    assert entries.count() == 2
    client.force_login(office)
    body = client.get(reverse("search"), {"q": "问题"}).content.decode()
    assert "匹配至少 2 条" in body
