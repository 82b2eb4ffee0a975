"""One's own password, tokens that die with the old one, and sessions that end."""

import pytest
from django.urls import reverse

from tests.accounts.conftest import STRONG
from zhenggai.accounts.middleware import LAST_SEEN, STARTED
from zhenggai.api.models import ApiToken
from zhenggai.audit.models import AuditEntry


def _change(client, user, old, new):
    client.force_login(user)
    return client.post(
        reverse("own_password"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


@pytest.mark.django_db
def test_a_user_changes_their_own_password_and_their_tokens_stop_working(client, people):
    _token, key = ApiToken.issue(people.liaison, "手机")
    assert (
        client.get(reverse("api-v1:list_items"), HTTP_AUTHORIZATION=f"Bearer {key}").status_code
        == 200
    )
    assert _change(client, people.liaison, "pw", STRONG).status_code == 302
    people.liaison.refresh_from_db()
    assert people.liaison.check_password(STRONG)
    assert (
        client.get(reverse("api-v1:list_items"), HTTP_AUTHORIZATION=f"Bearer {key}").status_code
        == 401
    )
    actions = set(AuditEntry.objects.filter(actor=people.liaison).values_list("action", flat=True))
    assert {"password_change", "token_issue", "token_revoke"} <= actions


@pytest.mark.django_db
def test_a_weak_new_password_is_refused(client, people):
    response = _change(client, people.liaison, "pw", "12345678")
    assert response.status_code == 200
    people.liaison.refresh_from_db()
    assert people.liaison.check_password("pw")


@pytest.mark.django_db
def test_a_reset_revokes_the_tokens(client, people):
    _token, key = ApiToken.issue(people.liaison, "手机")
    client.force_login(people.office)
    client.post(
        reverse("manage_user_password", args=[people.liaison.pk]),
        {"new_password1": STRONG, "new_password2": STRONG},
    )
    assert not ApiToken.objects.active().filter(user=people.liaison).exists()


@pytest.mark.django_db
def test_an_idle_session_ends(client, people, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(people.office)
    assert client.get(reverse("ledger")).status_code == 200
    session = client.session
    session[LAST_SEEN] -= 31 * 60
    session.save()
    response = client.get(reverse("ledger"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_session_ends_after_its_lifetime_however_busy(client, people, settings):
    settings.SESSION_COOKIE_AGE = 3600
    client.force_login(people.office)
    session = client.session
    session[STARTED] -= 3601
    session.save()
    assert client.get(reverse("ledger")).status_code == 302
