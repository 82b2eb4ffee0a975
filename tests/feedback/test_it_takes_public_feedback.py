"""The public form at /public/feedback/: no login, rate-limited per address, honeypot,
size limits, CSRF, a thank-you page with a reference number."""

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from zhenggai.audit.models import AuditEntry
from zhenggai.feedback.models import Channel, Feedback, Status

URL = reverse("feedback_public")


def send(client, ip="203.0.113.7", **data):
    data.setdefault("message", "大厦消防通道仍被占用,请尽快整改。")
    return client.post(URL, data, REMOTE_ADDR=ip)


def test_it_shows_the_form_without_login(client, world):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="message"' in body and 'maxlength="2000"' in body
    assert 'name="website"' in body  # the honeypot is there, hidden by CSS
    assert "csrfmiddlewaretoken" in body


def test_it_preselects_the_report_and_item(client, world):
    response = client.get(URL, {"report": world.report.pk, "item": world.t1.pk})
    body = response.content.decode()
    assert f'name="report" value="{world.report.pk}"' in body
    assert f'<option value="{world.t1.pk}" selected>' in body
    assert "新中国大厦" in body


def test_it_accepts_a_normal_message(client, world):
    response = send(
        client,
        report=world.report.pk,
        item=world.t1.pk,
        name="张三",
        contact="13800000000",
        message="第一行\r\n第二行",
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.channel, feedback.status) == (Channel.WEB, Status.NEW)
    assert feedback.campaign == world.campaign
    assert feedback.report_id == world.report.pk
    assert feedback.item == world.t1
    assert (feedback.name, feedback.contact) == ("张三", "13800000000")
    assert feedback.message == "第一行\n第二行"
    assert AuditEntry.objects.filter(action="feedback_receive", object_id=feedback.pk).exists()

    thanks = client.get(response.url)
    assert thanks.status_code == 200
    assert feedback.reference in thanks.content.decode()
    assert "感谢" in thanks.content.decode()


def test_it_never_stores_the_address(client, world):
    send(client, ip="198.51.100.23")
    feedback = Feedback.objects.get()
    assert feedback.client_hash and "198.51.100.23" not in feedback.client_hash
    for entry in AuditEntry.objects.all():
        assert "198.51.100.23" not in str(entry.before) + str(entry.after) + entry.note


def test_it_goes_to_the_latest_published_campaign_without_a_report(client, world):
    assert send(client).status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.campaign == world.campaign
    assert feedback.report is None and feedback.item is None


def test_it_ignores_an_item_that_is_not_in_the_report(client, world):
    from tests.feedback.conftest import make_task

    hidden = make_task(world.campaign, "(9)", "未公开的事项", position=9)
    send(client, report=world.report.pk, item=hidden.pk)
    assert Feedback.objects.get().item is None
    body = client.get(URL, {"report": world.report.pk, "item": hidden.pk}).content.decode()
    assert "未公开的事项" not in body


def test_it_ignores_a_draft_or_unknown_report(client, world):
    send(client, report="999999", item="abc")
    assert Feedback.objects.get().report is None


def test_it_refuses_a_flood_from_one_address(client, world):
    for _ in range(5):
        assert send(client).status_code == 302
    response = send(client)
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert Feedback.objects.count() == 5


def test_it_counts_addresses_separately(client, world):
    for _ in range(5):
        send(client, ip="203.0.113.7")
    assert send(client, ip="203.0.113.7").status_code == 429
    assert send(client, ip="203.0.113.8").status_code == 302
    assert Feedback.objects.count() == 6


def test_it_limits_a_day_as_well(client, world, settings):
    settings.FEEDBACK_PER_10_MINUTES = 100
    settings.FEEDBACK_PER_DAY = 3
    for _ in range(3):
        assert send(client).status_code == 302
    assert send(client).status_code == 429
    assert Feedback.objects.count() == 3


def test_it_lets_an_address_write_again_later(client, world):
    import datetime

    for _ in range(5):
        send(client)
    Feedback.objects.update(
        received_at=Feedback.objects.first().received_at - datetime.timedelta(minutes=11)
    )
    assert send(client).status_code == 302


def test_it_reads_the_proxy_header_when_told(client, world, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    for i in range(5):
        client.post(
            URL,
            {"message": "意见"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.1.1.1, 203.0.113.{i}",
        )
    # Five clients behind the same proxy: none is limited.
    assert Feedback.objects.count() == 5
    assert len(set(Feedback.objects.values_list("client_hash", flat=True))) == 5


def test_it_refuses_a_filled_honeypot(client, world):
    response = send(client, website="http://spam.example")
    assert response.status_code == 400
    assert "提交未成功" in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "data, shown",
    [
        ({"message": "长" * 2001}, "2000"),
        ({"name": "名" * 101}, "姓名"),
        ({"contact": "1" * 101}, "联系方式"),
        ({"message": "   "}, "请填写意见建议内容"),
    ],
)
def test_it_refuses_oversize_or_empty_fields(client, world, data, shown):
    response = send(client, **data)
    assert response.status_code == 400
    body = response.content.decode()
    assert shown in body
    assert 'name="message"' in body  # the form again, with what was typed
    assert not Feedback.objects.exists()


def test_it_counts_a_crlf_as_one_character(client, world):
    assert (
        send(client, message="字\r\n" * 666 + "字字").status_code == 302
    )  # 2000 after normalising


def test_it_checks_csrf(world):
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, {"message": "意见"}).status_code == 403
    assert not Feedback.objects.exists()


def test_it_refuses_other_methods(client, world):
    assert client.put(URL).status_code == 405


def test_it_rejects_a_forged_thanks_link(client, world):
    assert client.get(reverse("feedback_thanks", args=["1:forged"])).status_code == 404


def test_it_renders_the_partial_for_the_report_page(world):
    request = RequestFactory().get("/public/1/")
    items = [
        (world.t1.pk, "(1)", "新中国大厦"),
        (None, "(x)", "无对应事项"),
        (world.t2.pk, "(2)", "科技"),
    ]
    html = render_to_string(
        "feedback/_public_form.html", {"report": world.report, "items": items}, request=request
    )
    assert f'action="{URL}"' in html
    assert f'name="report" value="{world.report.pk}"' in html
    assert html.count("<option") == 3  # "not about an item", (1), (2); none for a missing id
    assert "csrfmiddlewaretoken" in html
    assert "<script" not in html


def test_it_renders_the_partial_without_a_report(world):
    html = render_to_string(
        "feedback/_public_form.html",
        {"report": None, "items": []},
        request=RequestFactory().get("/"),
    )
    assert 'name="report"' not in html and "<select" not in html


def test_the_page_limits_match_the_model(world):
    from zhenggai.feedback.models import CONTACT_MAX, MESSAGE_MAX, NAME_MAX

    html = render_to_string("feedback/_public_form.html", {}, request=RequestFactory().get("/"))
    assert f'maxlength="{MESSAGE_MAX}"' in html
    assert html.count(f'maxlength="{NAME_MAX}"') == 2 and NAME_MAX == CONTACT_MAX
