"""佐证材料: stored outside the web root under a random name, typed by content."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.workflow._helpers import PDF_BYTES, make_task, pdf
from zhenggai.audit.models import AuditEntry
from zhenggai.reporting.models import Evidence, FileRejected, Period, ProgressReport
from zhenggai.tasks.models import Status
from zhenggai.tasks.workflow import MissingRequirement, MoveNotAllowed

PNG_BYTES = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0"


@pytest.mark.django_db
def test_it_stores_a_file_under_a_random_name_outside_the_web_root(world, settings):
    task = make_task(world)
    evidence = Evidence.attach(world.lead_liaison, task, pdf("关于河涌整治的通报.pdf"))

    path = Path(evidence.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT) / "evidence")
    assert path.read_bytes() == PDF_BYTES
    assert "通报" not in evidence.file.name and evidence.file.name.endswith(".pdf")
    assert evidence.original_name == "关于河涌整治的通报.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.size == len(PDF_BYTES)
    assert evidence.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert evidence.uploaded_by == world.lead_liaison
    entry = AuditEntry.objects.get(action="evidence_attach")
    assert (entry.object_type, entry.object_id, entry.task_id) == ("evidence", evidence.pk, task.pk)
    assert entry.after["sha256"] == evidence.sha256


@pytest.mark.django_db
def test_it_believes_the_content_not_the_name(world):
    task = make_task(world)
    evidence = Evidence.attach(world.lead_liaison, task, pdf("照片.PNG", PNG_BYTES))
    assert evidence.content_type == "image/png"
    assert evidence.file.name.endswith(".png")
    # A name that says otherwise is refused, not corrected: it would be served back.
    with pytest.raises(FileRejected, match="与文件内容"):
        Evidence.attach(world.lead_liaison, task, pdf("照片.pdf", PNG_BYTES))
    assert Evidence.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_a_program_renamed_pdf(world, settings):
    task = make_task(world)
    exe = SimpleUploadedFile("通报.pdf", b"MZ\x90\0\x03\0\0\0" + b"\0" * 100, "application/pdf")
    with pytest.raises(FileRejected) as refused:
        Evidence.attach(world.lead_liaison, task, exe)
    assert isinstance(refused.value, MissingRequirement)
    assert "不支持的文件类型" in str(refused.value)
    assert not Evidence.objects.exists()
    assert not AuditEntry.objects.exists()
    evidence_dir = Path(settings.MEDIA_ROOT) / "evidence"
    assert not evidence_dir.exists() or not any(p.is_file() for p in evidence_dir.rglob("*"))


@pytest.mark.django_db
def test_it_refuses_a_file_over_the_limit(world, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    task = make_task(world)
    with pytest.raises(FileRejected, match="上限"):
        Evidence.attach(world.lead_liaison, task, pdf(content=PDF_BYTES + b"0" * 1024))
    Evidence.attach(world.lead_liaison, task, pdf(content=PDF_BYTES.ljust(1024, b"\n")))
    assert Evidence.objects.count() == 1


@pytest.mark.django_db
def test_it_counts_the_bytes_not_the_declared_size(world, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    upload = pdf(content=PDF_BYTES + b"0" * 2048)
    upload.size = 10  # what a lying client might say
    with pytest.raises(FileRejected):
        Evidence.attach(world.lead_liaison, make_task(world), upload)


@pytest.mark.django_db
def test_it_lets_only_those_who_can_edit_attach(world):
    task = make_task(world)
    for role in ("leader", "other_liaison", "discipline", "observer"):
        with pytest.raises(MoveNotAllowed):
            Evidence.attach(getattr(world, role), task, pdf())
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_it_ties_evidence_to_a_report_of_the_same_item(world):
    task = make_task(world, Status.IN_PROGRESS)
    report = ProgressReport.file(world.lead_liaison, task, Period.DAY, task.deadline, "进展")
    evidence = Evidence.attach(world.lead_liaison, task, pdf(), report=report)
    assert list(report.evidence.all()) == [evidence]
    with pytest.raises(MissingRequirement):
        Evidence.attach(world.lead_liaison, make_task(world), pdf(), report=report)
