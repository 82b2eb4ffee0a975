import datetime
import tempfile
import time
import tracemalloc

import pytest
from django.urls import reverse

from tests.spreadsheet._big import make_big_ledger
from tests.spreadsheet._export import export_bytes
from tests.spreadsheet.conftest import by_label, cells, save
from zhenggai.spreadsheet.layout import HEADERS, Outline
from zhenggai.spreadsheet.ledger_export import ledger_rows, write_workbook
from zhenggai.spreadsheet.ledger_import import apply_import, plan_import
from zhenggai.tasks.models import SubAction, Task

URL = reverse("ledger_export")


def test_it_writes_the_offices_columns_under_the_title_row(seed):
    rows = cells(export_bytes(seed.campaign))
    assert tuple(rows[0]) == HEADERS
    assert len(rows) == 1 + 63
    key, category, problem, measure, lead, units, leader, due, _progress, status, _ev = rows[1]
    assert key == "(1)"
    assert category.startswith("(一)对区委谋划发展能力不足") and "/1.针对践行新发展理念" in category
    assert problem.startswith("针对用新发展理念谋划推动工作不够")
    assert measure.split("\n")[0] == "加快推进“三大平台”建设,增强经济创新力和竞争力"
    assert measure.split("\n")[1].startswith("一是传统文化商旅活化提升区")
    assert (lead, leader, due) == ("区住房建设局", "张副区长", datetime.datetime(2018, 10, 31))
    assert status == "长期推进,已落实具体举措并取得明显成效"
    assert rows[2][5] == "区住房建设局、区城管局"
    statuses = [r[9] for r in rows[1:]]
    assert statuses.count("已完成整改") == 13 and statuses.count("已取得阶段性成效") == 31


def test_it_freezes_the_header_and_wraps_text(seed):
    from openpyxl import load_workbook

    sheet = load_workbook(save_tmp(export_bytes(seed.campaign))).worksheets[0]
    assert sheet.freeze_panes == "B3"  # the title, the header and the 序号 stay in view
    assert sheet["D3"].alignment.wrap_text
    assert sheet.column_dimensions["D"].width >= 40


def save_tmp(data):
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
    handle.write(data)
    handle.close()
    return handle.name


def test_it_gives_back_the_same_file_after_an_import(seed, tmp_path):
    first = export_bytes(seed.campaign)
    plan = plan_import(save(tmp_path, first), seed.campaign)
    assert plan.ok and not plan.changes
    apply_import(plan, seed.office)
    assert cells(export_bytes(seed.campaign)) == cells(first)


def test_it_keeps_text_that_looks_like_a_formula_as_text(seed):
    Task.objects.filter(pk=by_label(seed.campaign, "(1)").pk).update(leader="=HYPERLINK(1)")
    assert cells(export_bytes(seed.campaign))[1][6] == "=HYPERLINK(1)"


def test_it_qualifies_repeated_labels_until_unique(db):
    from tests.world import make_campaign, make_finding, make_task

    campaign = make_campaign()
    for c in ("(一)", "(二)"):
        category = make_finding(campaign, c, f"类别{c}")
        for p in ("1.", "2."):
            problem = make_finding(campaign, p, f"问题{p}", category)
            make_task(make_finding(campaign, "(1)", "具体问题", problem))
    make_task(make_finding(campaign, "(9)", "唯一的", problem))
    keys = [r[0] for r in cells(export_bytes(campaign))[1:]]
    assert keys == ["(一)1.(1)", "(一)2.(1)", "(二)1.(1)", "(二)2.(1)", "(9)"]


def test_it_scopes_the_download_to_what_the_user_sees(client, seed):
    client.force_login(seed.education_liaison)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = cells(b"".join(response.streaming_content))
    assert [r[0] for r in rows[1:]] == ["(3)"]

    client.force_login(seed.observer)
    rows = cells(b"".join(client.get(URL).streaming_content))
    assert len(rows) == 64


def test_it_filters_like_the_ledger_page(client, seed):
    client.force_login(seed.office)
    response = client.get(URL, {"campaign": seed.campaign.pk, "status": "completed"})
    rows = cells(b"".join(response.streaming_content))
    assert len(rows) == 1 + 13
    assert {r[9] for r in rows[1:]} == {"已完成整改"}
    category = Task.objects.get(finding__label="(1)").finding.parent.parent_id
    rows = cells(
        b"".join(client.get(URL, {"category": category, "q": "三大平台"}).streaming_content)
    )
    assert [r[0] for r in rows[1:]] == ["(1)"]


def test_it_sends_anonymous_users_to_login(client, seed):
    assert client.get(URL).status_code == 302


def test_it_shows_the_download_button_with_the_current_filters(client, seed):
    client.force_login(seed.leader)
    body = client.get(reverse("ledger"), {"status": "staged"}).content.decode()
    assert f'href="{URL}?status=staged"' in body
    assert reverse("ledger_import") not in body
    client.force_login(seed.office)
    assert reverse("ledger_import") in client.get(reverse("ledger")).content.decode()


def test_it_exports_with_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    small = make_big_ledger(20)
    large = make_big_ledger(300)
    counts = []
    for campaign in (small, large):
        tasks = Task.objects.filter(finding__campaign=campaign)
        with django_assert_max_num_queries(10) as ctx:
            write_workbook(ledger_rows(tasks, Outline(campaign.pk)), tempfile.TemporaryFile())
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_it_fills_progress_and_evidence_from_one_query_each(db):
    campaign = make_big_ledger(3)
    row = cells(export_bytes(campaign))[1]
    assert row[8].startswith("本周完成0宗") and row[10] == "会议纪要0.pdf"
    assert row[3].split("\n")[1].startswith("一是") and SubAction.objects.count() == 9


@pytest.mark.heavy
def test_it_streams_2000_items_in_bounded_memory(db):
    campaign = make_big_ledger(2000)
    tasks = Task.objects.filter(finding__campaign=campaign)
    with tempfile.TemporaryFile() as out:
        tracemalloc.start()
        started = time.perf_counter()
        n = write_workbook(ledger_rows(tasks, Outline(campaign.pk)), out, campaign)
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size = out.tell()
    assert n == 2000
    # The rows alone hold over 2 MB of text: the writer must not keep them.
    assert size > 100_000
    assert peak < 6 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB in {seconds:.1f} s"
