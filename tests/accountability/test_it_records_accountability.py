import pytest

from zhenggai.accountability.models import Form, PartySanction, Rank, Record
from zhenggai.audit.models import AuditEntry

READERS = ["office", "discipline", "leader", "observer"]
WRITERS = ["office", "discipline"]
NOBODY = ["liaison", "member", "nounit"]


def _data(world, **extra):
    data = {
        "campaign": world.campaign.pk,
        "person_name": "",
        "rank": Rank.ZHENGCHU,
        "form": Form.YUETAN,
        "persons": 5,
        "decided_by": "区河长办",
        "item": world.t6.pk,
    }
    data.update(extra)
    return data


def _record(world, **kwargs):
    kwargs.setdefault("campaign", world.campaign)
    kwargs.setdefault("form", Form.ZHUIJIU)
    return Record.objects.create(**kwargs)


@pytest.mark.parametrize("who", WRITERS)
def test_it_lets_the_commission_and_the_office_record(client, world, who):
    client.force_login(world.users[who])
    response = client.post("/accountability/new/", _data(world))
    record = Record.objects.get()
    assert response.status_code == 302
    assert record.recorded_by == world.users[who]
    assert (record.persons, record.rank, record.item) == (5, Rank.ZHENGCHU, world.t6)
    entry = AuditEntry.objects.get(object_type="accountability")
    assert entry.action == "accountability_create" and entry.actor == world.users[who]
    assert entry.after["persons"] == 5
    # Not tied to the item's trail, which the item's units read.
    assert entry.task_id is None
    assert not AuditEntry.objects.for_task(world.t6).exists()


def test_it_audits_an_edit_with_before_and_after(client, world):
    record = _record(world, person_name="张三", persons=1)
    client.force_login(world.discipline)
    response = client.post(
        f"/accountability/{record.pk}/edit/",
        _data(
            world,
            person_name="张三",
            persons=1,
            form=Form.DANGJI,
            sanction=PartySanction.YANZHONG,
            post="街道纪工委书记",
        ),
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="accountability_update")
    assert entry.before["form"] == Form.ZHUIJIU and entry.after["form"] == Form.DANGJI
    assert entry.after["sanction"] == PartySanction.YANZHONG
    record.refresh_from_db()
    assert record.form_display == "党纪处分(严重警告)"


@pytest.mark.parametrize("who", ["leader", "observer"])
def test_it_lets_the_leading_group_and_higher_office_read_only(client, world, who):
    record = _record(world, person_name="李四")
    client.force_login(world.users[who])
    for url in ("/accountability/", "/accountability/summary/", f"/accountability/{record.pk}/"):
        assert client.get(url).status_code == 200
    assert client.get("/accountability/new/").status_code == 403
    assert client.post("/accountability/new/", _data(world)).status_code == 403
    assert client.get(f"/accountability/{record.pk}/edit/").status_code == 403
    assert client.post(f"/accountability/{record.pk}/edit/", _data(world)).status_code == 403
    assert Record.objects.count() == 1 and not AuditEntry.objects.exists()


@pytest.mark.parametrize("who", NOBODY)
def test_it_shuts_units_out(client, world, who):
    record = _record(world, person_name="王五", item=world.t6)
    client.force_login(world.users[who])
    for url in (
        "/accountability/",
        "/accountability/summary/",
        f"/accountability/{record.pk}/",
        "/accountability/new/",
        f"/accountability/{record.pk}/edit/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post("/accountability/new/", _data(world)).status_code == 403
    # The item's own page, which the liaison may read, does not leak the name either.
    if who != "nounit":
        body = client.get(f"/ledger/{world.t6.pk}/").content.decode()
        assert "王五" not in body


def test_it_sends_anonymous_users_to_login(client, world):
    response = client.get("/accountability/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_keeps_the_sanction_for_party_discipline_only(client, world):
    client.force_login(world.office)
    response = client.post(
        "/accountability/new/", _data(world, form=Form.YUETAN, sanction=PartySanction.JINGGAO)
    )
    assert response.status_code == 200
    assert "只有党纪处分才填写处分种类" in response.content.decode()
    assert not Record.objects.exists()


def test_it_refuses_an_item_of_another_campaign(client, world):
    client.force_login(world.office)
    response = client.post("/accountability/new/", _data(world, item=world.t_else.pk))
    assert response.status_code == 200
    assert not Record.objects.exists()


def test_it_refuses_zero_persons(client, world):
    client.force_login(world.office)
    client.post("/accountability/new/", _data(world, persons=0))
    assert not Record.objects.exists()


def test_it_escapes_names_and_notes(client, world):
    record = _record(world, person_name="<script>x()</script>", note="<i>n</i>")
    client.force_login(world.leader)
    for url in (f"/accountability/?campaign={world.campaign.pk}", f"/accountability/{record.pk}/"):
        body = client.get(url).content.decode()
        assert "<script>x()" not in body and "&lt;script&gt;" in body
    assert "<i>n</i>" not in client.get(f"/accountability/{record.pk}/").content.decode()
