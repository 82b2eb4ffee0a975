"""The office looks after a unit's accounts and nothing above them; the 系统管理员
administers the rest; every account event is an audit entry."""

import pytest
from django.urls import reverse

from tests.accounts.conftest import STRONG
from zhenggai.accounts.models import Role, User
from zhenggai.audit.models import AuditEntry
from zhenggai.inbox.models import Notification


def _reset(client, actor, account, password=STRONG):
    client.force_login(actor)
    return client.post(
        reverse("manage_user_password", args=[account.pk]),
        {"new_password1": password, "new_password2": password},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["leader", "discipline", "admin", "root", "office2"])
def test_the_office_cannot_reset_a_password_above_the_units(client, people, target):
    account = getattr(people, target)
    before = User.objects.get(pk=account.pk).password
    response = _reset(client, people.office, account)
    assert response.status_code == 404
    assert User.objects.get(pk=account.pk).password == before
    # Nor sign in as them afterwards.
    client.logout()
    assert not client.login(username=account.username, password=STRONG)


@pytest.mark.django_db
def test_the_office_resets_a_liaisons_password_who_must_then_change_it(client, people):
    assert _reset(client, people.office, people.liaison).status_code == 302
    account = User.objects.get(pk=people.liaison.pk)
    assert account.check_password(STRONG) and account.must_change_password
    entry = AuditEntry.objects.get(action="password_reset", object_id=account.pk)
    assert entry.actor == people.office and entry.object_type == "user"
    # At the next sign-in every page leads to the password page first.
    client.force_login(account)
    response = client.get(reverse("ledger"))
    assert response.status_code == 302 and response["Location"] == reverse("own_password")


@pytest.mark.django_db
def test_the_office_cannot_make_an_office_account(client, people):
    client.force_login(people.office)
    response = client.post(
        reverse("manage_user_new"),
        {
            "username": "office3",
            "display_name": "第二个整改办",
            "role": Role.OFFICE,
            "password1": STRONG,
            "password2": STRONG,
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert not User.objects.filter(username="office3").exists()
    assert not AuditEntry.objects.filter(action="account_create").exists()


@pytest.mark.django_db
def test_the_office_cannot_promote_a_liaison(client, people):
    client.force_login(people.office)
    response = client.post(
        reverse("manage_user", args=[people.liaison.pk]),
        {"display_name": "x", "role": Role.LEADER, "unit": people.unit.pk, "is_active": "on"},
    )
    assert response.status_code == 200
    assert User.objects.get(pk=people.liaison.pk).role == Role.LIAISON


@pytest.mark.django_db
def test_nobody_changes_their_own_role(client, people):
    client.force_login(people.admin)
    response = client.post(
        reverse("manage_user", args=[people.admin.pk]),
        {"display_name": "x", "role": Role.LEADER, "is_active": "on"},
    )
    assert response.status_code == 403
    assert User.objects.get(pk=people.admin.pk).role == Role.ADMIN


@pytest.mark.django_db
def test_an_administrator_grants_a_role_recorded_and_told_to_the_discipline_commission(
    client, people
):
    client.force_login(people.admin)
    response = client.post(
        reverse("manage_user", args=[people.liaison.pk]),
        {"display_name": "新组员", "role": Role.LEADER, "is_active": "on"},
    )
    assert response.status_code == 302
    assert User.objects.get(pk=people.liaison.pk).role == Role.LEADER
    entry = AuditEntry.objects.get(action="account_role", object_id=people.liaison.pk)
    assert entry.before == {"role": "liaison"} and entry.after == {"role": "leader"}
    assert entry.actor == people.admin
    told = Notification.objects.get(subject_kind="role_grant", object_id=people.liaison.pk)
    assert told.user == people.discipline and "ll-zjj" in told.title


@pytest.mark.django_db
def test_an_administrator_cannot_touch_a_superuser(client, people):
    before = User.objects.get(pk=people.root.pk).password
    assert _reset(client, people.admin, people.root).status_code == 403
    assert User.objects.get(pk=people.root.pk).password == before


@pytest.mark.django_db
def test_every_account_event_is_audited(client, people):
    client.force_login(people.admin)
    client.post(
        reverse("manage_user_new"),
        {
            "username": "ll-new",
            "display_name": "新联络员",
            "role": Role.LIAISON,
            "unit": people.unit.pk,
            "password1": STRONG,
            "password2": STRONG,
        },
    )
    new = User.objects.get(username="ll-new")
    assert new.must_change_password
    client.post(
        reverse("manage_user", args=[new.pk]),
        {"display_name": "新联络员", "role": Role.LIAISON, "unit": people.unit.pk},
    )  # is_active unticked: deactivated
    actions = list(
        AuditEntry.objects.filter(object_type="user", object_id=new.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["account_create", "account_deactivate", "account_update"]
    assert new.password not in str(AuditEntry.objects.filter(object_id=new.pk).values())
