import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.world import make_finding, make_task
from zhenggai.api.models import ApiToken
from zhenggai.reporting.models import Evidence
from zhenggai.tasks.models import Status, Task, Timeframe, Transition


def move(api, task, key, move, version=None, text=None):
    body = {"move": move, "version": task.version if version is None else version}
    if text is not None:
        body["text"] = text
    return api.post(f"/items/{task.pk}/transitions", body, key)


@pytest.fixture
def assigned(world):
    """An item of the lead unit (shared with 区城管局), waiting to be claimed."""
    finding = make_finding(world.campaign, "(4)", "针对河涌治理不到位的问题", world.problem)
    return make_task(
        finding, world.lead, [world.shared], status=Status.ASSIGNED, timeframe=Timeframe.IMMEDIATE
    )


CLAIM = {
    "office": 403,
    "leader": 403,
    "discipline": 403,
    "observer": 403,
    "lead_liaison": 200,
    "shared_liaison": 403,
    "other_liaison": 404,
}


@pytest.mark.parametrize("role,status", sorted(CLAIM.items()))
def test_it_lets_only_the_lead_liaison_claim(api, world, keys, assigned, role, status):
    response = move(api, assigned, keys[role], "claim")
    assert response.status_code == status, response.json()
    assigned.refresh_from_db()
    if status == 200:
        body = response.json()
        assert (body["status"], body["version"]) == ("claimed", 2)
        assert body["history"][-1]["action"] == "claim"
        assert body["history"][-1]["actor"] == "住建联络员"
        assert assigned.status == Status.CLAIMED
    else:
        assert set(response.json()) == {"error"}
        assert assigned.status == Status.ASSIGNED and assigned.version == 1


def test_it_asks_for_a_token_to_move(api, world, assigned):
    assert move(api, assigned, None, "claim").status_code == 401
    token, key = ApiToken.issue(world.lead_liaison, "脚本")
    token.revoke()
    assert move(api, assigned, key, "claim").status_code == 401
    assigned.refresh_from_db()
    assert assigned.status == Status.ASSIGNED


def test_it_refuses_a_stale_version(api, world, keys, assigned):
    response = move(api, assigned, keys["lead_liaison"], "claim", version=assigned.version + 1)
    assert response.status_code == 409
    assert response.json() == {"error": "该事项已被他人修改,请刷新页面后重试。"}
    assert not Transition.objects.filter(task=assigned).exists()


def test_it_refuses_the_second_of_two_clients_reading_the_same_version(api, world, keys):
    # Both office members read version 1 of a closure request; the first wins.
    task = world.t1
    Task.objects.filter(pk=task.pk).update(
        status=Status.OFFICE_ACCEPTED, closure_requested_by=world.lead_liaison
    )
    task.refresh_from_db()
    first = move(api, task, keys["office"], "office_return", text="佐证不足")
    assert first.status_code == 200
    second = move(api, task, keys["office"], "office_return", version=1, text="佐证不足")
    assert second.status_code == 409


def test_it_refuses_a_move_from_the_wrong_state(api, world, keys):
    response = move(api, world.t3, keys["other_liaison"], "report_staged", text="阶段成效")
    assert response.status_code == 409
    assert "不能执行" in response.json()["error"]


def test_it_asks_for_what_a_move_needs(api, world, keys):
    no_text = move(api, world.t1, keys["lead_liaison"], "request_closure", text="  ")
    assert no_text.status_code == 422
    assert no_text.json() == {"error": "请填写整改成效。"}
    no_evidence = move(api, world.t1, keys["lead_liaison"], "request_closure", text="已完成")
    assert no_evidence.status_code == 422
    assert no_evidence.json() == {"error": "申请销号须至少上传一份佐证材料。"}


def test_it_takes_an_item_to_completion_and_back(api, world, keys):
    task = world.t1
    pdf = SimpleUploadedFile("通报.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    Evidence.attach(world.lead_liaison, task, pdf)

    def step(role, name, text=None, status=200):
        task.refresh_from_db()
        response = move(api, task, keys[role], name, text=text)
        assert response.status_code == status, response.json()
        return response.json()

    step("lead_liaison", "request_closure", "累计开具消防整改通知书1840份")
    # Four eyes and roles: the leader cannot approve before the office has accepted.
    step("leader", "approve", status=409)
    step("observer", "office_accept", status=403)
    step("office", "office_accept")
    step("discipline", "approve", status=403)
    step("office", "approve", status=403)
    body = step("leader", "approve", "同意销号")
    assert body["status"] == "completed"
    body = step("office", "reopen", "问题反弹")
    assert body["status"] == "in_progress"
    assert [h["action"] for h in body["history"]] == [
        "import",
        "request_closure",
        "office_accept",
        "approve",
        "reopen",
    ]
    task.refresh_from_db()
    assert task.effect_note == "累计开具消防整改通知书1840份"


def test_it_marks_a_long_term_item(api, world, keys):
    task = world.t2
    Task.objects.filter(pk=task.pk).update(status=Status.IN_PROGRESS)
    task.refresh_from_db()
    assert move(api, task, keys["shared_liaison"], "mark_long_term", text="x").status_code == 403
    response = move(api, task, keys["office"], "mark_long_term", text="已建立长效机制")
    assert response.status_code == 200
    assert response.json()["status"] == "long_term"


@pytest.mark.parametrize(
    "body",
    [
        {"move": "assign", "version": 1},
        {"move": "set_status", "version": 1},
        {"move": "claim"},
        {"move": "claim", "version": "one"},
        {"move": "claim", "version": 0},
        {"move": "report_staged", "version": 1, "text": "有\x00空字符"},
        {"version": 1},
        [],
    ],
)
def test_it_refuses_a_malformed_move(api, world, keys, body):
    response = api.post(f"/items/{world.t3.pk}/transitions", body, keys["other_liaison"])
    assert response.status_code == 422
    assert response.json()["error"] == "请求参数不正确。"
    world.t3.refresh_from_db()
    assert world.t3.status == Status.ASSIGNED


def test_it_refuses_a_body_that_is_not_json(client, world, keys):
    response = client.post(
        f"/api/v1/items/{world.t3.pk}/transitions",
        "move=claim",
        content_type="application/json",
        headers={"Authorization": f"Bearer {keys['other_liaison']}"},
    )
    assert response.status_code == 400
    assert set(response.json()) == {"error"}
