import re

import pytest
from django.urls import reverse

from tests.world import login


def url(task):
    return reverse("task", args=[task.pk])


@pytest.mark.parametrize(
    "who, status",
    [
        ("office", 200),
        ("leader", 200),
        ("discipline", 200),
        ("observer", 200),
        ("lead_liaison", 200),
        ("shared_liaison", 200),
        ("other_liaison", 404),
    ],
)
def test_it_lets_each_role_in_or_not(client, world, who, status):
    assert login(client, getattr(world, who)).get(url(world.t1)).status_code == status


def test_it_sends_anonymous_users_to_login(client, world):
    response = client.get(url(world.t1))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_answers_404_for_an_item_that_does_not_exist(client, world):
    assert login(client, world.office).get(reverse("task", args=[99999])).status_code == 404


def test_it_shows_the_item(client, world, today):
    response = login(client, world.lead_liaison).get(url(world.t1))
    body = response.content.decode()
    # breadcrumb: category and problem
    assert "(一)对区委谋划发展能力不足问题的整改" in body
    assert "1.针对践行新发展理念不到位的问题" in body
    assert "针对新中国大厦历史遗留问题推进不力的问题" in body
    assert "各单位上下联动" in body
    # sub-actions with their labels as stored, the gap kept
    assert body.index("一是") < body.index("二是") < body.index("四是")
    assert "三是" not in body
    for text in ["区住房建设局", "区城管局", "张副区长", "2018-10-31", "限期整改"]:
        assert text in body
    assert "已取得阶段性成效" in body
    assert "累计开具消防整改通知书1840份" in body
    assert "逾期" in body
    assert "住建联络员" in body


def test_it_shows_the_revised_deadline_beside_the_original(client, world):
    import datetime

    world.t1.revised_deadline = datetime.date(2018, 12, 31)
    world.t1.save()
    body = login(client, world.office).get(url(world.t1)).content.decode()
    assert "2018-10-31" in body
    assert "2018-12-31" in body


def test_it_shows_the_transition_history(client, world):
    body = login(client, world.office).get(url(world.t1)).content.decode()
    assert "状态流转记录" in body
    assert "导入自 seed" in body
    assert "整改办" in body


def test_it_reserves_places_for_the_workflow(client, world):
    body = login(client, world.office).get(url(world.t1)).content.decode()
    for anchor in ['id="actions"', 'id="progress"', 'id="evidence"']:
        assert anchor in body


def test_it_escapes_the_measure(client, world):
    world.t1.measure = "<script>alert('x')</script>"
    world.t1.effect_note = "<img src=x onerror=alert(1)>"
    world.t1.save()
    world.t1.actions.update(text="<i>斜体</i>")
    body = login(client, world.office).get(url(world.t1)).content.decode()
    assert "<script>alert(" not in body
    assert "&lt;script&gt;" in body
    assert "<img src=x" not in body
    assert "<i>斜体</i>" not in body


def test_it_takes_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    login(client, world.office)
    # The page also lists reports (with their files), evidence, extensions and the audit
    # trail: one query each, whatever their number. The scope check and the page's own
    # load of the item are one lookup.
    with django_assert_max_num_queries(16):
        client.get(url(world.t1))


def test_it_says_the_status_once_when_the_published_phrase_is_its_name(client, world):
    # 已取得阶段性成效 is both the state's name and the report's phrase: one badge, not two.
    body = login(client, world.office).get(url(world.t1)).content.decode()
    status_line = re.search(r'<p class="status-line">(.*?)</p>', body, re.S).group(1)
    assert status_line.count("已取得阶段性成效") == 2  # the badge and its tooltip
    assert 'class="phrase"' not in status_line


def test_it_gives_the_published_phrase_where_it_differs_from_the_status(client, world):
    from zhenggai.tasks.models import Status, Task

    Task.objects.filter(pk=world.t1.pk).update(status=Status.LONG_TERM)
    body = login(client, world.office).get(url(world.t1)).content.decode()
    status_line = re.search(r'<p class="status-line">(.*?)</p>', body, re.S).group(1)
    assert '<span class="phrase">长期推进,已落实具体举措并取得明显成效</span>' in status_line


def test_it_does_not_grow_with_the_ledger(client, world, django_assert_max_num_queries):
    """The breadcrumb needs the item's own branch, not the campaign's tree: the same
    queries, and the same few findings loaded, with 3 items or with 300."""
    from django.db.models.signals import post_init

    from tests.world import make_ledger
    from zhenggai.inspections.models import Finding

    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance)

    post_init.connect(count, sender=Finding)
    try:
        login(client, world.office)
        for size in (3, 300):
            make_ledger(world.campaign, size - Finding.objects.filter(task__isnull=False).count())
            loaded.clear()
            with django_assert_max_num_queries(16):
                response = client.get(url(world.t1))
            assert response.status_code == 200
            # The item's finding (by the lookup and by the page), its problem and its
            # category; nothing of the rest of the tree.
            assert len(loaded) <= 4, (size, len(loaded))
            assert "针对践行新发展理念不到位的问题" in response.content.decode()
    finally:
        post_init.disconnect(count, sender=Finding)
