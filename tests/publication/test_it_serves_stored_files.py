"""A published version is rendered once, when it is published; downloads serve the stored
file, answer conditional requests and may be cached."""

import pytest

from tests.publication.conftest import publish_new
from zhenggai.documents.models import Rendition
from zhenggai.publication import exports
from zhenggai.publication.models import PublicReport


def _refuse_to_render(monkeypatch):
    def refuse(report):
        raise AssertionError("rendered on a download")

    for kind in exports.EXPORTERS:
        monkeypatch.setitem(exports.EXPORTERS, kind, refuse)


def test_it_stores_the_files_when_publishing(seeded, people):
    draft = PublicReport.create_draft(seeded, people.office)
    assert not Rendition.objects.of(draft).exists()
    draft.publish(people.office)
    stored = {r.kind: r.read() for r in Rendition.objects.of(draft)}
    assert set(stored) == {"txt", "docx", "pdf"}
    assert stored["txt"].decode() == draft.text
    assert stored["pdf"].startswith(b"%PDF") and stored["docx"].startswith(b"PK")
    with pytest.raises(PermissionError):
        Rendition.objects.of(draft).update(file="")


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf"])
def test_it_serves_downloads_from_storage(seeded, people, client, monkeypatch, kind):
    report = publish_new(seeded, people.office)
    stored = Rendition.objects.of(report).get(kind=kind)
    _refuse_to_render(monkeypatch)

    first = client.get(f"/public/{report.pk}/report.{kind}")
    second = client.get(f"/public/{report.pk}/report.{kind}")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content == stored.read()
    assert first["ETag"] == f'"{stored.sha256}"'
    assert "public" in first["Cache-Control"] and "max-age" in first["Cache-Control"]
    assert first["Last-Modified"]

    again = client.get(f"/public/{report.pk}/report.{kind}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(
        f"/public/{report.pk}/report.{kind}", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert since.status_code == 304


def test_it_serves_a_download_in_two_queries(
    seeded, people, client, monkeypatch, django_assert_max_num_queries
):
    report = publish_new(seeded, people.office)
    _refuse_to_render(monkeypatch)
    with django_assert_max_num_queries(4):
        assert client.get(f"/public/{report.pk}/report.pdf").status_code == 200


def test_it_renders_an_older_version_once(seeded, people, client, monkeypatch):
    """A version published before files were stored gets them on its first download."""
    report = publish_new(seeded, people.office)
    Rendition.objects.of(report).filter(kind="docx")._raw_delete(Rendition.objects.db)
    calls = []
    render = exports.EXPORTERS["docx"]

    def counting(r):
        calls.append(r.pk)
        return render(r)

    monkeypatch.setitem(exports.EXPORTERS, "docx", counting)
    for _ in range(3):
        assert client.get(f"/public/{report.pk}/report.docx").status_code == 200
    assert calls == [report.pk]
