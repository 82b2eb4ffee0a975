"""Evidence and document versions go out as downloads, never as pages: an attachment with
an ASCII fallback name and the UTF-8 one, an allow-listed type, nosniff."""

from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.workflow._helpers import PDF_BYTES, make_task
from zhenggai.meetings.models import Document, DocumentKind, DocumentVersion
from zhenggai.reporting.models import Evidence


def _download(client, task, evidence):
    response = client.get(reverse("task_evidence", args=[task.pk, evidence.pk]))
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_it_serves_evidence_as_an_attachment_with_both_names(client, world):
    task = make_task(world)
    evidence = Evidence.attach(
        world.lead_liaison, task, SimpleUploadedFile("关于整改的通报 (定稿).pdf", PDF_BYTES)
    )
    client.force_login(world.lead_liaison)
    response = _download(client, task, evidence)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert 'filename="file.pdf"' in disposition
    assert f"filename*=UTF-8''{quote('关于整改的通报 (定稿).pdf', safe='')}" in disposition
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.django_db
def test_it_never_serves_a_stored_page_as_a_page(client, world):
    """A row kept before the checks (or written by hand) with an .html name and type is
    served as bytes under a name that does not open in a browser."""
    task = make_task(world)
    evidence = Evidence(
        task=task,
        original_name="通报.html",
        content_type="text/html",
        size=20,
        sha256="0" * 64,
        uploaded_by=world.lead_liaison,
    )
    evidence.file.save("legacy.html", ContentFile(b"<script>alert(1)</script>"), save=True)
    client.force_login(world.lead_liaison)
    response = _download(client, task, evidence)
    assert response["Content-Type"] == "application/octet-stream"
    assert "text/html" not in response["Content-Type"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert 'filename="html.bin"' in disposition
    assert disposition.endswith(quote("通报.html.bin", safe=""))


@pytest.mark.django_db
def test_it_serves_document_versions_the_same_way(client, world):
    document = Document.objects.create(
        campaign=world.campaign, kind=DocumentKind.PLAN, title="巡视整改工作方案"
    )
    version = DocumentVersion.add(
        world.office, document, SimpleUploadedFile("工作方案.txt", "一、总体要求".encode())
    )
    client.force_login(world.office)
    response = client.get(reverse("meetings:version_download", args=[document.pk, version.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ") and 'filename="file.txt"' in disposition
    assert quote("工作方案.txt", safe="") in disposition
