"""ZHENGGAI_STORAGE=s3: evidence, document versions, stored renditions and staged imports
live in one S3-compatible bucket (here moto's server on loopback), so every application
server sees the same files; the access rules still decide who downloads them."""

import hashlib

import pytest
from django.core.files.storage import storages
from django.test import RequestFactory

from tests.workflow._helpers import PDF_BYTES, make_task, pdf
from zhenggai.audit.models import AuditEntry
from zhenggai.documents import serve
from zhenggai.documents.models import Rendition
from zhenggai.meetings.models import Document, DocumentKind, DocumentVersion
from zhenggai.reporting import models as reporting_models
from zhenggai.reporting.models import Evidence

pytestmark = pytest.mark.django_db


def test_settings_put_every_named_storage_in_the_bucket(s3):
    for alias in ("evidence", "renditions", "staging"):
        storage = storages[alias]
        assert type(storage).__module__ == "storages.backends.s3"
        assert storage.bucket_name == s3.bucket and storage.location == f"site/{alias}"


def test_it_uploads_evidence_to_the_bucket_and_serves_it_by_the_access_rules(s3, world, client):
    task = make_task(world)
    client.force_login(world.lead_liaison)
    response = client.post(f"/ledger/{task.pk}/evidence/", {"file": pdf("通报.pdf")})
    assert response.status_code == 302

    evidence = Evidence.objects.get()
    key = f"site/evidence/{evidence.file.name}"
    assert s3.keys("site/evidence/") == [key]
    body = s3.client.get_object(Bucket=s3.bucket, Key=key)["Body"].read()
    assert body == PDF_BYTES and evidence.sha256 == hashlib.sha256(body).hexdigest()

    url = f"/ledger/{task.pk}/evidence/{evidence.pk}/"
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")

    # A unit that may not see the item learns nothing, not even that the file exists.
    client.force_login(world.other_liaison)
    assert client.get(url).status_code == 404
    client.force_login(world.office)
    assert client.get(url).status_code == 200


def test_a_file_gone_from_the_bucket_is_a_404_not_an_error(s3, world, client):
    task = make_task(world)
    evidence = Evidence.attach(world.lead_liaison, task, pdf())
    s3.client.delete_object(Bucket=s3.bucket, Key=f"site/evidence/{evidence.file.name}")
    client.force_login(world.office)
    assert client.get(f"/ledger/{task.pk}/evidence/{evidence.pk}/").status_code == 404


def test_it_deletes_the_object_of_an_upload_that_was_not_kept(s3, world, monkeypatch):
    task = make_task(world)

    def fail(*args, **kwargs):
        raise RuntimeError("the audit entry could not be written")

    monkeypatch.setattr(reporting_models, "record", fail)
    with pytest.raises(RuntimeError):
        Evidence.attach(world.lead_liaison, task, pdf())
    assert not Evidence.objects.exists() and not AuditEntry.objects.exists()
    assert s3.keys("site/evidence/") == []


def test_document_versions_go_to_the_bucket_and_follow_the_campaign(s3, world, client):
    document = Document.objects.create(
        campaign=world.campaign, kind=DocumentKind.PLAN, title="整改工作方案"
    )
    first = DocumentVersion.add(world.office, document, pdf("方案.pdf"))
    second = DocumentVersion.add(world.office, document, pdf("方案二.pdf", PDF_BYTES + b"%v2\n"))
    assert s3.keys("site/evidence/documents/") == sorted(
        f"site/evidence/{v.file.name}" for v in (first, second)
    )
    client.force_login(world.office)
    download = client.get(f"/documents/{document.pk}/versions/{second.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES + b"%v2\n"

    second.file.delete(save=False)
    assert s3.keys("site/evidence/documents/") == [f"site/evidence/{first.file.name}"]


def test_a_rendition_is_rendered_once_and_then_served_from_the_bucket(s3, world):
    calls = []

    def render(obj):
        calls.append(obj.pk)
        return "第一期 整改简报".encode()

    request = RequestFactory().get("/file.txt")
    for _ in range(3):
        response = serve.serve(request, world.campaign, "txt", render, "text/plain", "a.txt")
        assert response.status_code == 200 and response.content == "第一期 整改简报".encode()
    assert calls == [world.campaign.pk]

    rendition = Rendition.objects.of(world.campaign).get(kind="txt")
    assert rendition.data is None and rendition.file.name
    assert s3.keys("site/renditions/") == [f"site/renditions/{rendition.file.name}"]
    revalidated = RequestFactory().get("/file.txt", HTTP_IF_NONE_MATCH=rendition.etag)
    assert (
        serve.serve(revalidated, world.campaign, "txt", render, "text/plain", "a.txt").status_code
        == 304
    )
    assert calls == [world.campaign.pk]


def test_a_second_store_of_the_same_file_keeps_the_first_and_leaves_no_orphan(s3, world):
    first = Rendition.store(world.campaign, "txt", b"one")
    again = Rendition.store(world.campaign, "txt", b"two")
    assert again.pk == first.pk and again.read() == b"one"
    assert s3.keys("site/renditions/") == [f"site/renditions/{first.file.name}"]


def test_staged_imports_wait_in_the_bucket(s3):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhenggai.lib import staging

    token = staging.keep("ledger-imports", SimpleUploadedFile("a.xlsx", b"PK\x03\x04data"), ".xlsx")
    assert s3.keys("site/staging/") == [f"site/staging/ledger-imports/{token}.xlsx"]
    assert staging.read("ledger-imports", token, ".xlsx") == b"PK\x03\x04data"
    staging.forget("ledger-imports", token, ".xlsx")
    assert s3.keys("site/staging/") == []
    assert staging.read("ledger-imports", token, ".xlsx") is None
