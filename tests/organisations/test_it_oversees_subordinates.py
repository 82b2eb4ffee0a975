import datetime

import pytest
from django.urls import reverse

from tests.conftest import make_user
from tests.organisations.conftest import TODAY, make_city
from zhenggai.accounts.models import Role
from zhenggai.api.models import ApiToken
from zhenggai.organisations import oversight
from zhenggai.rhythm.models import SupervisionNotice
from zhenggai.rollups.maintain import touch
from zhenggai.tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings):
    from zhenggai.lib import clock

    with clock.frozen(datetime.datetime(2018, 11, 20, 18, 0, tzinfo=datetime.UTC)):
        yield TODAY


def test_one_row_per_subordinate_by_the_dashboards_rules():
    city, districts, _office = make_city(3)
    rows = oversight.rows(city, today=TODAY)
    assert [r.name for r in sorted(rows, key=lambda r: r.path)] == [d.name for d in districts]
    for r in rows:
        assert (r.items, r.completed, r.overdue) == (3, 1, 1)
        assert str(r.completion_pct) == "33.3"
        assert len(r.campaigns) == 1
    # The overdue count is the ledger's own rule.
    assert sum(r.overdue for r in rows) == Task.objects.overdue(TODAY).count()


@pytest.mark.parametrize("n", [3, 30])
def test_it_costs_the_same_queries_at_3_and_at_30_organisations(n, django_assert_max_num_queries):
    city, _districts, _office = make_city(n, items_per_district=2)
    with django_assert_max_num_queries(9):
        rows = oversight.rows(city, today=TODAY)
    assert len(rows) == n


def test_it_sorts_and_ranks():
    city, districts, _office = make_city(3)
    moved = Task.objects.filter(finding__campaign__owner=districts[2], status="in_progress")
    ids = list(moved.values_list("pk", flat=True))
    moved.update(status="completed")
    # Written past the workflow, as a fixture does: the rollups follow (zhenggai/rollups).
    touch(ids)
    rows = oversight.rows(city, today=TODAY)
    assert rows[0].organisation == districts[2] and rows[0].rank == 1
    assert rows[1].rank == rows[2].rank == 2
    by_overdue = oversight.rows(city, today=TODAY, sort="overdue")
    assert by_overdue[-1].organisation == districts[2]


def test_the_page_shows_the_formula_and_drills_down_read_only(client):
    city, districts, office = make_city(2)
    client.force_login(office)
    page = client.get("/oversight/?sort=overdue")
    html = page.content.decode()
    assert page.status_code == 200
    assert "得分 = 40 × 完成率 + 40 × 按时填报率 + 20 × (1 − 逾期率)" in html
    assert "第1区" in html and "第2区" in html
    task = Task.objects.filter(finding__campaign__owner=districts[0]).first()
    campaign = task.finding.campaign
    assert f"?campaign={campaign.pk}" in html
    assert client.get(f"/?campaign={campaign.pk}").status_code == 200
    assert client.get(reverse("task", args=[task.pk])).status_code == 200
    # Read-only: no move, no report.
    assert client.post(reverse("task_move", args=[task.pk, "claim"])).status_code in (403, 404)


def test_a_district_office_sees_no_sibling_and_no_row_above_it(client):
    city, districts, _office = make_city(2)
    office = make_user("d1-office", Role.OFFICE, organisation=districts[0])
    client.force_login(office)
    other = Task.objects.filter(finding__campaign__owner=districts[1]).first()
    assert client.get(reverse("task", args=[other.pk])).status_code == 404
    assert client.get(f"/oversight/?org={city.pk}").status_code == 404
    assert "没有下级组织" in client.get("/oversight/").content.decode()


def test_the_api_gives_the_same_rows(client):
    city, _districts, office = make_city(2)
    _token, key = ApiToken.issue(office, "test")
    body = client.get("/api/v1/oversight", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert body["organisation"]["name"] == "广州市"
    assert [r["items"] for r in body["rows"]] == [3, 3]
    assert body["formula"].startswith("得分")


def test_the_city_office_presses_a_district_unit_downward():
    city, districts, office = make_city(1)
    unit = districts[0].units.get()
    notice = SupervisionNotice.issue(office, unit, "请加快推进", TODAY + datetime.timedelta(days=7))
    assert notice.issued_by == office
    sibling = make_user("d-office", Role.OFFICE, organisation=districts[0])
    with pytest.raises(PermissionError):
        # An office presses its own organisation's units, not its upper level's.
        from tests.conftest import make_unit

        SupervisionNotice.issue(sibling, make_unit("市直单位", organisation=city), "x", TODAY)
