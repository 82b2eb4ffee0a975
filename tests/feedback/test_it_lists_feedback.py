"""/feedback/: counts at the top, filters, bounded queries."""

from django.urls import reverse

from tests.feedback.conftest import make_feedback
from zhenggai.feedback.models import Channel, Status

URL = reverse("feedback_list")


def fill(world):
    a = make_feedback(world.campaign, "一", item=world.t1)
    b = make_feedback(
        world.campaign, "二", channel=Channel.PHONE, unit=world.unit, status=Status.ASSIGNED
    )
    c = make_feedback(world.campaign, "三", item=world.t2, unit=world.other, status=Status.ASSIGNED)
    c.answer(world.office, "答复三")
    d = make_feedback(world.campaign, "四")
    d.answer(world.office, "答复四")
    d.close(world.office)
    e = make_feedback(world.campaign, "五")
    e.close(world.office)
    return a, b, c, d, e


def test_it_counts_received_answered_open(client, world):
    fill(world)
    client.force_login(world.office)
    response = client.get(URL)
    assert response.context["counts"] == {"received": 5, "answered": 2, "open": 2}
    # Counts are of everything the user may see, whatever the filter.
    assert client.get(URL, {"status": "closed"}).context["counts"]["received"] == 5


def test_it_counts_what_a_unit_sees(client, world):
    fill(world)
    client.force_login(world.liaison)
    assert client.get(URL).context["counts"] == {"received": 1, "answered": 0, "open": 1}


def test_it_filters(client, world):
    a, b, c, d, e = fill(world)
    client.force_login(world.office)

    def listed(**params):
        return {f.pk for f in client.get(URL, params).context["page"].object_list}

    assert listed(status="closed") == {d.pk, e.pk}
    assert listed(channel="phone") == {b.pk}
    assert listed(unit=world.other.pk) == {c.pk}
    assert listed(item=world.t1.pk) == {a.pk}
    assert listed(status="nonsense", unit="x") == {a.pk, b.pk, c.pk, d.pk, e.pk}


def test_it_keeps_queries_bounded(client, world, django_assert_max_num_queries):
    for i in range(30):
        make_feedback(world.campaign, f"意见{i}", item=world.t1, unit=world.unit)
    client.force_login(world.office)
    with django_assert_max_num_queries(10):
        assert client.get(URL).status_code == 200
    feedback = make_feedback(world.campaign, item=world.t1, unit=world.unit)
    feedback.assign_to_unit(world.office, world.other)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("feedback_detail", args=[feedback.pk])).status_code == 200


def test_it_pages(client, world):
    for i in range(55):
        make_feedback(world.campaign, f"意见{i}")
    client.force_login(world.office)
    assert len(client.get(URL).context["page"].object_list) == 50
    assert len(client.get(URL, {"page": 2}).context["page"].object_list) == 5
