"""Account changes, each with its audit entry in the same transaction (履职留痕).

Who may make them is zhenggai.access (`manages_account`, `grantable_roles`); these
functions check it again, so that no page, command or future API can skip the rule.
A role that carries review, approval or oversight (access.PRIVILEGED_ROLES) is recorded
and told to the discipline commission when it is granted; it takes effect at once —
separation of duties on each item (tasks.permissions) does not depend on who holds which
role, so a newly made reviewer still cannot sign off what they submitted.
"""

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenggai import access
from zhenggai.accounts.models import Role, User
from zhenggai.audit.models import record, snapshot
from zhenggai.lib import clock
from zhenggai.lib.events import in_site_language

# What an account's audit entries show of it: never the password hash.
ACCOUNT_FIELDS = (
    "username",
    "display_name",
    "role",
    "organisation",
    "unit",
    "post",
    "phone",
    "email",
    "is_active",
    "must_change_password",
)


class AccountDenied(PermissionError):
    """The actor may not make this change to this account."""


def _check_manage(actor, account):
    if not access.manages_account(actor, account):
        raise AccountDenied(_("您无权管理该账号。"))


def _check_organisation(actor, organisation):
    if organisation is not None and not access.assigns_organisation(actor, organisation):
        raise AccountDenied(_("您无权把账号设在该组织。"))


def _check_role(actor, role):
    if role not in access.grantable_roles(actor):
        raise AccountDenied(_("您无权授予“%(role)s”角色。") % {"role": Role(role).label})


@in_site_language
def _tell_discipline(actor, account, role):
    """A privileged role was granted: the discipline commission of the account's own
    organisation is told (access.told), not a sibling's."""
    from zhenggai.inbox.delivery import notify
    from zhenggai.inbox.models import Level

    readers = access.told(Role.DISCIPLINE, account.organisation_id)
    title = _("账号 %(user)s 被授予“%(role)s”角色") % {
        "user": account.username,
        "role": Role(role).label,
    }
    body = _("操作人:%(actor)s;时间:%(at)s。") % {
        "actor": actor.username,
        "at": timezone.localtime(clock.now()).strftime("%Y-%m-%d %H:%M"),
    }
    notify(
        readers,
        "role_grant",
        account.pk,
        clock.today(),
        Level.INFO,
        title,
        body,
        url="/audit/?object_type=user",
    )


def create_account(actor, *, password, **fields) -> User:
    """A new account. The password is the creator's: its owner must change it."""
    role = fields.get("role") or Role.MEMBER
    _check_role(actor, role)
    _check_organisation(actor, fields.get("organisation"))
    with transaction.atomic():
        account = User(**fields)
        account.set_password(password)
        account.must_change_password = True
        account.save()
        record(actor, "account_create", account, {}, snapshot(account, ACCOUNT_FIELDS))
        if role in access.PRIVILEGED_ROLES:
            _tell_discipline(actor, account, role)
    return account


def update_account(actor, account, **fields) -> User:
    """Change an account's details, role or activation; one audit entry for the change,
    a separate one for each of role and activation so that they can be found."""
    _check_manage(actor, account)
    if "role" in fields and fields["role"] != account.role:
        _check_role(actor, fields["role"])
    if "organisation" in fields and fields["organisation"] != account.organisation:
        _check_organisation(actor, fields["organisation"])
    with transaction.atomic():
        fresh = User.objects.select_for_update().get(pk=account.pk)
        before = snapshot(fresh, ACCOUNT_FIELDS)
        for name, value in fields.items():
            setattr(fresh, name, value)
        fresh.save()
        after = snapshot(fresh, ACCOUNT_FIELDS)
        if before == after:
            return fresh
        if before["role"] != after["role"]:
            record(actor, "account_role", fresh, {"role": before["role"]}, {"role": after["role"]})
            if fresh.role in access.PRIVILEGED_ROLES:
                _tell_discipline(actor, fresh, fresh.role)
        if before["is_active"] != after["is_active"]:
            record(
                actor,
                "account_activate" if fresh.is_active else "account_deactivate",
                fresh,
                {"is_active": before["is_active"]},
                {"is_active": after["is_active"]},
            )
        record(actor, "account_update", fresh, before, after)
    return fresh


def _revoke_tokens(actor, account, note):
    from zhenggai.api.models import ApiToken

    for token in ApiToken.objects.active().filter(user=account):
        token.revoke(actor, note=note)


def reset_password(actor, account, raw_password) -> None:
    """Someone else sets `account`'s password: its owner must change it at the next
    sign-in, its API tokens stop working and its lockout is lifted."""
    _check_manage(actor, account)
    validate_password(raw_password, account)
    with transaction.atomic():
        account.set_password(raw_password)
        account.must_change_password = True
        account.password_changed_at = clock.now()
        account.failed_logins = 0
        account.locked_until = None
        account.save(
            update_fields=[
                "password",
                "must_change_password",
                "password_changed_at",
                "failed_logins",
                "locked_until",
            ]
        )
        record(actor, "password_reset", account, {}, {"must_change_password": True})
        _revoke_tokens(actor, account, _("密码已被重设"))


def change_own_password(user, raw_password) -> None:
    """The owner changes their own password (the old one was checked by the form)."""
    validate_password(raw_password, user)
    with transaction.atomic():
        user.set_password(raw_password)
        user.must_change_password = False
        user.password_changed_at = clock.now()
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        record(user, "password_change", user, {}, {"must_change_password": False})
        _revoke_tokens(user, user, _("密码已修改"))


def unlock(actor, account) -> None:
    """An administrator lifts a lockout before it runs out."""
    _check_manage(actor, account)
    with transaction.atomic():
        before = {"failed_logins": account.failed_logins, "locked_until": account.locked_until}
        User.objects.filter(pk=account.pk).update(failed_logins=0, locked_until=None)
        account.failed_logins, account.locked_until = 0, None
        record(actor, "account_unlock", account, before, {"failed_logins": 0})
