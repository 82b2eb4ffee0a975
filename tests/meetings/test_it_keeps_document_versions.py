import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.meetings.conftest import PDF
from zhenggai.audit.models import AuditEntry
from zhenggai.meetings.models import Document, DocumentKind, DocumentVersion


def _create(client, world, data=PDF, name="工作方案.pdf"):
    return client.post(
        "/documents/new/",
        {
            "campaign": world.campaign.pk,
            "kind": DocumentKind.PLAN,
            "title": "巡视整改工作方案",
            "number": "荔发〔2018〕12号",
            "issued_on": "2018-08-01",
            "file": SimpleUploadedFile(name, data),
            "note": "初稿",
        },
    )


def _download(client, doc, version):
    return client.get(f"/documents/{doc.pk}/versions/{version.pk}/download/")


def test_it_keeps_every_version_and_shows_the_latest(client, world):
    client.force_login(world.office)
    assert _create(client, world).status_code == 302
    doc = Document.objects.get()
    v2 = PDF.replace(b"1.4", b"1.7")
    response = client.post(
        f"/documents/{doc.pk}/versions/",
        {"file": SimpleUploadedFile("方案-修订.pdf", v2), "note": "修订稿"},
    )
    assert response.status_code == 302
    first, second = DocumentVersion.objects.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert first.file.name != second.file.name
    assert b"".join(_download(client, doc, first).streaming_content) == PDF
    assert b"".join(_download(client, doc, second).streaming_content) == v2
    assert doc.latest_version() == second
    page = client.get(f"/documents/{doc.pk}/").content.decode()
    assert "第2版" in page and "第1版" in page and "方案-修订.pdf" in page
    listing = client.get("/documents/").content.decode()
    assert "第2版" in listing and "共2版" in listing
    actions = sorted(AuditEntry.objects.values_list("action", flat=True))
    assert actions == ["document_create", "document_version_add", "document_version_add"]


def test_it_downloads_as_an_attachment_with_the_sniffed_type(client, world):
    client.force_login(world.office)
    # A name that lies about the content would be served back under it: refused.
    response = _create(client, world, name="方案.docx")
    assert "与文件内容" in response.content.decode()
    assert not Document.objects.exists()
    _create(client, world, name="方案.pdf")
    doc = Document.objects.get()
    response = _download(client, doc, doc.latest_version())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_refuses_a_file_of_the_wrong_type(client, world):
    client.force_login(world.office)
    response = _create(client, world, data=b"MZ\x90\x00\x03\x00\x00\x00", name="方案.pdf")
    assert response.status_code == 200
    assert "不支持的文件类型" in response.content.decode()
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    _create(client, world)
    doc = Document.objects.get()
    response = client.post(
        f"/documents/{doc.pk}/versions/",
        {"file": SimpleUploadedFile("a.pdf", b"\x00\x01binary")},
    )
    assert response.status_code == 400
    assert DocumentVersion.objects.count() == 1


def test_it_refuses_a_file_too_large(client, world, settings):
    settings.UPLOAD_MAX_BYTES = 10
    client.force_login(world.office)
    response = _create(client, world)
    assert "上限" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("office", 200),
        ("leader", 200),
        ("discipline", 200),
        ("observer", 200),
        ("liaison", 200),  # its unit works in the campaign
        ("member", 200),
        ("nounit", 404),
    ],
)
def test_it_downloads_only_for_those_who_see_the_campaign(client, world, who, status):
    client.force_login(world.office)
    _create(client, world)
    doc = Document.objects.get()
    client.force_login(world.users[who])
    assert _download(client, doc, doc.latest_version()).status_code == status
    assert client.get(f"/documents/{doc.pk}/").status_code == status


def test_it_hides_documents_of_a_campaign_the_unit_has_no_part_in(client, world):
    client.force_login(world.office)
    _create(client, world)
    doc = Document.objects.get()
    doc.campaign = world.elsewhere
    doc.save()
    client.force_login(world.liaison)
    assert _download(client, doc, doc.latest_version()).status_code == 404
    assert "巡视整改工作方案" not in client.get("/documents/").content.decode()
    client.logout()
    response = _download(client, doc, doc.latest_version())
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["leader", "discipline", "observer", "liaison"])
def test_it_lets_only_the_office_upload(client, world, who):
    client.force_login(world.office)
    _create(client, world)
    doc = Document.objects.get()
    client.force_login(world.users[who])
    assert _create(client, world).status_code == 403
    response = client.post(
        f"/documents/{doc.pk}/versions/", {"file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert response.status_code == 403
    assert DocumentVersion.objects.count() == 1


def test_it_escapes_document_titles(client, world):
    client.force_login(world.office)
    _create(client, world)
    Document.objects.update(title="<img src=x onerror=alert(1)>")
    doc = Document.objects.get()
    for url in ("/documents/", f"/documents/{doc.pk}/"):
        body = client.get(url).content.decode()
        assert "<img src=x" not in body
        assert "&lt;img src=x" in body
