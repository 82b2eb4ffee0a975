import pytest

from zhenggai.audit.models import AuditEntry
from zhenggai.meetings.models import Meeting, MeetingKind, meetings_for


def _post(world, **extra):
    data = {
        "campaign": world.campaign.pk,
        "kind": MeetingKind.PROGRESS,
        "title": "领导小组推进会",
        "date": "2018-09-10",
        "chair": "区委书记",
        "attendees": "领导小组成员",
        "decisions": "加快推进黑臭河涌整治",
        "tasks": [world.t6.pk],
    }
    data.update(extra)
    return data


def test_it_lets_the_office_record_a_meeting_with_the_items_it_touched(client, world):
    client.force_login(world.office)
    response = client.post("/meetings/new/", _post(world))
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    assert list(meeting.tasks.all()) == [world.t6]
    assert meeting.created_by == world.office
    assert list(meetings_for(world.t6)) == [meeting]
    assert list(meetings_for(world.t38)) == []
    entry = AuditEntry.objects.get(object_type="meeting")
    assert entry.action == "meeting_create"
    assert entry.after["tasks"] == [str(world.t6)]


def test_it_audits_an_edit_with_before_and_after(client, world):
    client.force_login(world.office)
    client.post("/meetings/new/", _post(world))
    meeting = Meeting.objects.get()
    client.post(f"/meetings/{meeting.pk}/edit/", _post(world, title="第二次推进会"))
    entry = AuditEntry.objects.filter(action="meeting_update").get()
    assert entry.before["title"] == "领导小组推进会"
    assert entry.after["title"] == "第二次推进会"


def test_it_refuses_items_of_another_campaign(client, world):
    client.force_login(world.office)
    response = client.post("/meetings/new/", _post(world, tasks=[world.t_else.pk]))
    assert response.status_code == 200
    assert "所选事项不属于该整改工作" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("who", ["leader", "discipline", "observer", "liaison", "member"])
def test_it_lets_only_the_office_write(client, world, who):
    client.force_login(world.users[who])
    assert client.get("/meetings/new/").status_code == 403
    assert client.post("/meetings/new/", _post(world)).status_code == 403
    assert not Meeting.objects.exists()


def test_it_sends_anonymous_users_to_login(client, world):
    assert client.get("/meetings/").status_code == 302
    assert client.get("/documents/").status_code == 302


def test_it_shows_a_unit_only_its_campaigns_meetings_and_items(client, world):
    here = Meeting.objects.create(
        campaign=world.campaign, kind=MeetingKind.TOPIC, title="专题会议", date="2018-08-01"
    )
    here.tasks.set([world.t6, world.t38])
    away = Meeting.objects.create(
        campaign=world.elsewhere, kind=MeetingKind.TOPIC, title="别处会议", date="2018-08-01"
    )
    client.force_login(world.liaison)
    body = client.get("/meetings/").content.decode()
    assert "专题会议" in body and "别处会议" not in body
    assert client.get(f"/meetings/{away.pk}/").status_code == 404
    detail = client.get(f"/meetings/{here.pk}/").content.decode()
    assert "黑臭河涌" in detail
    assert "向下传导压力" not in detail  # item (38) is not the unit's
    client.force_login(world.nounit)
    assert client.get(f"/meetings/{here.pk}/").status_code == 404


def test_it_escapes_what_people_typed(client, world):
    meeting = Meeting.objects.create(
        campaign=world.campaign,
        kind=MeetingKind.ROUTINE,
        title="<script>alert(1)</script>",
        date="2018-08-01",
        decisions="<b>x</b>",
    )
    client.force_login(world.office)
    for url in ("/meetings/", f"/meetings/{meeting.pk}/"):
        body = client.get(url).content.decode()
        assert "<script>alert(1)" not in body
        assert "&lt;script&gt;" in body
    assert "<b>x</b>" not in client.get(f"/meetings/{meeting.pk}/").content.decode()
