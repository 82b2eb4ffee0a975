"""import-plan / parse-plan: a plan's task table becomes a ledger of drafts, all or nothing,
with its units, leaders and deadlines, and an audit entry for every item."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import make_unit, make_user
from tests.inspections.test_it_runs_the_commands import zhenggai
from tests.reportparser._plans import LEADS, SHARED, document, merge_across, seed_plan, table
from zhenggai.accounts.models import Role
from zhenggai.audit.models import AuditEntry
from zhenggai.inspections.importer import LedgerImportError
from zhenggai.inspections.models import Campaign, Finding
from zhenggai.inspections.plan_import import import_plan
from zhenggai.tasks.models import Action, Status, Task, Timeframe

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(db):
    return {name: make_unit(name) for name in (*LEADS, *SHARED)}


def test_parse_plan_prints_the_63_rows(tmp_path):
    path = tmp_path / "plan.docx"
    seed_plan(path)
    done = zhenggai("parse-plan", str(path), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"title", "organisation", "columns", "items", "warnings"}
    assert len(data["items"]) == 63
    assert set(data["items"][0]) >= {
        "row",
        "category",
        "problem",
        "target",
        "measure",
        "leader",
        "lead_units",
        "units",
        "deadline",
        "timeframe",
        "source_cells",
    }
    bad = zhenggai("parse-plan", str(tmp_path / "nothing.docx"), cwd=tmp_path)
    assert bad.returncode == 2


def test_import_plan_stores_the_63_rows_with_units_and_deadlines(tmp_path, units, capsys):
    path = tmp_path / "plan.docx"
    expected = seed_plan(path)
    call_command("import_plan", str(path))
    campaign = Campaign.objects.get()
    assert campaign.name == "中共广州市荔湾区委关于省委第十巡视组反馈意见整改落实方案"
    tasks = list(
        Task.objects.filter(finding__campaign=campaign)
        .select_related("finding", "lead_unit")
        .prefetch_related("units")
        .order_by("finding__position")
    )
    assert len(tasks) == 63
    assert {t.status for t in tasks} == {Status.DRAFT}
    for want, task in zip(expected, tasks, strict=True):
        assert task.lead_unit.name == want["lead_units"][0]
        known = [u for u in want["units"] if u in units]
        assert sorted(u.name for u in task.units.all()) == sorted(known)
        kind = {
            "2018年12月底前": (datetime.date(2018, 12, 31), Timeframe.DEADLINE),
            "立行立改": (None, Timeframe.IMMEDIATE),
            "长期坚持": (None, Timeframe.LONG_TERM),
            "2018年10月31日": (datetime.date(2018, 10, 31), Timeframe.DEADLINE),
        }[want["deadline_text"]]
        assert (task.deadline, task.timeframe) == kind
        assert task.leader in ("张三", "李四", "王五")
    # Categories first, as merged rows; every row's measure is an item.
    roots = list(Finding.objects.filter(campaign=campaign).roots())
    assert len(roots) == 6 and roots[0].label == "(一)"
    # The unknown unit is listed, not created.
    err = capsys.readouterr().err
    assert "区某某服务中心" in err
    assert not campaign.sources.get().warnings == []
    assert "区某某服务中心" in campaign.sources.get().warnings[-1]
    assert not any(u.name == "区某某服务中心" for u in units.values())
    # Audited: the import and every item.
    assert AuditEntry.objects.filter(action=Action.IMPORT, object_type="campaign").count() == 1
    assert AuditEntry.objects.filter(action=Action.IMPORT, task__isnull=False).count() == 63


def test_the_ledger_page_shows_the_imported_plan(client, tmp_path, units):
    path = tmp_path / "plan.docx"
    seed_plan(path)
    call_command("import_plan", str(path))
    campaign = Campaign.objects.get()
    client.force_login(make_user("office", Role.OFFICE))
    page = client.get("/ledger/", {"campaign": campaign.pk, "view": "table"})
    assert page.status_code == 200
    html = page.content.decode()
    first = Task.objects.filter(finding__campaign=campaign).order_by("finding__position").first()
    assert first.measure[:20] in html
    assert "区委组织部" in html


def test_into_an_existing_campaign(tmp_path, units):
    existing = Campaign.objects.create(name="已有整改工作")
    existing.inspections.create(inspector="市委第一巡察组", inspected="区民政局")
    doc = document()
    t = table(
        doc,
        ["序号", "反馈问题", "整改措施", "牵头单位", "完成时限"],
        [[], ["1", "问题甲", "措施甲", "区财政局", "2019年3月底前"]],
    )
    merge_across(t, 1, "一、党的建设方面")
    path = tmp_path / "plan.docx"
    doc.save(path)
    call_command("import_plan", str(path), "--campaign", str(existing.pk))
    assert Campaign.objects.count() == 1
    task = Task.objects.get(finding__campaign=existing)
    assert task.finding.inspection == existing.inspections.get()
    assert (task.finding.parent.label, task.finding.parent.title) == ("一、", "党的建设方面")
    assert task.deadline == datetime.date(2019, 3, 31)


def test_a_bad_plan_writes_nothing(tmp_path, units):
    doc = document()
    table(
        doc,
        ["序号", "反馈问题", "整改措施", "牵头单位", "完成时限"],
        [
            ["1", "问题甲", "措施甲", "区财政局", "2019年3月底前"],
            ["2", "", "没有问题的措施", "区财政局", ""],
        ],
    )
    path = tmp_path / "plan.docx"
    doc.save(path)
    with pytest.raises(CommandError) as info:
        call_command("import_plan", str(path))
    assert info.value.returncode == 2
    assert not Campaign.objects.exists() and not Task.objects.exists()
    assert not AuditEntry.objects.exists()
    with pytest.raises(CommandError):
        call_command("import_plan", str(tmp_path / "missing.docx"))
    with pytest.raises(CommandError):
        call_command("import_plan", str(path), "--campaign", "999")


def test_only_the_office_may_import(tmp_path, units):
    path = tmp_path / "plan.docx"
    seed_plan(path)
    from reportparser.plan import read_plan

    liaison = make_user("ll", Role.LIAISON, units["区财政局"])
    with pytest.raises(LedgerImportError):
        import_plan(read_plan(path), filename="plan.docx", text="", user=liaison)
    assert not Campaign.objects.exists()
