import datetime

import pytest

from tests.api.conftest import make_ledger
from tests.world import make_campaign
from zhenggai.api.models import ApiToken
from zhenggai.reporting.models import Period, ProgressReport
from zhenggai.tasks.models import Status, Task

DAY = "2018-11-20"


def file(api, task, key, text="已完成消防整改通知书1840份", period="week", day=DAY):
    body = {"period": period, "text": text}
    if day is not None:
        body["day"] = day
    return api.post(f"/items/{task.pk}/reports", body, key)


@pytest.fixture
def claimed(world):
    Task.objects.filter(pk=world.t1.pk).update(status=Status.CLAIMED)
    world.t1.refresh_from_db()
    return world.t1


FILE = {
    "office": 403,
    "leader": 403,
    "discipline": 403,
    "observer": 403,
    "lead_liaison": 201,
    "shared_liaison": 201,
    "other_liaison": 404,
}


@pytest.mark.parametrize("role,status", sorted(FILE.items()))
def test_it_lets_the_items_units_file_reports(api, world, keys, claimed, role, status):
    response = file(api, claimed, keys[role])
    assert response.status_code == status, response.json()
    claimed.refresh_from_db()
    if status == 201:
        body = response.json()
        user = getattr(world, role)
        assert body["item"] == claimed.pk
        assert body["unit"] == {"id": user.unit_id, "name": user.unit.name}
        assert (body["period"], body["period_start"]) == ("week", "2018-11-19")
        assert body["status"] == "submitted"
        assert body["figures"] and body["figures"][0]["value"] == 1840
        # The first report puts a claimed item in progress.
        assert claimed.status == Status.IN_PROGRESS
    else:
        assert set(response.json()) == {"error"}
        assert claimed.status == Status.CLAIMED
        assert not ProgressReport.objects.exists()


def test_it_asks_for_a_token_to_file(api, world, claimed):
    assert file(api, claimed, None).status_code == 401


def test_it_files_for_today_without_a_day(api, world, keys, claimed, today):
    body = file(api, claimed, keys["lead_liaison"], period="day", day=None).json()
    assert body["period_start"] == today.isoformat()


def test_it_refuses_a_second_report_for_the_same_period(api, world, keys, claimed):
    assert file(api, claimed, keys["lead_liaison"]).status_code == 201
    again = file(api, claimed, keys["lead_liaison"], day="2018-11-22")
    assert again.status_code == 409
    assert again.json() == {"error": "本单位该周期已填报,请修改已有的填报。"}


def test_it_refuses_a_report_before_the_claim(api, world, keys):
    response = file(api, world.t3, keys["other_liaison"])
    assert response.status_code == 409


@pytest.mark.parametrize(
    "kwargs",
    [{"text": "   "}, {"period": "year"}, {"day": "2018-13-01"}, {"text": "x\x00"}],
)
def test_it_refuses_an_incomplete_report(api, world, keys, claimed, kwargs):
    response = file(api, claimed, keys["lead_liaison"], **kwargs)
    assert response.status_code == 422
    assert "error" in response.json()


def _report(world, task, user, day):
    return ProgressReport.file(user, task, Period.WEEK, day, "推进中")


REPORTS_SEEN = {
    "office": {"t1", "t2"},
    "leader": {"t1", "t2"},
    "observer": {"t1", "t2"},
    "lead_liaison": {"t1"},
    "shared_liaison": {"t1", "t2"},
    "other_liaison": set(),
}


@pytest.mark.parametrize("role,seen", sorted(REPORTS_SEEN.items()))
def test_it_lists_reports_within_the_readers_scope(api, world, keys, claimed, role, seen):
    _report(world, world.t1, world.lead_liaison, datetime.date(2018, 11, 20))
    _report(world, world.t2, world.shared_liaison, datetime.date(2018, 11, 20))
    body = api.get("/reports", keys[role]).json()
    assert {r["item"] for r in body["reports"]} == {getattr(world, n).pk for n in seen}
    assert body["count"] == len(seen)
    # One item's reports; an item outside the scope is a 404.
    one = api.get("/reports", keys[role], item=world.t1.pk)
    assert one.status_code == (200 if "t1" in seen else 404)


def test_it_asks_for_a_token_to_list_reports(api, world):
    assert api.get("/reports").status_code == 401


def test_it_lists_reports_in_constant_queries(api, world, django_assert_max_num_queries):
    campaign = make_campaign("第二轮")
    _token, key = ApiToken.issue(world.office, "脚本")
    api.get("/units", key)
    for n in (2, 20):
        for task in make_ledger(campaign, n, world.lead):
            _report(world, task, world.lead_liaison, datetime.date(2018, 11, 20))
        with django_assert_max_num_queries(4):
            body = api.get("/reports", key, limit=200).json()
        assert body["count"] >= n
