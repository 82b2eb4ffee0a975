"""An imported row changes an item only as the item's own methods do: the office's rules,
the version check, one audit entry naming who, and all rows or none."""

import pytest
from django.core.management import call_command

from tests.spreadsheet._export import export_bytes
from tests.spreadsheet.conftest import by_label, cells, edited, save, workbook_bytes
from zhenggai.audit.models import AuditEntry
from zhenggai.spreadsheet.ledger_import import Conflict, ImportFailed, apply_import, plan_import
from zhenggai.tasks.models import Action, Task, Transition


def plan_for(seed, tmp_path, rows, name="t.xlsx"):
    return plan_import(save(tmp_path, workbook_bytes(rows[1:], rows[0]), name), seed.campaign, name)


def state(campaign):
    return (
        AuditEntry.objects.count(),
        Transition.objects.count(),
        sorted(
            Task.objects.filter(finding__campaign=campaign).values_list("pk", "version", "leader")
        ),
    )


def test_it_records_who_imported_which_row(seed, tmp_path):
    rows = edited(cells(export_bytes(seed.campaign)), "(3)", 责任领导="王局长")
    transitions = Transition.objects.count()
    apply_import(plan_for(seed, tmp_path, rows), seed.office)
    task = by_label(seed.campaign, "(3)")
    entry = AuditEntry.objects.get(task_id=task.pk, action="ledger_import")
    assert (entry.actor, entry.action) == (seed.office, "ledger_import")
    assert entry.note == "导入台账 t.xlsx 第4行"
    assert entry.before == {"leader": "", "version": 1}
    assert entry.after == {"leader": "王局长", "version": 2}
    # A change of wording or assignment is not a move.
    assert Transition.objects.count() == transitions


def test_a_new_row_is_created_by_the_office_like_on_the_findings_page(seed, tmp_path):
    rows = cells(export_bytes(seed.campaign))
    rows.append(
        ["(64)", rows[1][1], "针对新问题的问题", "措施", "区城管局", "", "", "", "", "", ""]
    )
    apply_import(plan_for(seed, tmp_path, rows), seed.office)
    task = by_label(seed.campaign, "(64)")
    created = Transition.objects.get(task=task)
    assert (created.action, created.actor) == (Action.CREATE, seed.office)
    actions = list(
        AuditEntry.objects.filter(task_id=task.pk).order_by("id").values_list("action", "actor")
    )
    assert actions == [(Action.CREATE, seed.office.pk), ("ledger_import", seed.office.pk)]
    assert task.lead_unit == seed.city


@pytest.mark.parametrize("who", ["leader", "observer", "housing_liaison"])
def test_only_the_office_may_apply(seed, tmp_path, who):
    rows = edited(cells(export_bytes(seed.campaign)), "(1)", 责任领导="李副区长")
    plan = plan_for(seed, tmp_path, rows)
    before = state(seed.campaign)
    with pytest.raises(ImportFailed, match="只有整改办"):
        apply_import(plan, getattr(seed, who))
    assert state(seed.campaign) == before


def test_an_item_changed_since_the_check_undoes_every_row(seed, tmp_path):
    rows = edited(cells(export_bytes(seed.campaign)), "(1)", 责任领导="李副区长")
    rows = edited(rows, "(3)", 责任领导="王局长")
    plan = plan_for(seed, tmp_path, rows)
    task = by_label(seed.campaign, "(3)")
    task.edit_measure(seed.office, task.version, "别人刚改的措施", [], "")
    before = state(seed.campaign)
    with pytest.raises(Conflict, match="第4行"):
        apply_import(plan, seed.office)
    assert state(seed.campaign) == before
    assert by_label(seed.campaign, "(1)").leader == "张副区长"


def test_the_console_names_who_imports_before_it_writes(seed, tmp_path, capsys):
    rows = edited(cells(export_bytes(seed.campaign)), "(1)", 责任领导="李副区长")
    path = save(tmp_path, workbook_bytes(rows[1:], rows[0]))
    before = state(seed.campaign)
    with pytest.raises(SystemExit) as exit:
        call_command("ledger_import", str(path), "--campaign", str(seed.campaign.pk))
    assert exit.value.code == 2
    assert "--user" in capsys.readouterr().err
    assert state(seed.campaign) == before
