"""/audit/: the whole ledger's audit trail, read-only, for the roles that hold units to
account."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from tests.world import login, make_ledger
from zhenggai.audit.models import AuditEntry, record

URL = reverse("audit")
BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day, hour=10):
    return datetime.datetime(2018, 11, day, hour, tzinfo=BEIJING)


def entry(task, actor, action="set_assignment", when=None, before=None, after=None, note=""):
    # The trail is append-only: place a row in time by moving the clock, not the row.
    with time_machine.travel(when or datetime.datetime.now(BEIJING), tick=False):
        return record(
            actor,
            action,
            task,
            before if before is not None else {"leader": "张三"},
            after if after is not None else {"leader": "李四"},
            note=note,
        )


@pytest.mark.parametrize(
    "who, status",
    [("office", 200), ("leader", 200), ("discipline", 200), ("observer", 200),
     ("lead_liaison", 403), ("other_liaison", 403)],
)  # fmt: skip
def test_it_lets_each_role_in_or_not(client, world, who, status):
    assert login(client, getattr(world, who)).get(URL).status_code == status


def test_it_sends_anonymous_users_to_login(client, world):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_offers_no_way_to_change_an_entry(client, world):
    entry(world.t1, world.office)
    discipline = login(client, world.discipline)
    assert discipline.post(URL, {"id": 1}).status_code == 405
    body = discipline.get(URL).content.decode()
    assert 'method="post"' not in body.split("<main>")[1]  # only the header's logout form
    assert AuditEntry.objects.count() == 1


def test_it_links_the_nav_for_whole_ledger_roles_only(client, world):
    assert f'href="{URL}"' in login(client, world.discipline).get("/").content.decode()
    assert f'href="{URL}"' not in login(client, world.lead_liaison).get("/").content.decode()


def test_it_lists_newest_first_with_a_link_to_the_item_and_the_change(client, world):
    entry(world.t1, world.office, when=at(1), after={"leader": "旧的"}, before={})
    entry(world.t3, world.lead_liaison, action="claim", when=at(5),
          before={"status": "assigned"}, after={"status": "claimed"})  # fmt: skip
    response = login(client, world.discipline).get(URL)
    rows = response.context["rows"]
    assert [r.action for r in rows] == ["claim", "set_assignment"]
    body = response.content.decode()
    assert f'href="{reverse("task", args=[world.t3.pk])}"' in body
    # The item page's wording: action and status labels, before → after.
    assert "认领" in body
    assert "状态:已下达 → 已认领" in body
    assert "住建联络员" in body


def test_it_escapes_what_it_shows(client, world):
    evil = "<script>alert(1)</script>"
    entry(world.t1, world.office, before={"leader": evil}, after={"leader": "x"}, note=evil)
    body = login(client, world.office).get(URL).content.decode()
    assert evil not in body
    assert "&lt;script&gt;" in body


def test_it_filters_by_date_actor_unit_action_and_item(client, world):
    a = entry(world.t1, world.office, when=at(1, 0))  # 00:00 Beijing: still 1 Nov
    b = entry(world.t2, world.lead_liaison, action="claim", when=at(3), note="备注甲")
    c = entry(world.t3, world.office, when=at(30, 23))

    def ids(**params):
        response = login(client, world.discipline).get(URL, params)
        assert response.status_code == 200
        return {r.pk for r in response.context["rows"]}

    assert ids() == {a.pk, b.pk, c.pk}
    assert ids(date_from="2018-11-01", date_to="2018-11-01") == {a.pk}
    assert ids(date_from="2018-11-02") == {b.pk, c.pk}
    assert ids(date_to="2018-11-29") == {a.pk, b.pk}
    assert ids(actor=world.lead_liaison.pk) == {b.pk}
    assert ids(unit=world.lead.pk) == {a.pk}  # items the unit leads
    assert ids(unit=world.other.pk) == {c.pk}
    assert ids(action="claim") == {b.pk}
    assert ids(q="(3)") == {c.pk}  # the item's label
    assert ids(q="科技创新") == {b.pk}  # words of the problem
    assert ids(q="备注甲") == {b.pk}  # the note
    # A nonsense filter is dropped, not an error.
    assert ids(date_from="yesterday", actor="x", unit="999999") == {a.pk, b.pk, c.pk}


def test_it_pages_by_fifty_keeping_the_filters(client, world):
    for _ in range(55):
        entry(world.t1, world.office)
    response = login(client, world.office).get(URL, {"action": "set_assignment"})
    assert len(response.context["rows"]) == 50
    assert "?action=set_assignment&amp;page=2" in response.content.decode()
    second = client.get(URL, {"action": "set_assignment", "page": 2})
    assert len(second.context["rows"]) == 5


@pytest.mark.parametrize("n", [20, 200])
def test_it_takes_a_bounded_number_of_queries(client, world, n, django_assert_max_num_queries):
    tasks = make_ledger(world.campaign, 10, world.lead, [world.shared])
    actors = [world.office, world.lead_liaison, world.shared_liaison]
    for i in range(n):
        entry(tasks[i % 10], actors[i % 3], note=f"第{i}条")
    login(client, world.discipline)
    # session, user, users and units for the filters, count, one page of rows
    with django_assert_max_num_queries(7):
        response = client.get(URL)
    assert len(response.context["rows"]) == min(n, 50)
