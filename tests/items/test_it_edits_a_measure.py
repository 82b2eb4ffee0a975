"""The office edits an item's measure, sub-actions and effect note on the item page."""

import pytest
from django.urls import reverse

from tests.world import login
from zhenggai.audit.models import AuditEntry
from zhenggai.tasks.models import Task


def url(task):
    return reverse("task_measure", args=[task.pk])


def form_data(task, measure, rows, effect_note="", version=None, initial=None, **extra):
    """The POST of the page's form: `rows` are (label, text, order, delete)."""
    data = {
        "version": task.version if version is None else version,
        "measure": measure,
        "effect_note": effect_note,
        "actions-TOTAL_FORMS": len(rows),
        "actions-INITIAL_FORMS": len(rows) if initial is None else initial,
        "actions-MIN_NUM_FORMS": 0,
        "actions-MAX_NUM_FORMS": 1000,
        **extra,
    }
    for i, (label, text, order, delete) in enumerate(rows):
        data[f"actions-{i}-label"] = label
        data[f"actions-{i}-text"] = text
        data[f"actions-{i}-ORDER"] = order
        if delete:
            data[f"actions-{i}-DELETE"] = "on"
    return data


def actions_of(task):
    return list(task.actions.order_by("position").values_list("label", "text"))


def test_it_shows_the_form_to_the_office_only(client, world):
    page = reverse("task", args=[world.t1.pk])
    body = login(client, world.office).get(page).content.decode()
    assert f'action="{url(world.t1)}"' in body
    assert 'name="actions-0-label" value="一是"' in body
    assert 'name="actions-TOTAL_FORMS" value="5"' in body  # three rows and two blank
    for who in ("leader", "discipline", "observer", "lead_liaison"):
        body = login(client, getattr(world, who)).get(page).content.decode()
        assert url(world.t1) not in body


def test_it_saves_the_measure_reorders_removes_and_adds(client, world):
    rows = [
        ("一是", "定期召开工作推进会", "2", False),
        ("二是", "协调市级层面推进化解", "1", False),
        ("四是", "大厦消防安全不断向好", "3", True),
        ("三是", "新增的分项措施", "", False),
        ("", "", "", False),
    ]
    data = form_data(world.t1, "新的整改措施", rows, "新的成效", initial=3, reason="会议决定")
    response = login(client, world.office).post(url(world.t1), data)
    assert response.status_code == 302
    assert response.url == reverse("task", args=[world.t1.pk])
    t1 = Task.objects.get(pk=world.t1.pk)
    assert (t1.measure, t1.effect_note, t1.version) == ("新的整改措施", "新的成效", 2)
    assert actions_of(t1) == [
        ("二是", "协调市级层面推进化解"),
        ("一是", "定期召开工作推进会"),
        ("三是", "新增的分项措施"),
    ]
    entry = AuditEntry.objects.get(action="edit_measure")
    assert (entry.actor, entry.task_id, entry.note) == (world.office, t1.pk, "会议决定")
    assert entry.before["effect_note"] == "累计开具消防整改通知书1840份"
    # The item page's trail shows it, labelled.
    body = client.get(reverse("task", args=[t1.pk])).content.decode()
    assert "修改整改措施" in body
    assert "新的整改措施" in body


@pytest.mark.parametrize(
    "who, status",
    [("leader", 403), ("discipline", 403), ("observer", 403), ("lead_liaison", 403),
     ("shared_liaison", 403), ("other_liaison", 404)],
)  # fmt: skip
def test_it_refuses_everyone_but_the_office(client, world, who, status):
    data = form_data(world.t1, "改掉", [])
    response = login(client, getattr(world, who)).post(url(world.t1), data)
    assert response.status_code == status
    t1 = Task.objects.get(pk=world.t1.pk)
    assert t1.measure == "各单位上下联动,推进大厦消防安全、违章建筑等工作"
    assert not AuditEntry.objects.exists()


def test_it_answers_get_with_405_and_anonymous_with_login(client, world):
    assert login(client, world.office).get(url(world.t1)).status_code == 405
    client.logout()
    response = client.post(url(world.t1), form_data(world.t1, "x", []))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_stale_page_gets_a_conflict_and_keeps_what_was_typed(client, world):
    office = login(client, world.office)
    t1 = Task.objects.get(pk=world.t1.pk)
    t1.edit_measure(world.office, 1, "他人先保存的措施", [("一是", "他人的分项")], "")
    mine = [("一是", "我写的第一项", "1", False), ("二是", "我写的第二项", "2", False)]
    response = office.post(url(t1), form_data(t1, "我写的措施", mine, "我写的成效", version=1))
    assert response.status_code == 409
    body = response.content.decode()
    assert "该事项已被他人修改" in body
    # The user's text is on the form…
    assert "我写的措施</textarea>" in body
    assert 'value="我写的第二项"' in body or "我写的第二项</textarea>" in body
    assert "我写的成效</textarea>" in body
    # …and the other person's save is neither lost nor overwritten.
    t1.refresh_from_db()
    assert t1.measure == "他人先保存的措施"
    assert actions_of(t1) == [("一是", "他人的分项")]
    assert "他人先保存的措施" in body
    assert AuditEntry.objects.filter(action="edit_measure").count() == 1
    # The form now carries the current version: saving again is a deliberate choice.
    assert f'name="version" value="{t1.version}"' in body


def test_a_sub_action_without_text_is_refused_on_the_form(client, world):
    rows = [("一是", "", "1", False)]
    response = login(client, world.office).post(url(world.t1), form_data(world.t1, "措施", rows))
    assert response.status_code == 422
    assert "没有内容" in response.content.decode()
    assert Task.objects.get(pk=world.t1.pk).version == 1


def test_a_tampered_formset_is_refused_not_crashed(client, world):
    data = form_data(world.t1, "措施", [])
    del data["actions-TOTAL_FORMS"]
    response = login(client, world.office).post(url(world.t1), data)
    assert response.status_code == 422


def test_it_escapes_what_the_office_typed(client, world):
    evil = "<script>alert(1)</script>"
    rows = [(evil[:10], evil, "1", False)]
    data = form_data(world.t1, evil, rows, evil, initial=0)
    office = login(client, world.office)
    assert office.post(url(world.t1), data).status_code == 302
    body = office.get(reverse("task", args=[world.t1.pk])).content.decode()
    assert evil not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_an_unchanged_save_writes_nothing(client, world):
    rows = [
        ("一是", "定期召开工作推进会", "1", False),
        ("二是", "协调市级层面推进化解", "2", False),
        ("四是", "大厦消防安全不断向好", "3", False),
    ]
    t1 = world.t1
    data = form_data(t1, t1.measure, rows, t1.effect_note)
    assert login(client, world.office).post(url(t1), data).status_code == 302
    assert Task.objects.get(pk=t1.pk).version == 1
    assert not AuditEntry.objects.exists()
