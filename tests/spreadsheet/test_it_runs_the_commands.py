import pytest
from django.core.management import call_command

from tests.spreadsheet.conftest import by_label, cells, edited, save, workbook_bytes


def test_it_exports_and_imports_from_the_console(seed, tmp_path, capsys):
    out = tmp_path / "ledger.xlsx"
    call_command("ledger_export", "--out", str(out), "--campaign", str(seed.campaign.pk))
    assert "已导出 63 项" in capsys.readouterr().out
    rows = cells(out)
    assert len(rows) == 64

    call_command("ledger_import", str(out))
    assert "新增 0 项,更新 0 项,未变 63 项" in capsys.readouterr().out

    changed = save(tmp_path, workbook_bytes(edited(rows, "(1)", 责任领导="李副区长")[1:]), "b.xlsx")
    call_command("ledger_import", str(changed), "--user", "office")
    assert "更新 1 项" in capsys.readouterr().out
    assert by_label(seed.campaign, "(1)").leader == "李副区长"


def test_it_exits_2_with_row_messages_and_writes_nothing(seed, tmp_path, capsys):
    out = tmp_path / "ledger.xlsx"
    call_command("ledger_export", "--out", str(out))
    rows = edited(cells(out), "(1)", 责任领导="李副区长")
    rows = edited(rows, "(4)", 完成时限="2018-13-45", 牵头单位="区火星局")
    bad = save(tmp_path, workbook_bytes(rows[1:]), "bad.xlsx")
    with pytest.raises(SystemExit) as exit:
        call_command("ledger_import", str(bad), "--campaign", str(seed.campaign.pk))
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert "第5行 H列(完成时限):无法识别的日期“2018-13-45”" in err
    assert "第5行 E列(牵头单位):未知单位“区火星局”" in err
    assert by_label(seed.campaign, "(1)").leader == "张副区长"


def test_it_exits_2_on_a_file_that_is_not_a_workbook(seed, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit:
        call_command("ledger_import", str(save(tmp_path, b"nope")))
    assert exit.value.code == 2
    assert "无法读取" in capsys.readouterr().err
