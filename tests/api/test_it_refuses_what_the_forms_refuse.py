"""The API and the pages take the same texts: the same cap, and neither NUL nor other
control characters (lib/inputs.py). A refusal is a 422 and writes nothing."""

import pytest

from zhenggai.audit.models import AuditEntry
from zhenggai.lib.inputs import TEXT_MAX
from zhenggai.reporting.models import ProgressReport
from zhenggai.tasks.models import Status, Task


@pytest.fixture
def claimed(world):
    Task.objects.filter(pk=world.t1.pk).update(status=Status.CLAIMED)
    world.t1.refresh_from_db()
    return world.t1


@pytest.mark.parametrize(
    "text", ["x\x00", "\x1b[2J", "bell\x07", "del\x7f", "nel\x85", "x" * (TEXT_MAX + 1)]
)
def test_it_refuses_a_report_the_forms_would_refuse(api, world, keys, claimed, text):
    before = ProgressReport.objects.count(), AuditEntry.objects.count()
    response = api.post(
        f"/items/{claimed.pk}/reports",
        {"period": "week", "day": "2018-11-20", "text": text},
        keys["lead_liaison"],
    )
    assert response.status_code == 422
    assert response.json()["error"] == "请求参数不正确。"
    assert (ProgressReport.objects.count(), AuditEntry.objects.count()) == before


def test_it_keeps_line_breaks_and_tabs_and_takes_the_cap_exactly(api, world, keys, claimed):
    head = "一是\t完成\r\n二是完成\n"
    text = head + "整" * (TEXT_MAX - len(head))
    response = api.post(
        f"/items/{claimed.pk}/reports",
        {"period": "week", "day": "2018-11-20", "text": text},
        keys["lead_liaison"],
    )
    assert response.status_code == 201
    assert ProgressReport.objects.get().text == text.strip()


def test_it_refuses_a_reason_with_control_characters(api, world, keys):
    Task.objects.filter(pk=world.t1.pk).update(status=Status.IN_PROGRESS)
    response = api.post(
        f"/items/{world.t1.pk}/transitions",
        {"move": "report_staged", "version": world.t1.version, "text": "成效\x0b"},
        keys["lead_liaison"],
    )
    assert response.status_code == 422
    assert Task.objects.get(pk=world.t1.pk).status == Status.IN_PROGRESS
