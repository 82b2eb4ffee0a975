"""The audit trail in words: every action the code records has a label and a place in
/audit/'s filter, and the values of each entry read as the pages say them."""

import ast
import datetime
import itertools
import pathlib
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from tests.world import login
from zhenggai.accountability.models import Form, Rank, Record
from zhenggai.audit.labels import ACTION_LABELS
from zhenggai.audit.models import record
from zhenggai.tasks.models import Action
from zhenggai.tasks.moves import STATE_MOVES

PACKAGE = pathlib.Path(__file__).resolve().parents[3] / "zhenggai"
URL = reverse("audit")
BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


def _strings(node):
    """Every string an expression can evaluate to, when it is made of literals:
    "a", "a" if x else "b", f"x_{'a' if y else 'b'}"; Action.X as its value."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body), _strings(node.orelse)
        return body | orelse if body is not None and orelse is not None else None
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        if node.value.id == "Action":
            return {Action[node.attr].value}
        return None
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            found = _strings(value.value if isinstance(value, ast.FormattedValue) else value)
            if found is None:
                return None
            parts.append(sorted(found))
        return {"".join(p) for p in itertools.product(*parts)}
    return None


def _arg(call, position, keyword):
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    return call.args[position] if len(call.args) > position else None


def _name(func):
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def recorded_actions():
    """(file:line, action) for every record() call in the package; an action passed in a
    parameter is followed to the calls of the function that takes it."""
    found, unresolved = set(), []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        enclosing = {
            id(c): f.name for f in functions for c in ast.walk(f) if isinstance(c, ast.Call)
        }
        for function in functions:
            for call in ast.walk(function):
                if not (isinstance(call, ast.Call) and _name(call.func) == "record"):
                    continue
                action = _arg(call, 1, "action")
                where = f"{path.relative_to(PACKAGE)}:{call.lineno}"
                strings = _strings(action) if action is not None else None
                if strings is not None:
                    found.update((where, s) for s in strings)
                    continue
                if not isinstance(action, ast.Name):
                    unresolved.append(where)
                    continue
                params = [a.arg for a in function.args.args]
                if action.id not in params:
                    unresolved.append(where)
                    continue
                index = params.index(action.id)
                if params and params[0] in ("self", "cls"):
                    index -= 1
                callers = [c for c in calls if _name(c.func) == function.name]
                for caller in callers:
                    value = _strings(_arg(caller, index, action.id))
                    if value is None and enclosing.get(id(caller)) == "make_move":
                        # Task.make_move performs any state move of the table (tasks.moves).
                        value = set(STATE_MOVES)
                    if value is None:
                        unresolved.append(f"{where} via {caller.lineno}")
                    else:
                        found.update((f"{where} via {caller.lineno}", s) for s in value)
    return found, unresolved


def test_it_labels_every_action_the_code_records():
    found, unresolved = recorded_actions()
    assert not unresolved, f"actions this test cannot read: {unresolved}"
    actions = {action for _where, action in found}
    # The scan sees the calls it must: the item's moves and the accounts' own.
    assert {"approve", "report_accept", "feedback_reply", "login", "token_revoke"} <= actions
    assert {"extension_approve", "account_deactivate", "accountability_create"} <= actions
    missing = sorted(f"{where}: {action}" for where, action in found if action not in ACTION_LABELS)
    assert not missing, "actions without a label in zhenggai/audit/labels.py:\n" + "\n".join(
        missing
    )
    assert all(str(label) != code for code, label in ACTION_LABELS.items())


def test_it_labels_every_transition_action():
    assert {a.value for a in Action} <= set(ACTION_LABELS)


def _rows(client, user, **params):
    response = login(client, user).get(URL, params)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    "action", ["accountability_create", "ledger_import", "login", "account_deactivate",
               "token_revoke", "feedback_reply", "public_report_publish"],
)  # fmt: skip
def test_it_finds_each_action_by_the_filter(client, world, action):
    office = world.office
    entry = record(office, action, office, {}, {"display_name": "x"})
    record(office, "account_update", office, {}, {"display_name": "y"})
    response = _rows(client, office, action=action)
    assert [r.pk for r in response.context["rows"]] == [entry.pk]
    body = response.content.decode()
    assert f'<option value="{action}" selected>{ACTION_LABELS[action]}</option>' in body
    assert f"<td>{ACTION_LABELS[action]}</td>" in body


def test_it_shows_choice_labels_of_the_entrys_model(client, world):
    office = world.office
    obj = Record.objects.create(
        campaign=world.campaign, person_name="王某", rank=Rank.FUKE, form=Form.YUETAN, persons=1
    )
    record(office, "accountability_create", obj, {}, {"rank": Rank.FUKE, "form": Form.YUETAN})
    body = _rows(client, world.discipline).content.decode()
    assert "登记问责记录" in body
    assert "职级:副科级" in body
    assert "问责方式:约谈" in body
    table = body.split('id="audit"')[1]  # the filter's options carry the codes as values
    assert "fuke" not in table and "accountability_create" not in table


def test_it_reads_a_status_by_the_model_it_belongs_to(client, world):
    office = world.office
    from zhenggai.feedback.models import Feedback, Status

    feedback = Feedback.objects.create(
        campaign=world.campaign, channel="web", message="意见", status=Status.ANSWERED
    )
    record(office, "feedback_reply", feedback, {"status": "assigned"}, {"status": "answered"})
    body = _rows(client, world.discipline).content.decode()
    assigned, answered = Status.ASSIGNED.label, Status.ANSWERED.label
    assert f"状态:{assigned} → {answered}" in body
    assert "已下达" not in body.split("<main>")[1]  # not the item's status of that name


def test_it_shows_times_in_local_time(client, world):
    office = world.office
    until = datetime.datetime(2018, 11, 1, 17, 30, tzinfo=datetime.UTC)  # 01:30 on the 2nd
    with time_machine.travel(datetime.datetime(2018, 11, 1, 16, 5, tzinfo=datetime.UTC)):
        record(None, "account_locked", office, {}, {"locked_until": until, "failures": 5})
    body = _rows(client, world.discipline).content.decode()
    assert "2018-11-02 00:05" in body  # when it happened
    assert "2018-11-02 01:30" in body  # the value
    assert "T17:30" not in body and "+00:00" not in body
    assert "账号被锁定" in body


def test_it_speaks_english_too(client, world):
    office = world.office
    record(office, "token_revoke", office, {"revoked_at": None}, {"revoked_at": "x"})
    login(client, world.discipline)
    client.cookies["django_language"] = "en"
    body = client.get(URL, {"action": "token_revoke"}).content.decode()
    assert "Revoke API token" in body
    assert "撤销接口令牌" not in body
