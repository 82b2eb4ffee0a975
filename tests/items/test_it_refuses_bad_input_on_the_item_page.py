"""What an attacker typed into the item page's forms: impossible dates, NUL bytes and
control characters, two million characters. Each is a 422 with a clear message, never a
500, and nothing is written."""

import pytest
from django.urls import reverse

from tests.world import login
from zhenggai.audit.models import AuditEntry
from zhenggai.lib.inputs import TEXT_MAX
from zhenggai.reporting.models import ProgressReport
from zhenggai.tasks.models import DeadlineExtension, SubAction, Task, Transition


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def snapshot():
    return (
        ProgressReport.objects.count(),
        DeadlineExtension.objects.count(),
        Transition.objects.count(),
        AuditEntry.objects.count(),
        SubAction.objects.count(),
        sorted(Task.objects.values_list("pk", "version", "leader", "measure", "revised_deadline")),
    )


def post(client, url, data, expected_message):
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code == 422, response.status_code
    assert expected_message in response.content.decode()
    assert snapshot() == before
    return response


@pytest.mark.parametrize("day", ["2018-02-30", "2018-13-01", "2019-02-29", "2018-00-10"])
def test_it_refuses_a_report_on_a_day_that_does_not_exist(client, world, day):
    login(client, world.lead_liaison)
    url = reverse("task_report", args=[world.t1.pk])
    post(client, url, {"period": "day", "day": day, "text": "已完成"}, "填报日期格式不正确")


def test_it_refuses_an_extension_to_a_day_that_does_not_exist(client, world):
    login(client, world.lead_liaison)
    url = reverse("task_move", args=[world.t1.pk, "request_extension"])
    data = {"version": world.t1.version, "new_deadline": "2019-02-29", "text": "拆违需时"}
    post(client, url, data, "请填写申请延至的日期")


def test_it_refuses_an_assignment_deadline_that_does_not_exist(client, world):
    login(client, world.office)
    url = reverse("task_move", args=[world.t1.pk, "set_assignment"])
    data = {
        "version": world.t1.version,
        "lead_unit": world.lead.pk,
        "deadline": "2018-02-30",
        "timeframe": "deadline",
    }
    post(client, url, data, "完成时限格式不正确")


@pytest.mark.parametrize("bad", ["\x00", "a\x00b", "\x1b[31m", "\x07", "\x7f", "\x85"])
def test_it_refuses_nul_and_control_characters_in_a_report(client, world, bad):
    login(client, world.lead_liaison)
    url = reverse("task_report", args=[world.t1.pk])
    message = "空字符" if "\x00" in bad else "控制字符"
    post(client, url, {"period": "day", "day": "2018-11-20", "text": f"进展{bad}"}, message)


def test_it_refuses_nul_in_a_reason(client, world):
    login(client, world.lead_liaison)
    url = reverse("task_move", args=[world.t1.pk, "request_extension"])
    data = {"version": world.t1.version, "new_deadline": "2018-12-31", "text": "理由\x00"}
    post(client, url, data, "空字符")


def test_it_refuses_nul_in_the_leader_and_an_overlong_leader(client, world):
    login(client, world.office)
    url = reverse("task_move", args=[world.t1.pk, "set_assignment"])
    data = {"version": world.t1.version, "lead_unit": world.lead.pk, "timeframe": "deadline"}
    post(client, url, {**data, "leader": "张\x00副区长"}, "空字符")
    post(client, url, {**data, "leader": "张" * 101}, "不能超过 100 字")


def test_it_refuses_nul_in_a_measure(client, world):
    login(client, world.office)
    url = reverse("task_measure", args=[world.t1.pk])
    data = {
        "version": world.t1.version,
        "measure": "新的措施\x00",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
    }
    post(client, url, data, "空字符")


def test_it_refuses_a_report_longer_than_the_api_takes(client, world):
    login(client, world.lead_liaison)
    url = reverse("task_report", args=[world.t1.pk])
    huge = "a" * 2_000_000
    post(client, url, {"period": "day", "day": "2018-11-20", "text": huge}, "不能超过")
    # Two million Chinese characters (6 MB) do not even reach the view: Django's own
    # request size limit answers 400.
    before = snapshot()
    response = client.post(url, {"period": "day", "day": "2018-11-20", "text": "整" * 2_000_000})
    assert response.status_code == 400 and snapshot() == before
    # The cap is the API's, to the character.
    ok = client.post(url, {"period": "day", "day": "2018-11-20", "text": "整" * TEXT_MAX})
    assert ok.status_code == 302
    assert len(ProgressReport.objects.get().text) == TEXT_MAX


def test_it_refuses_nul_in_an_ordinary_form(client, world):
    login(client, world.office)
    before = AuditEntry.objects.count(), world.campaign.meetings.count()
    response = client.post(
        reverse("meetings:meeting_new"),
        {
            "campaign": world.campaign.pk,
            "kind": "routine",
            "title": "第\x00次例会",
            "date": "2018-02-30",
        },
    )
    assert response.status_code == 200  # the form again, with its errors
    errors = response.context["form"].errors
    assert "空字符" in str(errors["title"]) and "date" in errors
    assert (AuditEntry.objects.count(), world.campaign.meetings.count()) == before
