"""Office pages: 整改办 only (403 for other roles, login for anonymous); public: anyone."""

import pytest
from django.test import Client

from tests.publication.conftest import publish_new
from zhenggai.publication.models import PublicReport

OTHERS = ("leader", "discipline", "observer", "liaison")


def _urls(campaign, draft, published):
    gets = [
        "/publication/",
        f"/publication/{draft.pk}/",
        f"/publication/{draft.pk}/edit/",
        f"/publication/{published.pk}/",
    ]
    posts = [
        ("/publication/new/", {"campaign": campaign.pk}),
        (f"/publication/{draft.pk}/edit/", {"title": "改"}),
        (f"/publication/{draft.pk}/refresh/", {}),
        (f"/publication/{draft.pk}/publish/", {}),
    ]
    return gets, posts


@pytest.fixture
def reports(seeded, people):
    published = publish_new(seeded, people.office)
    draft = PublicReport.create_draft(seeded, people.office)
    return seeded, draft, published


def test_it_sends_anonymous_visitors_to_login(reports, client):
    gets, posts = _urls(*reports)
    for url in gets:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    assert PublicReport.objects.get(pk=reports[1].pk).status == PublicReport.Status.DRAFT


@pytest.mark.parametrize("role", OTHERS)
def test_it_refuses_other_roles(reports, people, client, role):
    client.force_login(getattr(people, role))
    gets, posts = _urls(*reports)
    for url in gets:
        assert client.get(url).status_code == 403, url
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert PublicReport.objects.get(pk=reports[1].pk).status == PublicReport.Status.DRAFT


def test_it_lets_the_office_in(reports, people, client):
    client.force_login(people.office)
    gets, _posts = _urls(*reports)
    for url in gets:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", [None, "office", *OTHERS])
def test_it_serves_the_public_pages_to_everyone(reports, people, client, who):
    if who:
        client.force_login(getattr(people, who))
    _campaign, draft, published = reports
    for url in ("/public/", f"/public/{published.pk}/"):
        assert client.get(url).status_code == 200, url
    # The PDF (slow to make) is fetched once, anonymously; the others by everyone.
    for kind in ("txt", "docx", "pdf") if who is None else ("txt", "docx"):
        assert client.get(f"/public/{published.pk}/report.{kind}").status_code == 200
    # A draft is not public, not even for the office.
    assert client.get(f"/public/{draft.pk}/").status_code == 404


def test_it_wants_post_and_csrf_for_changes(reports, people):
    _campaign, draft, _published = reports
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.office)
    assert client.get(f"/publication/{draft.pk}/publish/").status_code == 405
    assert client.post(f"/publication/{draft.pk}/publish/").status_code == 403
    assert PublicReport.objects.get(pk=draft.pk).status == PublicReport.Status.DRAFT
