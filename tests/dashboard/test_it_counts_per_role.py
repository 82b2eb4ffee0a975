import datetime

import pytest
from django.urls import reverse

from tests.dashboard.conftest import login


def test_it_sends_anonymous_users_to_login(client, world):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "who", ["office", "leader", "discipline", "observer", "lead_liaison", "other_liaison"]
)
def test_it_serves_every_role(client, world, today, who):
    response = login(client, getattr(world, who)).get("/")
    assert response.status_code == 200
    assert "荔湾区巡视整改" in response.content.decode()


def test_the_office_sees_every_item(client, world, today):
    context = login(client, world.office).get("/").context
    summary = context["summary"]
    assert summary["total"] == 3
    assert [s["count"] for s in summary["public"]] == [0, 1, 1]
    assert summary["overdue"] == 1  # (1): due 10-31, staged
    assert summary["due_soon"] == 1  # (3): due 11-22, within 7 days of 11-20
    assert [t.pk for t in context["lists"]["overdue"]] == [world.t1.pk]
    assert [t.pk for t in context["lists"]["due_soon"]] == [world.t3.pk]
    units = {u["name"]: u["total"] for u in context["lead_units"]}
    assert units == {"区住房建设局": 1, "区城管局": 1, "区教育局": 1}
    cats = context["categories"]
    assert [c["node"].pk for c in cats] == [world.category.pk, world.category2.pk]
    assert [c["total"] for c in cats] == [2, 1]
    assert [p["node"].pk for p in cats[0]["problems"]] == [world.problem.pk]
    assert cats[0]["overdue"] == 1


def test_a_unit_sees_only_its_own_numbers(client, world, today):
    context = login(client, world.other_liaison).get("/").context
    assert context["summary"]["total"] == 1
    assert context["summary"]["overdue"] == 0
    assert [u["name"] for u in context["lead_units"]] == ["区教育局"]
    assert [s.name for s in context["ranking"]] == ["区教育局"]
    body = client.get("/").content.decode()
    assert "区住房建设局" not in body

    # 区城管局 leads (2) and shares (1): it sees both.
    context = login(client, world.shared_liaison).get("/").context
    assert context["summary"]["total"] == 2


def test_it_shows_the_ranking_formula_and_the_charts(client, world, today):
    body = login(client, world.office).get("/").content.decode()
    assert "得分 = 50 × 按时填报率 + 50 × 按时销号率 − 5 × 逾期事项数 − 2 × 退回填报数" in body
    assert body.count("<svg") == 3
    assert "@media print" in body


def test_it_shows_nothing_to_a_user_without_a_unit(client, world, today):
    from tests.conftest import make_user

    nobody = make_user("nobody")
    context = login(client, nobody).get("/").context
    assert context["summary"]["total"] == 0
    assert context["ranking"] == []
    assert datetime.date.today()  # the page still renders
