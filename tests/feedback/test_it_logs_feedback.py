"""/feedback/new/: the office logs what came by phone, e-mail, post or visit."""

from django.urls import reverse

from zhenggai.audit.models import AuditEntry
from zhenggai.feedback.models import Channel, Feedback, Status

URL = reverse("feedback_new")


def test_it_logs_a_phone_call(client, world):
    client.force_login(world.office)
    response = client.post(
        URL,
        {
            "campaign": world.campaign.pk,
            "channel": Channel.PHONE,
            "received_at": "2018-12-01T09:30",
            "message": "来电反映大厦消防问题",
            "name": "李四",
            "contact": "020-81007107",
            "item": world.t1.pk,
        },
    )
    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("feedback_detail", args=[feedback.pk])
    assert (feedback.channel, feedback.status, feedback.item) == (
        Channel.PHONE,
        Status.NEW,
        world.t1,
    )
    assert feedback.logged_by == world.office and feedback.client_hash == ""
    assert AuditEntry.objects.filter(action="feedback_log", object_id=feedback.pk).exists()


def test_it_offers_no_web_channel(client, world):
    client.force_login(world.office)
    body = client.get(URL).content.decode()
    assert 'value="phone"' in body and 'value="web"' not in body
    response = client.post(
        URL,
        {
            "campaign": world.campaign.pk,
            "channel": "web",
            "received_at": "2018-12-01T09:30",
            "message": "x",
        },
    )
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_it_refuses_an_item_of_another_campaign(client, world):
    from tests.feedback.conftest import make_task
    from zhenggai.inspections.models import Campaign

    elsewhere = make_task(Campaign.objects.create(name="另一轮整改"), "(1)", "别处")
    client.force_login(world.office)
    response = client.post(
        URL,
        {
            "campaign": world.campaign.pk,
            "channel": Channel.POST,
            "received_at": "2018-12-01T09:30",
            "message": "来信",
            "item": elsewhere.pk,
        },
    )
    assert response.status_code == 400
    assert not Feedback.objects.exists()
