import pytest
from django.urls import reverse

from tests.world import login, make_campaign, make_ledger
from zhenggai.tasks.models import Status

URL = reverse("ledger")


def titles(response):
    return [t.finding.title for t in response.context["items"]]


@pytest.mark.parametrize(
    "who, expected",
    [
        ("office", {"(1)", "(2)", "(3)"}),
        ("leader", {"(1)", "(2)", "(3)"}),
        ("discipline", {"(1)", "(2)", "(3)"}),
        ("observer", {"(1)", "(2)", "(3)"}),
        ("lead_liaison", {"(1)"}),
        ("shared_liaison", {"(1)", "(2)"}),
        ("other_liaison", {"(3)"}),
    ],
)
def test_it_shows_each_role_what_it_may_see(client, world, who, expected):
    response = login(client, getattr(world, who)).get(URL)
    assert response.status_code == 200
    assert {t.finding.label for t in response.context["items"]} == expected


def test_it_sends_anonymous_users_to_login(client, world):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_counts_per_status_over_what_the_user_sees(client, world, today):
    counts = login(client, world.office).get(URL).context["counts"]
    by_value = {s["value"]: s["count"] for s in counts["public"]}
    assert by_value == {Status.COMPLETED: 0, Status.STAGED: 1, Status.LONG_TERM: 1}
    assert counts["total"] == 3
    assert counts["overdue"] == 1
    assert counts["due_week"] == 1
    assert [s["value"] for s in counts["other"]] == [Status.ASSIGNED]

    client.force_login(world.other_liaison)
    assert client.get(URL).context["counts"]["total"] == 1


def test_it_shows_the_public_phrases_first(client, world):
    body = login(client, world.office).get(URL).content.decode()
    assert body.index("已完成整改") < body.index("已取得阶段性成效") < body.index("长期推进")


def test_it_shows_the_tree_with_headings_in_report_order(client, world, today):
    response = login(client, world.office).get(URL)
    rows = response.context["rows"]
    labels = [(r["node"] if "node" in r else r["task"].finding).label for r in rows]
    assert labels == ["(一)", "1.", "(1)", "(2)", "(二)", "2.", "(3)"]
    body = response.content.decode()
    assert "区住房建设局" in body
    assert "2018-10-31" in body
    assert "逾期" in body


def test_it_shows_the_flat_table_in_the_office_columns(client, world):
    response = login(client, world.office).get(URL, {"view": "table"})
    body = response.content.decode()
    for column in [
        "序号",
        "问题类别",
        "存在问题",
        "整改措施",
        "牵头单位",
        "责任单位",
        "责任领导",
        "完成时限",
        "整改状态",
    ]:
        assert f">{column}</th>" in body
    assert "张副区长" in body
    assert "区城管局" in body
    assert "(一)对区委谋划发展能力不足问题的整改" in body


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"status": Status.STAGED}, {"(1)"}),
        ({"status": Status.LONG_TERM}, {"(2)"}),
        ({"lead_unit": "LEAD"}, {"(1)"}),
        ({"unit": "SHARED"}, {"(1)"}),
        ({"timeframe": "long_term"}, {"(2)"}),
        ({"overdue": "on"}, {"(1)"}),
        ({"due_week": "on"}, {"(3)"}),
        ({"status": "nonsense"}, {"(1)", "(2)", "(3)"}),
        ({"lead_unit": "not-a-number"}, {"(1)", "(2)", "(3)"}),
    ],
)
def test_it_filters(client, world, today, params, expected):
    ids = {"LEAD": str(world.lead.pk), "SHARED": str(world.shared.pk)}
    params = {k: ids.get(v, v) for k, v in params.items()}
    response = login(client, world.office).get(URL, params)
    assert response.status_code == 200
    assert {t.finding.label for t in response.context["items"]} == expected


def test_it_filters_by_category_at_any_depth(client, world):
    response = login(client, world.office).get(URL, {"category": world.category2.pk})
    assert {t.finding.label for t in response.context["items"]} == {"(3)"}


def test_it_never_widens_the_scope_by_filter(client, world):
    response = login(client, world.other_liaison).get(URL, {"lead_unit": world.lead.pk})
    assert response.context["items"] == []


@pytest.mark.parametrize(
    "q, expected",
    [
        ("新中国大厦", {"(1)"}),  # finding title
        ("三大平台", {"(2)"}),  # measure
        ("协调市级层面", {"(1)"}),  # sub-action text
        ("没有这样的字", set()),
    ],
)
def test_it_searches(client, world, q, expected):
    response = login(client, world.office).get(URL, {"q": q})
    assert {t.finding.label for t in response.context["items"]} == expected


def test_it_searches_sub_actions_without_duplicating_rows(client, world):
    response = login(client, world.office).get(URL, {"q": "是"})
    labels = [t.finding.label for t in response.context["items"]]
    assert len(labels) == len(set(labels))


def test_it_returns_only_the_partial_to_htmx(client, world):
    response = login(client, world.office).get(
        URL, {"status": Status.STAGED}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="ledger-results"')
    assert "<html" not in body
    assert "新中国大厦" in body
    assert "HX-Request" in response["Vary"]


def test_it_includes_the_same_partial_in_the_full_page(client, world):
    body = login(client, world.office).get(URL).content.decode()
    assert "<html" in body
    assert 'id="ledger-results"' in body
    assert 'hx-get="/ledger/"' in body
    assert "htmx" in body  # the script, served locally


def test_it_escapes_what_units_wrote(client, world):
    world.t1.measure = "<script>alert(1)</script>"
    world.t1.save()
    world.t1.finding.title = "<b>粗体</b>"
    world.t1.finding.save()
    body = login(client, world.office).get(URL, {"view": "table"}).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
    assert "<b>粗体</b>" not in body


def test_it_pages_by_fifty(client, world):
    other = make_campaign("第二轮整改")
    make_ledger(other, 120)
    response = login(client, world.office).get(URL, {"campaign": other.pk, "page": 3})
    assert response.context["page"].paginator.num_pages == 3
    assert len(response.context["items"]) == 20
    # the page starts mid-tree: the headings it sits under are shown again
    assert "node" in response.context["rows"][0]


@pytest.mark.parametrize("n", [60, 200])
def test_it_bounds_the_queries_whatever_the_rows(client, db, django_assert_max_num_queries, n):
    from tests.conftest import make_unit, make_user
    from zhenggai.accounts.models import Role

    lead, shared = make_unit("甲"), make_unit("乙")
    campaign = make_campaign()
    make_ledger(campaign, n, lead, [shared])
    client.force_login(make_user("o", Role.OFFICE))
    for view in ("tree", "table"):
        with django_assert_max_num_queries(12):
            response = client.get(URL, {"view": view})
        assert len(response.context["items"]) == 50


def test_it_bounds_the_queries_for_a_unit_with_search(client, db, django_assert_max_num_queries):
    from tests.conftest import make_unit, make_user
    from zhenggai.accounts.models import Role

    lead = make_unit("甲")
    campaign = make_campaign()
    make_ledger(campaign, 200, lead)
    client.force_login(make_user("l", Role.LIAISON, lead))
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"q": "措施", "view": "table", "overdue": "", "page": 2})
    assert len(response.context["items"]) == 50


def test_it_says_so_when_there_is_no_campaign(client, db):
    from tests.conftest import make_user
    from zhenggai.accounts.models import Role

    client.force_login(make_user("o", Role.OFFICE))
    response = client.get(URL)
    assert response.status_code == 200
    assert "尚无整改工作" in response.content.decode()
