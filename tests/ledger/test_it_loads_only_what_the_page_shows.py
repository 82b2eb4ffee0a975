"""The ledger page of a large campaign loads the findings of the page it shows, not the
campaign's tree: the same Finding rows for a campaign of 330 items as for one of 1,500."""

import contextlib

import pytest
from django.db.models.signals import post_init
from django.urls import reverse

from tests.world import make_campaign
from zhenggai.accounts.models import Role
from zhenggai.inspections.models import Finding
from zhenggai.rollups.maintain import rebuild
from zhenggai.tasks.models import Status, Task

URL = reverse("ledger")
CATEGORIES = 3


def ledger(n):
    """`n` items under three categories, a problem per five items, positions in
    pre-order (as the importer and renumber() leave them)."""
    campaign = make_campaign(f"{n} 项整改")
    findings, tasks, position = [], [], 0

    def add(parent, label, title):
        nonlocal position
        f = Finding(
            campaign=campaign,
            parent=parent,
            depth=parent.depth + 1 if parent else 0,
            position=position,
            label=label,
            title=title,
        )
        position += 1
        f.save()
        return f

    per_category = -(-n // CATEGORIES)
    i = 0
    for c in range(CATEGORIES):
        category = add(None, f"({c + 1})", f"类别{c + 1}")
        problem = None
        for j in range(min(per_category, n - i)):
            if j % 5 == 0:
                problem = add(category, f"{j // 5 + 1}.", f"问题{c}-{j // 5}")
            findings.append(
                Finding(
                    campaign=campaign,
                    parent=problem,
                    depth=2,
                    position=position,
                    label=f"({i + 1})",
                    title=f"具体问题{i + 1}",
                )
            )
            position += 1
            i += 1
    for f in Finding.objects.bulk_create(findings):
        tasks.append(Task(finding=f, status=Status.IN_PROGRESS, measure=f"措施{f.label}"))
    Task.objects.bulk_create(tasks)
    return campaign


@contextlib.contextmanager
def counting_findings():
    made = []

    def count(sender, instance, **kwargs):
        made.append(instance)

    post_init.connect(count, sender=Finding)
    try:
        yield made
    finally:
        post_init.disconnect(count, sender=Finding)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"view": "table"},
        {"page": "3"},
        {"category": "CAT2"},
        {"category": "CAT2", "view": "table", "page": "2"},
        {"status": Status.IN_PROGRESS},
    ],
)
def test_it_loads_the_same_findings_whatever_the_campaign_size(client, db, params):
    from tests.conftest import make_user

    small, large = ledger(330), ledger(1500)
    rebuild()
    client.force_login(make_user("o", Role.OFFICE))
    loaded, shown = {}, {}
    for campaign in (small, large):
        category = Finding.objects.filter(campaign=campaign, parent=None).order_by("position")[1]
        query = {"campaign": campaign.pk, **params}
        if query.get("category") == "CAT2":
            query["category"] = category.pk
        with counting_findings() as made:
            response = client.get(URL, query)
        assert response.status_code == 200
        items = response.context["items"]
        assert items
        loaded[campaign.pk], shown[campaign.pk] = len(made), len(items)
        # Every item is drawn under its own category and problem.
        for task in items:
            problem = Finding.objects.get(pk=task.finding.parent_id)
            assert task.category.pk == problem.parent_id
            if params.get("category"):
                assert problem.parent_id == category.pk
        if response.context["view"] == "tree":
            headings = [r["node"].pk for r in response.context["rows"] if "node" in r]
            assert {t.category.pk for t in items} <= set(headings)
            assert {t.finding.parent_id for t in items} <= set(headings)
    assert shown[small.pk] == shown[large.pk]
    # The page's items' findings, each with its problem joined to it, and the categories.
    assert loaded[large.pk] <= 2 * 50 + CATEGORIES
    assert loaded[large.pk] == loaded[small.pk]


def test_the_unfiltered_page_counts_from_the_rollups(client, db, django_assert_max_num_queries):
    """The office's unfiltered ledger takes its size from the rollups: no COUNT over the
    campaign's items, and the same pages as a COUNT would give."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import make_user

    campaign = ledger(130)
    rebuild()
    client.force_login(make_user("o", Role.OFFICE))
    with CaptureQueriesContext(connection) as q:
        response = client.get(URL, {"campaign": campaign.pk, "page": "3"})
    assert response.context["page"].paginator.count == 130
    assert len(response.context["items"]) == 30
    assert not [
        x for x in q.captured_queries if 'COUNT(*) AS "__count" FROM "tasks_task"' in x["sql"]
    ]
    filtered = client.get(URL, {"campaign": campaign.pk, "status": Status.IN_PROGRESS})
    assert filtered.context["page"].paginator.count == 130
