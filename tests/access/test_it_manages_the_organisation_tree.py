"""组织机构管理: administrators draw the whole tree; an organisation's office manages the
part below its own organisation — never its own node, a sibling's or anything above.
Every change is audited; a stale page is a conflict, not a silent overwrite.

The world (tests/access/conftest.py): the district (the office's, the default
organisation) under 广州市, beside 海珠区 (the sibling office's).
"""

import pytest
from django.urls import reverse

from tests.conftest import make_user
from zhenggai.accounts.models import Role, User
from zhenggai.audit.models import AuditEntry
from zhenggai.inbox.models import Channel
from zhenggai.organisations.manage import tree_rows
from zhenggai.organisations.models import Organisation

pytestmark = pytest.mark.django_db

LIST = reverse("manage_organisations")
NEW = reverse("manage_organisation_new")


def edit_url(org):
    return reverse("manage_organisation", args=[org.pk])


def move_url(org):
    return reverse("manage_organisation_move", args=[org.pk])


def tree_changes():
    return AuditEntry.objects.filter(action__startswith="organisation_").count()


def snapshot_tree():
    return list(Organisation.objects.values_list("pk", "name", "kind", "parent_id", "path"))


@pytest.fixture
def street(world):
    return Organisation.create(None, "沙面街道", Organisation.Kind.STREET, parent=world.district)


def test_the_page_shows_the_tree_with_counts_indented(client, world, street):
    client.force_login(world.admin)
    page = client.get(LIST)
    assert page.status_code == 200
    rows = {r.name: r for r in page.context["rows"]}
    assert [r.name for r in page.context["rows"]][:2] == ["广州市", world.district.name]
    assert rows["广州市"].level == 0 and rows[world.district.name].level == 1
    assert rows["沙面街道"].level == 2
    district = rows[world.district.name]
    assert district.n_campaigns == 1
    assert district.n_units == 3  # lead, shared, other
    assert district.n_users == User.objects.filter(organisation=world.district).count()
    assert rows["海珠区"].n_units == 1 and rows["海珠区"].n_users == 1
    html = page.content.decode()
    assert "组织机构管理" in html and "沙面街道" in html


def test_the_tree_costs_four_queries(world, street, django_assert_num_queries):
    with django_assert_num_queries(4):
        tree_rows(world.admin)


def test_an_office_sees_and_manages_only_below_its_own(client, world, street):
    client.force_login(world.office)
    rows = {r.name: r for r in client.get(LIST).context["rows"]}
    assert set(rows) == {world.district.name, "沙面街道"}
    assert not rows[world.district.name].may_edit and rows[world.district.name].may_add
    assert rows["沙面街道"].may_edit
    # The management page links it; an administrator's navigation too.
    assert LIST in client.get(reverse("manage")).content.decode()
    client.force_login(world.admin)
    assert LIST in client.get(reverse("manage_users")).content.decode()


def test_an_office_adds_renames_and_moves_below_its_own_audited(client, world, street):
    client.force_login(world.office)
    response = client.post(NEW, {"parent": world.district.pk, "name": "多宝街道", "kind": "street"})
    assert response.status_code == 302
    duobao = Organisation.objects.get(name="多宝街道")
    assert duobao.parent == world.district and duobao.path.startswith(world.district.path)

    response = client.post(
        edit_url(duobao), {"name": "多宝街道办事处", "kind": "street", "version": duobao.version}
    )
    assert response.status_code == 302
    duobao.refresh_from_db()
    assert duobao.name == "多宝街道办事处" and duobao.version == 2

    response = client.post(move_url(duobao), {"parent": street.pk, "version": duobao.version})
    assert response.status_code == 302
    duobao.refresh_from_db()
    assert duobao.parent == street and duobao.path.startswith(street.path)

    actions = list(
        AuditEntry.objects.filter(object_type="organisation", object_id=duobao.pk)
        .order_by("id")
        .values_list("action", "actor_id")
    )
    assert actions == [
        ("organisation_create", world.office.pk),
        ("organisation_edit", world.office.pk),
        ("organisation_move", world.office.pk),
    ]


def test_a_district_office_cannot_touch_a_sibling_or_its_parent(client, world, street):
    client.force_login(world.office)
    before, changes = snapshot_tree(), tree_changes()
    for org in (world.sibling, world.city):
        # Not in its part of the tree: not even shown.
        assert client.get(edit_url(org)).status_code == 404
        got = client.post(edit_url(org), {"name": "改名", "kind": "city", "version": org.version})
        assert got.status_code == 404
        got = client.post(move_url(org), {"parent": world.district.pk, "version": org.version})
        assert got.status_code == 404
    # Its own node: seen, and refused.
    own = world.district
    assert client.get(edit_url(own)).status_code == 403
    got = client.post(edit_url(own), {"name": "改名", "kind": "district", "version": own.version})
    assert got.status_code == 403
    got = client.post(move_url(own), {"parent": world.sibling.pk, "version": own.version})
    assert got.status_code == 403
    # Nothing added under the sibling or the city, nothing moved out of its subtree.
    for parent in (world.sibling, world.city):
        got = client.post(NEW, {"parent": parent.pk, "name": "越级组织", "kind": "street"})
        assert got.status_code == 400
    got = client.post(NEW, {"parent": "", "name": "越级组织", "kind": "city"})
    assert got.status_code == 400
    got = client.post(move_url(street), {"parent": world.sibling.pk, "version": street.version})
    assert got.status_code == 400

    assert snapshot_tree() == before and tree_changes() == changes


def test_the_sibling_office_cannot_touch_this_districts_subtree(client, world, street):
    client.force_login(world.sibling_office)
    before, changes = snapshot_tree(), tree_changes()
    assert client.get(edit_url(street)).status_code == 404
    got = client.post(edit_url(street), {"name": "改名", "kind": "street", "version": 1})
    assert got.status_code == 404
    got = client.post(NEW, {"parent": street.pk, "name": "越界", "kind": "street"})
    assert got.status_code == 400
    assert snapshot_tree() == before and tree_changes() == changes


def test_a_move_under_its_own_descendant_is_refused_with_the_reason(client, world, street):
    below = Organisation.create(None, "沙面社区", Organisation.Kind.STREET, parent=street)
    client.force_login(world.admin)
    before, changes = snapshot_tree(), tree_changes()
    for target in (below, street):
        got = client.post(move_url(street), {"parent": target.pk, "version": street.version})
        assert got.status_code == 400
        assert "不能移到自身或其下级之下" in got.content.decode()
    assert snapshot_tree() == before and tree_changes() == changes


def test_a_stale_edit_is_a_conflict_not_an_overwrite(client, world, street):
    client.force_login(world.office)
    shown = street.version
    street.edit(world.admin, name="沙面街道办事处")
    got = client.post(edit_url(street), {"name": "沙面街", "kind": "street", "version": shown})
    assert got.status_code == 409
    assert "已被他人修改" in got.content.decode()
    assert 'value="沙面街"' in got.content.decode()  # what was typed is kept
    street.refresh_from_db()
    assert street.name == "沙面街道办事处"
    got = client.post(move_url(street), {"parent": world.district.pk, "version": shown})
    assert got.status_code == 409
    assert AuditEntry.objects.filter(action="organisation_edit").count() == 1


def test_an_administrator_draws_the_whole_tree(client, world):
    client.force_login(world.admin)
    got = client.post(NEW, {"parent": "", "name": "广东省", "kind": "province"})
    assert got.status_code == 302
    province = Organisation.objects.get(name="广东省")
    city = world.city
    got = client.post(move_url(city), {"parent": province.pk, "version": city.version})
    assert got.status_code == 302
    world.district.refresh_from_db()
    assert world.district.path.startswith(province.path)
    got = client.post(edit_url(city), {"name": "广州市", "kind": "city", "version": 1})
    assert got.status_code == 409  # the move bumped its version


def test_other_roles_are_refused(client, world):
    for role in ("leader", "discipline", "observer", "city_office", "lead_liaison"):
        client.force_login(world.people[role])
        assert client.get(LIST).status_code == 403
        assert client.post(NEW, {"name": "x", "kind": "street"}).status_code == 403


# --- units and accounts are put in an organisation where the actor may ----------------


def test_the_office_moves_a_unit_to_an_organisation_below_and_its_channel_follows(
    client, world, street
):
    channel = Channel.objects.create(
        name="住建局群", kind="generic", url="https://a.example/2", unit=world.lead
    )
    assert channel.owner_organisation_id == world.district.pk
    client.force_login(world.office)
    form = client.get(reverse("manage_unit", args=[world.lead.pk])).context["form"]
    assert set(form.fields["organisation"].queryset) == {world.district, street}

    data = {
        "name": world.lead.name,
        "kind": world.lead.kind,
        "position": 0,
        "is_active": "on",
        "liaison": world.lead.liaison_id or "",
    }
    refused = client.post(
        reverse("manage_unit", args=[world.lead.pk]), {**data, "organisation": world.sibling.pk}
    )
    assert refused.status_code == 200 and refused.context["form"].errors["organisation"]
    world.lead.refresh_from_db()
    assert world.lead.organisation == world.district

    got = client.post(
        reverse("manage_unit", args=[world.lead.pk]), {**data, "organisation": street.pk}
    )
    assert got.status_code == 302
    world.lead.refresh_from_db()
    assert world.lead.organisation == street
    entry = AuditEntry.objects.get(action="unit_organisation", object_id=world.lead.pk)
    assert entry.before["organisation"]["name"] == world.district.name
    assert entry.after["organisation"]["name"] == "沙面街道"
    # The channel is the street's now: read from its unit, nothing stale stored.
    channel = Channel.objects.select_related("unit").get(pk=channel.pk)
    assert channel.owner_organisation_id == street.pk


def test_a_unit_channel_follows_its_unit_to_another_district(client, world):
    channel = Channel.objects.create(
        name="住建局群", kind="generic", url="https://a.example/2", unit=world.lead
    )
    client.force_login(world.sibling_office)
    assert "住建局群" not in client.get(reverse("inbox:channels")).content.decode()
    world.lead.assign_organisation(world.admin, world.sibling)
    assert "住建局群" in client.get(reverse("inbox:channels")).content.decode()
    assert client.get(reverse("inbox:channel_edit", args=[channel.pk])).status_code == 200
    client.force_login(world.office)
    assert client.get(reverse("inbox:channel_edit", args=[channel.pk])).status_code == 404


def test_accounts_are_put_only_where_the_actor_may(client, world, street):
    liaison = world.shared_liaison
    client.force_login(world.office)
    form = client.get(reverse("manage_user", args=[liaison.pk])).context["form"]
    assert set(form.fields["organisation"].queryset) == {world.district, street}
    data = {
        "display_name": "共享联络员",
        "role": Role.LIAISON,
        "unit": world.shared.pk,
        "is_active": "on",
    }
    got = client.post(
        reverse("manage_user", args=[liaison.pk]), {**data, "organisation": world.sibling.pk}
    )
    assert got.status_code == 200 and got.context["form"].errors["organisation"]
    liaison.refresh_from_db()
    assert liaison.organisation == world.district

    # An administrator puts an account anywhere; the change is audited.
    office = make_user("gz-office", Role.OFFICE)
    client.force_login(world.admin)
    got = client.post(
        reverse("manage_user", args=[office.pk]),
        {"display_name": "市整改办", "role": Role.OFFICE, "organisation": world.city.pk},
    )
    assert got.status_code == 302
    office.refresh_from_db()
    assert office.organisation == world.city
    entry = AuditEntry.objects.filter(action="account_update", object_id=office.pk).get()
    assert entry.after["organisation"]["name"] == "广州市"
