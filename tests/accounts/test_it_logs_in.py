import pytest
from django.urls import reverse

from tests.world import login


def test_it_serves_the_login_page(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_it_logs_in_and_lands_on_the_todo_list(client, world):
    response = client.post(reverse("login"), {"username": "office", "password": "pw"})
    assert response.status_code == 302
    assert response.url == "/todo/"


def test_it_refuses_a_wrong_password(client, world):
    response = client.post(reverse("login"), {"username": "office", "password": "nope"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


@pytest.mark.parametrize(
    "who, shown, hidden",
    [
        ("office", ["总台账", "各单位", "整改办管理"], ["本单位"]),
        ("leader", ["总台账", "各单位"], ["整改办管理", "本单位"]),
        ("observer", ["总台账", "各单位"], ["整改办管理", "本单位"]),
        ("discipline", ["总台账", "各单位"], ["整改办管理", "本单位"]),
        ("lead_liaison", ["总台账", "本单位"], ["各单位", "整改办管理"]),
    ],
)
def test_it_shows_a_navigation_by_role(client, world, who, shown, hidden):
    body = login(client, getattr(world, who)).get("/").content.decode()
    nav = body[body.index("<nav") : body.index("</nav>")]
    for word in shown:
        assert word in nav
    for word in hidden:
        assert word not in nav
