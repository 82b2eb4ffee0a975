import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from tests.publication.conftest import flat, pdf_text, publish_new
from zhenggai.publication.models import PublicReport
from zhenggai.tasks.models import Task


def _exit_code(*args):
    with pytest.raises(CommandError) as exc:
        call_command("export_report", *args)
    return exc.value.returncode, str(exc.value)


def test_it_exports_the_ledger_as_it_stands(seeded, tmp_path):
    out = tmp_path / "report.txt"
    call_command("export_report", "--out", str(out))
    text = out.read_text(encoding="utf-8")
    assert "(63)针对临聘人员素质参差不齐、流动性强、管理混乱的问题" in text
    assert not PublicReport.objects.exists()  # composing does not save a draft

    call_command("export_report", "--out", str(tmp_path / "r.docx"), "--campaign", str(seeded.pk))
    paragraphs = [p.text for p in Document(str(tmp_path / "r.docx")).paragraphs]
    assert paragraphs == text.splitlines()
    call_command("export_report", "--out", str(tmp_path / "r.pdf"))
    pdf = (tmp_path / "r.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and "已完成整改" in flat(pdf_text(pdf, tmp_path))


def test_it_exports_the_latest_published_version(seeded, people, tmp_path):
    first = publish_new(seeded, people.office)
    Task.objects.filter(finding__campaign=seeded, finding__label="(12)").update(
        measure="第二期措施"
    )
    second = publish_new(seeded, people.office)
    Task.objects.filter(finding__campaign=seeded, finding__label="(12)").update(
        measure="未发布措施"
    )
    out = tmp_path / "published.txt"
    call_command("export_report", "--out", str(out), "--published")
    assert out.read_text(encoding="utf-8") == second.text != first.text
    assert "未发布措施" not in out.read_text(encoding="utf-8")


def test_it_exits_2_when_there_is_nothing_to_export(db, seeded, tmp_path):
    code, message = _exit_code("--out", str(tmp_path / "r.txt"), "--published")
    assert code == 2 and "还没有发布" in message and "\n" not in message
    code, message = _exit_code("--out", str(tmp_path / "r.odt"))
    assert code == 2 and ".odt" in message
    code, message = _exit_code("--out", str(tmp_path / "r.txt"), "--campaign", "999999")
    assert code == 2 and "999999" in message


def test_it_exits_2_without_a_campaign(db, tmp_path):
    code, message = _exit_code("--out", str(tmp_path / "r.txt"))
    assert code == 2 and "还没有整改工作" == message
    assert not (tmp_path / "r.txt").exists()
