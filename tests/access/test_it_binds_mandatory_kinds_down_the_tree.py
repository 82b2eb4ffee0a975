"""必达 per organisation: an office makes kinds mandatory for its own organisation and
every one below it; a user is bound by the kinds of their organisation and of each above
it, never by a sibling's.

The world (tests/access/conftest.py): the district (the default organisation) under
广州市, beside 海珠区.
"""

import pytest
from django.urls import reverse

from tests.conftest import make_user
from zhenggai.accounts.models import Role
from zhenggai.audit.models import AuditEntry
from zhenggai.inbox.models import Delivery, MandatoryKind, Preference
from zhenggai.inbox.preferences import deliveries_for, delivery_for, table_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_office(world):
    return make_user("gz-office", Role.OFFICE, organisation=world.city)


def turn_off(user, *kinds):
    for kind in kinds:
        Preference.objects.create(user=user, kind=kind, delivery=Delivery.OFF)


def test_the_citys_mandatory_kind_binds_a_district_user(client, world, city_office):
    district_user = world.lead_liaison
    turn_off(district_user, "task")
    assert delivery_for(district_user, "task") == Delivery.OFF

    client.force_login(city_office)
    assert client.post(reverse("inbox:mandatory"), {"kinds": ["task"]}).status_code == 302
    row = MandatoryKind.objects.get()
    assert row.organisation == world.city and row.set_by == city_office
    entry = AuditEntry.objects.get(action="mandatory_kind_add")
    assert entry.actor == city_office and entry.after["organisation"] == "广州市"

    assert delivery_for(district_user, "task") == Delivery.IMMEDIATE
    assert {r["kind"] for r in table_for(district_user) if r["mandatory"]} == {"task"}
    # The sibling district is under the city too.
    sibling_user = make_user("hz-member", Role.MEMBER, organisation=world.sibling)
    turn_off(sibling_user, "task")
    assert delivery_for(sibling_user, "task") == Delivery.IMMEDIATE


def test_a_districts_mandatory_kind_does_not_bind_a_sibling_district(client, world):
    district_user = world.lead_liaison
    sibling_user = make_user("hz-member", Role.MEMBER, organisation=world.sibling)
    turn_off(district_user, "closure")
    turn_off(sibling_user, "closure")

    client.force_login(world.office)
    client.post(reverse("inbox:mandatory"), {"kinds": ["closure"]})
    assert MandatoryKind.objects.get().organisation == world.district

    assert deliveries_for([district_user.pk, sibling_user.pk], "closure") == {
        district_user.pk: Delivery.IMMEDIATE,
        sibling_user.pk: Delivery.OFF,
    }
    # Nor the city above it.
    city_user = make_user("gz-member", Role.MEMBER, organisation=world.city)
    turn_off(city_user, "closure")
    assert delivery_for(city_user, "closure") == Delivery.OFF
    # The sibling user may still choose; the district user may not.
    client.force_login(sibling_user)
    page = client.get(reverse("inbox:preferences")).content.decode()
    assert 'name="closure"' in page
    client.force_login(district_user)
    page = client.get(reverse("inbox:preferences")).content.decode()
    assert 'name="closure"' not in page


def test_an_office_sets_only_its_own_and_sees_what_is_set_above(client, world, city_office):
    client.force_login(city_office)
    client.post(reverse("inbox:mandatory"), {"kinds": ["task"]})
    client.force_login(world.office)
    client.post(reverse("inbox:mandatory"), {"kinds": ["notice"]})
    # Saving the district's own choice leaves the city's alone.
    client.post(reverse("inbox:mandatory"), {"kinds": []})
    assert list(MandatoryKind.objects.values_list("organisation__name", "kind")) == [
        ("广州市", "task")
    ]
    page = client.get(reverse("inbox:channels"))
    assert page.context["mandatory_form"].initial["kinds"] == []
    assert [m.kind for m in page.context["inherited_mandatory"]] == ["task"]
    assert "上级组织已设为必达" in page.content.decode()
    assert list(
        AuditEntry.objects.filter(action__startswith="mandatory_kind_")
        .order_by("id")
        .values_list("action", "actor__username")
    ) == [
        ("mandatory_kind_add", "gz-office"),
        ("mandatory_kind_add", "office"),
        ("mandatory_kind_remove", "office"),
    ]


def test_deliveries_take_at_most_three_queries(world, city_office, django_assert_max_num_queries):
    MandatoryKind.objects.create(organisation=world.city, kind="task")
    users = [world.lead_liaison.pk, world.sibling_office.pk, world.office.pk]
    with django_assert_max_num_queries(3):
        assert set(deliveries_for(users, "task").values()) == {Delivery.IMMEDIATE}
