"""Accounts: the administrators' (and, for a unit's people, the office's) account pages,
one's own password, and sign-in.

Who may manage which account is zhenggai.access (`manages_account`, `grantable_roles`);
every change goes through accounts.actions, which audits it.
"""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenggai import access
from zhenggai.accounts import actions
from zhenggai.accounts.decorators import requires
from zhenggai.accounts.forms import (
    AccountCreateForm,
    AccountEditForm,
    LoginForm,
    OwnPasswordForm,
    PasswordResetForm,
)
from zhenggai.accounts.models import LoginAttempt, User
from zhenggai.lib import clock

GET_POST = require_http_methods(["GET", "POST"])


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


def _form_page(request, form, title, back):
    return render(request, "manage/form.html", {"form": form, "title": title, "back": back})


def _managed(request, pk):
    """The account `pk`, if the user may manage it: 404 for one they may not even list,
    403 for one they may list but not change (their own; a superuser, for an
    administrator)."""
    account = get_object_or_404(access.accounts(request.user, User.objects.all()), pk=pk)
    if not access.manages_account(request.user, account):
        raise PermissionDenied
    return account


@require_GET
@requires(access.manages_accounts)
def user_list(request):
    users = access.accounts(
        request.user, User.objects.select_related("unit", "organisation")
    ).order_by("role", "unit__name", "username")
    now = clock.now()
    return render(
        request,
        "accounts/user_list.html",
        {
            "users": users,
            "now": now,
            "may_manage": {u.pk for u in users if access.manages_account(request.user, u)},
        },
    )


@GET_POST
@requires(access.manages_accounts)
def user_create(request):
    form = AccountCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except actions.AccountDenied as exc:
            raise PermissionDenied(str(exc)) from None
        messages.success(request, _("已建立账号,账号本人首次登录时须修改密码。"))
        return redirect("manage_users")
    return _form_page(request, form, _("新建账号"), reverse("manage_users"))


@GET_POST
@requires(access.manages_accounts)
def user_edit(request, pk):
    account = _managed(request, pk)
    form = AccountEditForm(request.POST or None, instance=account, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except actions.AccountDenied as exc:
            raise PermissionDenied(str(exc)) from None
        messages.success(request, _("已保存账号信息。"))
        return redirect("manage_users")
    return _form_page(
        request, form, _("编辑账号 %(name)s") % {"name": account.username}, reverse("manage_users")
    )


@GET_POST
@requires(access.manages_accounts)
def user_password(request, pk):
    account = _managed(request, pk)
    form = PasswordResetForm(account, request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已重设密码,账号本人下次登录时须修改。"))
        return redirect("manage_users")
    return _form_page(
        request, form, _("重设密码 %(name)s") % {"name": account.username}, reverse("manage_users")
    )


@require_POST
@requires(access.manages_accounts)
def user_unlock(request, pk):
    account = _managed(request, pk)
    actions.unlock(request.user, account)
    messages.success(request, _("已解除账号 %(name)s 的锁定。") % {"name": account.username})
    return redirect("manage_users")


@require_GET
@requires(access.is_account_admin)
def login_attempts(request):
    """The last sign-in attempts, failed ones first to read."""
    attempts = LoginAttempt.objects.select_related("user")[:200]
    return render(request, "accounts/login_attempts.html", {"attempts": attempts})


@GET_POST
@login_required
def own_password(request):
    form = OwnPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        # Keep this session; every other session of the account ends with the old hash.
        update_session_auth_hash(request, request.user)
        messages.success(request, _("密码已修改。"))
        return redirect("home")
    return render(request, "accounts/password.html", {"form": form})
