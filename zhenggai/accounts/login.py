"""Signing in: throttling, lockout and the record of every attempt.

Counted in the database, so every server process sees the same counts:

- an account is locked for LOGIN_LOCK_MINUTES after LOGIN_MAX_FAILURES consecutive
  failed sign-ins; a successful sign-in resets the count, an administrator can lift the
  lock early (accounts.actions.unlock);
- an address is refused for LOGIN_ADDRESS_WINDOW_MINUTES once it has failed
  LOGIN_ADDRESS_MAX_FAILURES times in that window, whatever the accounts it tried;
- in production, demo accounts never sign in.

Every attempt is a LoginAttempt row and an audit entry. The checks run in the sign-in
forms of the site and of /admin/ (accounts.forms.LoginForm and AdminLoginForm); failures
are recorded from Django's user_login_failed signal, whichever path authenticated.
"""

import datetime

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.db.models import F
from django.dispatch import receiver
from django.utils.translation import gettext as _

from zhenggai.accounts.models import LoginAttempt, LoginReason, User
from zhenggai.audit.models import record
from zhenggai.lib import clock
from zhenggai.lib.net import client_address


class LoginRefused(Exception):
    """Sign-in refused before the password is even looked at; `message` says why and
    `reason` is what the attempt records."""

    def __init__(self, message, reason):
        super().__init__(message)
        self.message, self.reason = message, reason


def _account(username):
    if not username:
        return None
    return User.objects.filter(username=username).first()


def check_allowed(request, username) -> None:
    """Raise LoginRefused if this address or this account may not try now."""
    now = clock.now()
    address = client_address(request)
    window = datetime.timedelta(minutes=settings.LOGIN_ADDRESS_WINDOW_MINUTES)
    failures = LoginAttempt.objects.filter(
        address=address, succeeded=False, at__gte=now - window
    ).count()
    if failures >= settings.LOGIN_ADDRESS_MAX_FAILURES:
        raise LoginRefused(
            _("该地址登录失败次数过多,请 %(n)d 分钟后再试。")
            % {"n": settings.LOGIN_ADDRESS_WINDOW_MINUTES},
            LoginReason.ADDRESS_THROTTLED,
        )
    account = _account(username)
    if account is None:
        return
    if account.locked_until and account.locked_until > now:
        minutes = max(1, int((account.locked_until - now).total_seconds() // 60) + 1)
        raise LoginRefused(
            _("该账号因连续登录失败已被锁定,请 %(n)d 分钟后再试,或联系系统管理员解锁。")
            % {"n": minutes},
            LoginReason.LOCKED,
        )
    if settings.PRODUCTION and account.is_demo:
        raise LoginRefused(_("演示账号不能在正式环境中登录。"), LoginReason.DEMO_ACCOUNT)


def refuse(request, username, refusal: LoginRefused) -> None:
    """Record an attempt refused before authentication."""
    _attempt(request, username, _account(username), False, refusal.reason)


def _attempt(request, username, account, succeeded, reason):
    with transaction.atomic():
        attempt = LoginAttempt.objects.create(
            username=(username or "")[:150],
            user=account,
            address=client_address(request),
            succeeded=succeeded,
            reason=reason,
        )
        record(
            account if succeeded else None,
            "login" if succeeded else "login_failed",
            attempt,
            {},
            {"username": attempt.username, "address": attempt.address, "reason": str(reason)},
        )
    return attempt


@receiver(user_login_failed)
def _failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username") or ""
    account = _account(username)
    _attempt(
        request,
        username,
        account,
        False,
        LoginReason.BAD_PASSWORD if account else LoginReason.UNKNOWN_USER,
    )
    if account is None:
        return
    with transaction.atomic():
        User.objects.filter(pk=account.pk).update(failed_logins=F("failed_logins") + 1)
        account.refresh_from_db(fields=["failed_logins", "locked_until"])
        if account.failed_logins >= settings.LOGIN_MAX_FAILURES:
            until = clock.now() + datetime.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
            User.objects.filter(pk=account.pk).update(locked_until=until, failed_logins=0)
            record(
                None,
                "account_locked",
                account,
                {},
                {"locked_until": until, "failures": account.failed_logins},
            )


def succeeded(request, user) -> None:
    """Record a sign-in with a password (the forms call it once the password is right;
    a session made any other way — a test's force_login — is no sign-in to record)."""
    _attempt(request, user.username, user, True, LoginReason.OK)
    if user.failed_logins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
        user.failed_logins, user.locked_until = 0, None


@receiver(user_logged_in)
def _session_started(sender, request, user, **kwargs):
    """Start the session's clocks (accounts.middleware) with the session itself."""
    from zhenggai.accounts.middleware import start_session

    if request is not None and hasattr(request, "session"):
        start_session(request.session)
