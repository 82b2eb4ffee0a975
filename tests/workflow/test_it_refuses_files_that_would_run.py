"""Evidence and document versions that a double-click would run are refused, whatever
their name: scripts, web pages, SVG, polyglots, names that lie about the content."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.workflow._helpers import PDF_BYTES, make_task
from zhenggai.audit.models import AuditEntry
from zhenggai.meetings.models import Document, DocumentKind, DocumentVersion
from zhenggai.reporting.models import Evidence, FileRejected

ATTACKS = {
    "bat": ("整改通报.bat", b"@echo off\r\ndel /q C:\\Users\\*\r\n", "不符"),
    "cmd-as-txt-ok-name-but-bat": ("run.BAT", "echo 整改".encode("gb18030"), "不符"),
    "hta": (
        "台账.hta",
        b'<hta:application id="x"/><script>new ActiveXObject("WScript.Shell")</script>',
        "网页或脚本",
    ),
    "html": ("通报.html", b"<!DOCTYPE html><html><body>hi</body></html>", "网页或脚本"),
    "html-named-txt": ("说明.txt", b"<html><script>alert(1)</script></html>", "网页或脚本"),
    "svg-onload": (
        "图表.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "网页或脚本",
    ),
    "svg-named-png": ("图表.png", b'<?xml version="1.0"?><svg onload="alert(1)"/>', "网页或脚本"),
    "pdf-html-polyglot-named-html": (
        "通报.html",
        PDF_BYTES + b"<html><script>alert(document.cookie)</script></html>",
        "网页或脚本",
    ),
    "pdf-html-polyglot-named-pdf": (
        "通报.pdf",
        PDF_BYTES + b"<script>alert(1)</script>",
        "网页或脚本",
    ),
    "pdf-named-html": ("通报.html", PDF_BYTES, "不符"),
    "pdf-with-javascript": (
        "通报.pdf",
        b"%PDF-1.4\n1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF\n",
        "网页或脚本",
    ),
    "pdf-launching-a-program": (
        "通报.pdf",
        b"%PDF-1.4\n1 0 obj<</OpenAction<</S/Launch/F(cmd.exe)>>>>endobj\n%%EOF\n",
        "网页或脚本",
    ),
    "exe": ("setup.exe", b"MZ\x90\0\x03\0\0\0" + b"\0" * 64, "不支持"),
    "js-as-text": ("a.js", b"window.location='javascript:alert(1)'", "网页或脚本"),
}


def _upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _stored_files(settings):
    folder = Path(settings.MEDIA_ROOT) / "evidence"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@pytest.mark.django_db
@pytest.mark.parametrize("attack", list(ATTACKS))
def test_it_refuses_evidence_that_would_run(world, settings, attack):
    name, data, message = ATTACKS[attack]
    task = make_task(world)
    with pytest.raises(FileRejected, match=message):
        Evidence.attach(world.lead_liaison, task, _upload(name, data))
    assert not Evidence.objects.exists()
    assert not AuditEntry.objects.exists()
    assert _stored_files(settings) == []


@pytest.mark.django_db
@pytest.mark.parametrize("attack", ["bat", "hta", "svg-onload", "pdf-html-polyglot-named-html"])
def test_it_refuses_document_versions_that_would_run(world, settings, attack):
    name, data, message = ATTACKS[attack]
    document = Document.objects.create(
        campaign=world.campaign, kind=DocumentKind.PLAN, title="巡视整改工作方案"
    )
    with pytest.raises(FileRejected, match=message):
        DocumentVersion.add(world.office, document, _upload(name, data))
    assert not DocumentVersion.objects.exists()
    assert _stored_files(settings) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "kept"),
    [
        ("整改方案.PDF", PDF_BYTES, "整改方案.pdf"),
        ("扫描件.jpeg", b"\xff\xd8\xff\xe0\0\x10JFIF\0", "扫描件.jpeg"),
        ("说明", "荔湾区整改说明 a<b".encode(), "说明.txt"),
        ("..\\..\\C:\\evil\x07name.pdf", PDF_BYTES, "evil_name.pdf"),
    ],
)
def test_it_keeps_honest_files_under_a_clean_name(world, name, data, kept):
    evidence = Evidence.attach(world.lead_liaison, make_task(world), _upload(name, data))
    assert evidence.original_name == kept


@pytest.mark.django_db
def test_the_page_answers_422_and_keeps_nothing(client, world, settings):
    task = make_task(world)
    client.force_login(world.lead_liaison)
    from django.urls import reverse

    name, data, _message = ATTACKS["pdf-html-polyglot-named-html"]
    response = client.post(
        reverse("task_evidence_upload", args=[task.pk]), {"file": _upload(name, data)}
    )
    assert response.status_code == 422
    assert "网页或脚本" in response.content.decode()
    assert not Evidence.objects.exists() and _stored_files(settings) == []
