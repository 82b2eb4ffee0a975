"""Workbooks built to hurt: a zip bomb, an entity bomb, too many rows, a huge cell, and
formulas. Each is refused with a message before it costs memory, and nothing is written."""

import io
import tracemalloc
import zipfile

import pytest

from tests.spreadsheet._export import export_bytes
from tests.spreadsheet.conftest import by_label, cells, edited, save, workbook_bytes
from zhenggai.audit.models import AuditEntry
from zhenggai.spreadsheet.ledger_import import ImportFailed, apply_import, plan_import
from zhenggai.tasks.models import Task

SHEET = "xl/worksheets/sheet1.xml"


def rewritten(data: bytes, part: str, change) -> bytes:
    """`data` (a .xlsx) with `part` passed through `change(xml, out)`, which writes the
    new part to the open member `out` in pieces."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                with target.open(part, "w", force_zip64=True) as member:
                    change(content, member)
            else:
                target.writestr(info, content)
    return out.getvalue()


def padded(megabytes):
    """The sheet with `megabytes` of blanks before its data: legal XML, tiny packed."""

    def change(xml, member):
        head, _sep, tail = xml.partition(b"<sheetData")
        member.write(head)
        chunk = b" " * (1024 * 1024)
        for _ in range(megabytes):
            member.write(chunk)
        member.write(b"<sheetData" + tail)

    return change


def snapshot(campaign):
    return (
        AuditEntry.objects.count(),
        sorted(Task.objects.filter(finding__campaign=campaign).values_list("pk", "version")),
    )


def test_it_refuses_a_zip_bomb_before_unpacking_it(seed, tmp_path):
    bomb = rewritten(export_bytes(seed.campaign), SHEET, padded(200))
    assert len(bomb) < 2 * 1024 * 1024  # a small upload…
    path = save(tmp_path, bomb)
    before = snapshot(seed.campaign)
    tracemalloc.start()
    try:
        with pytest.raises(ImportFailed, match="解压后.*过大"):
            plan_import(path, seed.campaign, "bomb.xlsx")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # …that unpacks to 200 MB, refused having read its directory only.
    assert peak < 5 * 1024 * 1024, peak
    assert snapshot(seed.campaign) == before


@pytest.mark.parametrize(
    ("setting", "low", "high"),
    [
        ("IMPORT_MAX_UNCOMPRESSED_BYTES", 2 * 1024 * 1024, 8 * 1024 * 1024),
        ("IMPORT_MAX_SHEET_BYTES", 2 * 1024 * 1024, 8 * 1024 * 1024),
        ("IMPORT_MAX_RATIO", 2, 10**6),
    ],
)
def test_each_bound_is_a_setting(seed, tmp_path, settings, setting, low, high):
    settings.IMPORT_MAX_RATIO = 10**6
    path = save(tmp_path, rewritten(export_bytes(seed.campaign), SHEET, padded(3)))
    setattr(settings, setting, low)
    with pytest.raises(ImportFailed, match="过大"):
        plan_import(path, seed.campaign)
    setattr(settings, setting, high)
    assert plan_import(path, seed.campaign).ok


def test_it_refuses_an_entity_bomb(seed, tmp_path):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )

    def change(xml, member):
        body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
        member.write(laughs + body.replace(b"<v>", b"<v>&lol3;", 1))

    path = save(tmp_path, rewritten(export_bytes(seed.campaign), SHEET, change))
    with pytest.raises(ImportFailed, match="无法读取"):
        plan = plan_import(path, seed.campaign)
        list(plan.errors)


def test_it_stops_at_the_row_limit(seed, tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 10
    rows = cells(export_bytes(seed.campaign))
    with pytest.raises(ImportFailed, match="超过 10 行"):
        plan_import(save(tmp_path, workbook_bytes(rows[1:], rows[0])), seed.campaign)


def test_it_refuses_a_cell_longer_than_a_text_may_be(seed, tmp_path, settings):
    rows = cells(export_bytes(seed.campaign))
    longest = max(len(str(value)) for row in rows for value in row if value is not None)
    settings.IMPORT_MAX_CELL_CHARS = longest
    assert plan_import(save(tmp_path, workbook_bytes(rows[1:], rows[0])), seed.campaign).ok
    rows = edited(rows, "(1)", 整改措施="措" * (longest + 1))
    plan = plan_import(save(tmp_path, workbook_bytes(rows[1:], rows[0])), seed.campaign)
    assert [str(e) for e in plan.errors] == [f"第2行 D列(整改措施):内容过长(最多{longest}字)"]


def test_it_refuses_formulas_with_row_and_column_never_an_empty_measure(seed, tmp_path):
    rows = edited(cells(export_bytes(seed.campaign)), "(2)", 整改措施='=CONCATENATE("新的","措施")')
    rows = edited(rows, "(3)", 责任领导="=A1")
    before = snapshot(seed.campaign)
    measure = by_label(seed.campaign, "(2)").measure
    plan = plan_import(save(tmp_path, workbook_bytes(rows[1:], rows[0])), seed.campaign)
    assert [str(e) for e in plan.errors] == [
        "第3行 D列(整改措施):不能使用公式,请将该单元格复制后“粘贴为数值”再导入",
        "第4行 G列(责任领导):不能使用公式,请将该单元格复制后“粘贴为数值”再导入",
    ]
    with pytest.raises(ImportFailed):
        apply_import(plan, seed.office)
    assert by_label(seed.campaign, "(2)").measure == measure
    assert snapshot(seed.campaign) == before
