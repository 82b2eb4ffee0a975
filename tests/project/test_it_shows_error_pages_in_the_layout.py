"""403, 404 and 500 in the site's layout and the reader's language, with a way back."""

import pytest
from django.test import Client
from django.urls import include, path, reverse

from tests.world import login


def _in(client, language):
    if language == "en":
        client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize(
    "language, words",
    [("zh-hans", ("页面不存在", "返回首页", "总台账")), ("en", ("Page not found", "Back to the home page", "Master ledger"))],
)  # fmt: skip
def test_it_shows_404_with_the_menu(client, world, language, words):
    response = _in(login(client, world.office), language).get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    assert 'class="topbar"' in body and 'id="main-nav"' in body
    assert f'href="{reverse("home")}"' in body
    for word in words:
        assert word in body
    assert "The requested resource was not found" not in body


@pytest.mark.parametrize(
    "language, words",
    [("zh-hans", ("无权访问", "返回首页")), ("en", ("Access denied", "Back to the home page"))],
)  # fmt: skip
def test_it_shows_403_with_the_menu(client, world, language, words):
    response = _in(login(client, world.lead_liaison), language).get(reverse("audit"))
    assert response.status_code == 403
    body = response.content.decode()
    assert 'id="main-nav"' in body
    for word in words:
        assert word in body
    assert "403 Forbidden" not in body


def test_it_shows_404_to_anonymous_readers_with_a_way_to_sign_in(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body and f'href="{reverse("login")}"' in body


def _boom(request):
    raise RuntimeError("boom")


# This module is also the URLconf of the 500 test: the site's URLs and one that fails.
urlpatterns = [path("boom/", _boom), path("", include("zhenggai.urls"))]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "language, words",
    [("zh-hans", ("系统出错", "返回首页")), ("en", ("Something went wrong", "Back to the home page"))],
)  # fmt: skip
def test_it_shows_500_without_the_database(db, django_assert_num_queries, language, words):
    client = _in(Client(raise_request_exception=False), language)
    with django_assert_num_queries(0):  # a broken database must not break the error page
        response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert f'<html lang="{language}">' in body and 'class="topbar"' in body
    assert 'href="/"' in body
    for word in words:
        assert word in body
    assert "boom" not in body and "Server Error (500)" not in body


def test_it_explains_an_expired_form_in_words(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "页面已过期" in body and 'class="topbar"' in body
    assert "CSRF verification failed" not in body
