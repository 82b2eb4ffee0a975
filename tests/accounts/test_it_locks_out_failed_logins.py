"""Guessing passwords: counted in the database per account and per address, locked,
recorded, and lifted by an administrator — on the site's sign-in and on /admin/'s."""

import pytest
from django.urls import reverse

from zhenggai.accounts.models import LoginAttempt, LoginReason, User
from zhenggai.audit.models import AuditEntry


def _try(client, username, password, url=None, address="10.0.0.7"):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
def test_it_locks_an_account_after_five_failures_even_against_the_right_password(
    client, people, settings
):
    settings.LOGIN_MAX_FAILURES = 5
    for _ in range(5):
        assert _try(client, "leader", "wrong").status_code == 200
    response = _try(client, "leader", "pw")
    assert response.status_code == 200
    assert "已被锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert User.objects.get(pk=people.leader.pk).locked_until is not None
    reasons = list(
        LoginAttempt.objects.filter(username="leader")
        .order_by("id")
        .values_list("reason", flat=True)
    )
    assert reasons == [LoginReason.BAD_PASSWORD] * 5 + [LoginReason.LOCKED]
    assert AuditEntry.objects.filter(action="account_locked", object_id=people.leader.pk).exists()
    assert AuditEntry.objects.filter(action="login_failed").count() == 6


@pytest.mark.django_db
def test_an_administrator_unlocks_it(client, people, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        _try(client, "ll-zjj", "wrong")
    client.force_login(people.admin)
    assert client.post(reverse("manage_user_unlock", args=[people.liaison.pk])).status_code == 302
    assert AuditEntry.objects.filter(action="account_unlock", actor=people.admin).exists()
    client.logout()
    response = _try(client, "ll-zjj", "pw")
    assert response.status_code == 302
    assert LoginAttempt.objects.filter(username="ll-zjj", succeeded=True).count() == 1


@pytest.mark.django_db
def test_a_success_resets_the_count(client, people, settings):
    settings.LOGIN_MAX_FAILURES = 3
    _try(client, "leader", "wrong")
    _try(client, "leader", "wrong")
    assert _try(client, "leader", "pw").status_code == 302
    client.logout()
    _try(client, "leader", "wrong")
    _try(client, "leader", "wrong")
    assert _try(client, "leader", "pw").status_code == 302


@pytest.mark.django_db
def test_it_throttles_an_address_that_tries_many_accounts(client, people, settings):
    settings.LOGIN_ADDRESS_MAX_FAILURES = 4
    for name in ["a", "b", "c", "d"]:
        _try(client, name, "guess")
    response = _try(client, "leader", "pw")
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "该地址登录失败次数过多" in response.content.decode()
    # Another address is not affected.
    assert _try(client, "leader", "pw", address="10.0.0.8").status_code == 302


@pytest.mark.django_db
def test_the_admin_sign_in_is_behind_the_same_lock(client, people, settings):
    settings.LOGIN_MAX_FAILURES = 2
    url = reverse("admin:login")
    _try(client, "root", "wrong", url=url)
    _try(client, "root", "wrong", url=url)
    response = _try(client, "root", "pw", url=url)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert LoginAttempt.objects.filter(username="root", reason=LoginReason.LOCKED).exists()
