"""/manage/findings/: the findings as a tree in the report's order, folded without script."""

import re

from django.urls import reverse

from tests.world import login, make_campaign, make_finding
from zhenggai.inspections.models import Finding


def _page(client, world):
    response = login(client, world.office).get(reverse("manage_findings"))
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_in_the_reports_order_whatever_the_ids(client, world):
    # Items added later get higher ids than their neighbours, not a later place.
    campaign = make_campaign("另一整改工作")
    category = make_finding(campaign, "(一)", "类别", position=0)
    make_finding(campaign, "(3)", "第三项", category, position=3)
    make_finding(campaign, "(1)", "第一项", category, position=1)
    make_finding(campaign, "(2)", "第二项", category, position=2)
    response = login(client, world.office).get(
        reverse("manage_findings"), {"campaign": campaign.pk}
    )
    labels = re.findall(r'<span class="label">([^<]+)</span>', response.content.decode())
    assert labels == ["(一)", "(1)", "(2)", "(3)"]


def test_it_nests_children_inside_their_parent(client, world):
    body = _page(client, world)
    category = body.index(f'id="finding-{world.category.pk}"')
    problem = body.index(f'id="finding-{world.problem.pk}"')
    item = body.index(f'id="finding-{world.t1.finding_id}"')
    second = body.index(f'id="finding-{world.category2.pk}"')
    assert category < problem < item < second
    # The category folds: a <details> whose list holds the problem and its items.
    folded = body[category:second]
    assert folded.count("<details") == 2 and "<summary>" in folded
    assert folded.count("<ol>") == 2
    assert "<script" not in body.split("<main>")[1]


def test_it_offers_the_office_actions_on_each_node(client, world):
    body = _page(client, world)
    leaf = Finding.objects.get(label="(3)")
    assert reverse("manage_finding", args=[leaf.pk]) in body
    assert f"parent={world.category.pk}" in body  # 添加下级 under a category
