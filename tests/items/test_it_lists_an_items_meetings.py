import datetime

from zhenggai.meetings.models import Meeting, MeetingKind


def test_it_lists_the_meetings_that_touched_the_item(client, world):
    meeting = Meeting.objects.create(
        campaign=world.t1.finding.campaign,
        kind=MeetingKind.ROUTINE,
        title="第3次整改办工作例会",
        date=datetime.date(2018, 8, 20),
    )
    meeting.tasks.add(world.t1)
    client.force_login(world.lead_liaison)
    page = client.get(f"/ledger/{world.t1.pk}/").content.decode()
    assert "第3次整改办工作例会" in page
    assert f"/meetings/{meeting.pk}/" in page
    other = client.get(f"/ledger/{world.t2.pk}/").content.decode()
    assert "第3次整改办工作例会" not in other
