"""Only what belongs to the published ledger reaches the public report: an item the office
created and never assigned is a draft of the ledger, not a fact to publish."""

from reportparser.reader import _docx_text
from tests.publication.conftest import flat, pdf_text, publish_new
from zhenggai.inspections.models import Finding
from zhenggai.publication import exports
from zhenggai.tasks.models import Status, Task

UNASSIGNED = "整改办新增尚未下达的问题甲一"
DRAFT_PROBLEM = "整改办新增只有草稿事项的问题乙二"
DRAFT_ITEM = "草稿事项丙三"
LEADER = "内部责任领导丁四"
EFFECT = "内部整改成效记录戊五"


def _add_item(campaign, parent, label, title, user):
    last = Finding.objects.filter(campaign=campaign).order_by("-position").first()
    finding = Finding.objects.create(
        campaign=campaign,
        parent=parent,
        depth=parent.depth + 1 if parent else 0,
        position=last.position + 1,
        label=label,
        title=title,
    )
    return finding, Task.create_for(user, finding, measure=f"{title}的措施")


def test_it_leaves_out_unassigned_items_and_their_empty_headings(seeded, people, client, tmp_path):
    category = Finding.objects.filter(campaign=seeded, depth=0).order_by("position").first()
    _finding, unassigned = _add_item(seeded, category, "(64)", UNASSIGNED, people.office)
    problem = Finding.objects.create(
        campaign=seeded,
        parent=category,
        depth=1,
        position=Finding.objects.filter(campaign=seeded).count() + 10,
        label="9.",
        title=DRAFT_PROBLEM,
    )
    _add_item(seeded, problem, "(65)", DRAFT_ITEM, people.office)
    assert unassigned.status == Status.DRAFT
    # Internal-only fields of a published item.
    Task.objects.filter(finding__campaign=seeded, finding__label="(2)").update(
        leader=LEADER, effect_note=EFFECT, status=Status.CLAIMED
    )

    report = publish_new(seeded, people.office)

    texts = {
        "page": client.get(f"/public/{report.pk}/").content.decode(),
        "txt": client.get(f"/public/{report.pk}/report.txt").content.decode(),
        "docx": _docx_text(client.get(f"/public/{report.pk}/report.docx").content),
        "pdf": pdf_text(client.get(f"/public/{report.pk}/report.pdf").content, tmp_path),
    }
    for kind, text in texts.items():
        for absent in (UNASSIGNED, DRAFT_PROBLEM, DRAFT_ITEM, LEADER, EFFECT):
            assert flat(absent) not in flat(text), (kind, absent)
    assert len(report.items) == 63
    # Each published item carries its own state's public wording.
    item2 = next(n for n in report.content if n["label"] == "(2)")
    assert item2["phrase"] == "正在整改"
    assert "(正在整改)" in next(line for line in texts["txt"].splitlines() if "(2)" in line)

    # Once assigned, the item is part of the ledger the public reads.
    Task.objects.filter(pk=unassigned.pk).update(status=Status.ASSIGNED)
    second = publish_new(seeded, people.office)
    assert UNASSIGNED in second.text and DRAFT_PROBLEM not in second.text
    assert exports.report_txt(second).decode() == second.text
