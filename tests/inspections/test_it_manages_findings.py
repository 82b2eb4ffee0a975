from django.urls import reverse

from tests.world import login
from zhenggai.inspections.models import Finding


def order(campaign):
    return [
        (f.label, f.depth) for f in Finding.objects.filter(campaign=campaign).order_by("position")
    ]


def test_it_adds_a_finding_last_under_its_parent(client, world):
    response = login(client, world.office).post(
        reverse("manage_finding_new") + f"?campaign={world.campaign.pk}",
        {"parent": world.problem.pk, "label": "(2a)", "title": "针对新增问题的问题", "text": ""},
    )
    assert response.status_code == 302
    assert order(world.campaign) == [
        ("(一)", 0),
        ("1.", 1),
        ("(1)", 2),
        ("(2)", 2),
        ("(2a)", 2),
        ("(二)", 0),
        ("2.", 1),
        ("(3)", 2),
    ]


def test_it_adds_a_category_at_the_end(client, world):
    login(client, world.office).post(
        reverse("manage_finding_new") + f"?campaign={world.campaign.pk}",
        {"label": "(三)", "title": "对作风建设问题的整改"},
    )
    assert order(world.campaign)[-1] == ("(三)", 0)


def test_it_moves_a_subtree_and_renumbers(client, world):
    problem2 = Finding.objects.get(label="2.")
    login(client, world.office).post(
        reverse("manage_finding", args=[problem2.pk]),
        {"parent": world.category.pk, "label": "2.", "title": problem2.title},
    )
    assert order(world.campaign) == [
        ("(一)", 0),
        ("1.", 1),
        ("(1)", 2),
        ("(2)", 2),
        ("2.", 1),
        ("(3)", 2),
        ("(二)", 0),
    ]


def test_it_refuses_to_move_a_finding_under_itself(client, world):
    response = login(client, world.office).post(
        reverse("manage_finding", args=[world.category.pk]),
        {"parent": world.problem.pk, "label": "(一)", "title": "x"},
    )
    assert response.status_code == 200
    world.category.refresh_from_db()
    assert world.category.parent_id is None


def test_it_refuses_a_parent_from_another_campaign(client, world):
    from tests.world import make_campaign, make_finding

    foreign = make_finding(make_campaign("别的"), "(一)", "别的类别")
    response = login(client, world.office).post(
        reverse("manage_finding_new") + f"?campaign={world.campaign.pk}",
        {"parent": foreign.pk, "label": "x", "title": "x"},
    )
    assert response.status_code == 200
    assert not Finding.objects.filter(label="x").exists()


def test_it_lists_the_tree_with_edit_links(client, world):
    body = login(client, world.office).get(reverse("manage_findings")).content.decode()
    assert "对区委谋划发展能力不足问题的整改" in body
    assert reverse("manage_finding", args=[world.category.pk]) in body
