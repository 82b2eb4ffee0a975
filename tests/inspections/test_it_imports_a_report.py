import datetime

import pytest

from reportparser import parse_text
from zhenggai.inspections.importer import LedgerImportError, import_report
from zhenggai.inspections.management.commands.demo import seed_text
from zhenggai.inspections.models import Campaign, Finding, Inspection, SourceDocument
from zhenggai.tasks.models import Action, Status, SubAction, Task, Transition

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seed():
    text = seed_text()
    return text, parse_text(text).to_dict()


def test_it_stores_the_seed_as_a_ledger(seed):
    text, data = seed
    summary = import_report(data, filename="liwan-2018.txt", text=text)

    assert (summary.categories, summary.problems, summary.items) == (6, 12, 63)
    campaign = summary.campaign
    tasks = Task.objects.filter(finding__campaign=campaign)
    counts = {s: tasks.filter(status=s).count() for s in Status}
    assert counts[Status.COMPLETED] == 13
    assert counts[Status.STAGED] == 31
    assert counts[Status.LONG_TERM] == 19
    assert sum(counts.values()) == 63

    inspection = Inspection.objects.get(campaign=campaign)
    assert inspection.kind == Inspection.Kind.XUNSHI
    assert inspection.inspector == "省委第十巡视组"
    assert inspection.inspected == "广州市荔湾区"
    assert inspection.onsite_start == datetime.date(2018, 3, 12)
    assert inspection.onsite_end == datetime.date(2018, 5, 15)
    assert inspection.feedback_date == datetime.date(2018, 7, 24)
    assert inspection.report_due == datetime.date(2018, 9, 24)

    source = SourceDocument.objects.get(campaign=campaign)
    assert source.text == text
    assert len(source.sha256) == 64


def test_it_keeps_the_tree_in_report_order(seed):
    text, data = seed
    campaign = import_report(data, filename="seed.txt", text=text).campaign
    roots = list(Finding.objects.filter(campaign=campaign).roots())
    assert [f.label for f in roots] == ["(一)", "(二)", "(三)", "(四)", "(五)", "(六)"]
    items = list(
        Finding.objects.filter(campaign=campaign)
        .items()
        .order_by("position")
        .values_list("label", flat=True)
    )
    assert items == [f"({n})" for n in range(1, 64)]
    # (六) has its items directly, with no problem level between.
    sixth = roots[5]
    assert [c.label for c in sixth.children.order_by("position")] == ["(61)", "(62)", "(63)"]
    assert sixth.text.startswith("针对需完善临聘人员管理体制机制的问题")
    item_16 = Task.objects.get(finding__campaign=campaign, finding__label="(16)")
    assert item_16.finding.parent.label == "2."
    assert item_16.finding.depth == 2
    assert list(item_16.actions.values_list("label", flat=True)) == [
        "一是", "二是", "四是", "五是", "六是", "七是",
    ]  # fmt: skip


def test_it_stores_every_sub_action_the_parser_found(seed):
    text, data = seed
    campaign = import_report(data, filename="seed.txt", text=text).campaign

    def leaves(nodes):
        for node in nodes:
            yield from leaves(node["children"]) if node["children"] else [node]

    expected = {node["label"]: node["actions"] for node in leaves(data["nodes"])}
    stored = {}
    for action in SubAction.objects.filter(task__finding__campaign=campaign).select_related(
        "task__finding"
    ):
        stored.setdefault(action.task.finding.label, []).append(action.text)
    assert stored == {label: acts for label, acts in expected.items() if acts}
    item_12 = Task.objects.get(finding__campaign=campaign, finding__label="(12)")
    assert item_12.body.startswith("狠抓“五个落实”")
    assert item_12.status_text == "已取得阶段性成效"


def test_it_logs_one_import_transition_per_item(seed):
    text, data = seed
    campaign = import_report(data, filename="seed.txt", text=text).campaign
    transitions = Transition.objects.filter(task__finding__campaign=campaign)
    assert transitions.count() == 63
    assert set(transitions.values_list("action", flat=True)) == {Action.IMPORT}
    long_term = Task.objects.filter(finding__campaign=campaign, status=Status.LONG_TERM)
    assert all(t.timeframe == "long_term" for t in long_term)


def _report(*items):
    return {
        "title": None,
        "inspection": {"kind": "巡察", "inspector": "区委第二巡察组", "inspected": "区民政局"},
        "nodes": [
            {
                "label": label,
                "title": title,
                "text": "",
                "status": status,
                "actions": [],
                "children": [],
                "line": line,
            }
            for line, (label, title, status) in enumerate(items, start=3)
        ],
        "warnings": [],
    }


def test_it_refuses_duplicate_labels_and_writes_nothing():
    data = _report(("1.", "针对甲的问题", "completed"), ("1.", "针对乙的问题", None))
    with pytest.raises(LedgerImportError) as exc:
        import_report(data, filename="bad.txt", text="x")
    assert any("第4行" in p and "重复" in p for p in exc.value.problems)
    assert Campaign.objects.count() == 0
    assert Finding.objects.count() == 0


def test_it_names_every_bad_line():
    data = _report(("1.", "", "completed"), ("2.", "针对乙的问题", "done"))
    data["inspection"].update(onsite_start="2019-05-01", onsite_end="2019-04-01")
    with pytest.raises(LedgerImportError) as exc:
        import_report(data, filename="bad.txt", text="x")
    problems = exc.value.problems
    assert any(p.startswith("第3行") and "缺少问题表述" in p for p in problems)
    assert any(p.startswith("第4行") and "done" in p for p in problems)
    assert any("早于" in p for p in problems)


def test_it_refuses_a_report_without_items():
    with pytest.raises(LedgerImportError):
        import_report(_report(), filename="empty.txt", text="")


def test_it_writes_nothing_when_the_database_fails_half_way(monkeypatch):
    data = _report(("1.", "针对甲的问题", "completed"), ("2.", "针对乙的问题", "staged"))

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Transition.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError):
        import_report(data, filename="ok.txt", text="x")
    assert Campaign.objects.count() == 0
    assert Task.objects.count() == 0


def test_it_stores_a_two_level_xuncha_report():
    data = _report(("1.", "针对甲的问题", "completed"), ("2.", "针对乙的问题", None))
    summary = import_report(data, filename="xuncha.txt", text="x")
    assert (summary.categories, summary.problems, summary.items) == (2, 0, 2)
    inspection = summary.campaign.inspections.get()
    assert inspection.kind == Inspection.Kind.XUNCHA
    assert inspection.report_due is None
    assert Task.objects.get(finding__label="2.").status == Status.DRAFT


def test_it_keeps_the_figures_each_item_reports(seed):
    text, data = seed
    campaign = import_report(data, filename="seed.txt", text=text).campaign
    item_5 = Task.objects.get(finding__campaign=campaign, finding__label="(5)")
    results = {(r.source_text, r.value, r.unit) for r in item_5.results.all()}
    assert ("435宗", 435, "宗") in results
    assert ("34.5万平方米", 345000, "平方米") in results
    item_14 = Task.objects.get(finding__campaign=campaign, finding__label="(14)")
    vehicles = item_14.results.get(unit="辆")
    assert (vehicles.value, vehicles.approx, vehicles.what) == (1100, True, "查扣各类“五类车”")


def test_a_summary_only_report_starts_a_campaign_without_items():
    from pathlib import Path

    from reportparser import parse_file

    reports = Path(__file__).resolve().parents[1] / "reportparser" / "reports"
    path = reports / "yn-kunming-district-roundup-2023.txt"
    data = parse_file(path).to_dict()
    summary = import_report(data, filename=path.name, text=path.read_text(encoding="utf-8"))
    campaign = summary.campaign
    assert summary.items == 0 and not Finding.objects.filter(campaign=campaign).exists()
    inspections = list(Inspection.objects.filter(campaign=campaign).order_by("id"))
    assert [i.inspected for i in inspections] == [
        "区民政局",
        "区农业农村局",
        "区科信局",
        "区政务服务管理局",
        "区教育体育局直属的32家事业单位",
        "区发改局",
        "区粮油储备购销公司",
    ]
    assert {(i.onsite_start, i.onsite_end, i.feedback_date) for i in inspections} == {
        (datetime.date(2021, 11, 8), datetime.date(2021, 12, 20), datetime.date(2022, 1, 27))
    }
    source = SourceDocument.objects.get(campaign=campaign)
    assert source.structure["declared"]["problems"] == 697
    assert source.structure["declared"]["completed"] == 688


def test_a_text_with_neither_items_nor_facts_is_refused():
    data = {"nodes": [], "inspection": {}, "declared": {}}
    with pytest.raises(LedgerImportError) as info:
        import_report(data, filename="x.txt", text="x")
    assert "无法建立台账" in info.value.problems[0]
    assert not Campaign.objects.exists()
