"""Sign-in, one's own password, and the account pages' forms."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    SetPasswordForm,
    UsernameField,
)
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from zhenggai import access
from zhenggai.accounts import login
from zhenggai.accounts.models import UNIT_ROLES, Role, User
from zhenggai.lib.inputs import CleanInputs


class _Lockout:
    """The lockout and the record of a successful sign-in, for both sign-in forms."""

    def clean(self):
        username = (self.data.get("username") or "").strip()
        try:
            login.check_allowed(self.request, username)
        except login.LoginRefused as refusal:
            login.refuse(self.request, username, refusal)
            raise forms.ValidationError(refusal.message, code="refused") from None
        data = super().clean()
        login.succeeded(self.request, self.get_user())
        return data


class LoginForm(CleanInputs, _Lockout, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # Which of the two was wrong is not said: it would tell a guesser the account exists.
        "invalid_login": _("用户名或密码不正确。"),
    }


class AdminLoginForm(CleanInputs, _Lockout, AdminAuthenticationForm):
    pass


class OwnPasswordForm(CleanInputs, PasswordChangeForm):
    """The owner changes their password; saving goes through accounts.actions."""

    def save(self, commit=True):
        from zhenggai.accounts.actions import change_own_password

        change_own_password(self.user, self.cleaned_data["new_password1"])
        return self.user


class _AccountFields(CleanInputs, forms.ModelForm):
    """Role and unit, with the roles limited to what the actor may grant."""

    def __init__(self, *args, actor, **kwargs):
        from zhenggai.organisations.forms import OrganisationChoiceField

        super().__init__(*args, **kwargs)
        self.actor = actor
        # Where the account sits: only where the actor may put it (access).
        self.fields["organisation"] = OrganisationChoiceField(
            label=self.fields["organisation"].label,
            queryset=access.assignable_organisations(actor),
            initial=self.instance.organisation_id or actor.organisation_id,
            required=False,
            help_text=_("留空:所在单位的组织;没有单位的,为原组织或您的本级组织。"),
        )
        grantable = set(access.grantable_roles(actor))
        current = getattr(self.instance, "role", None)
        self.fields["role"].choices = [
            (value, label)
            for value, label in Role.choices
            if value in grantable or (self.instance.pk and value == current)
        ]

    def clean_role(self):
        role = self.cleaned_data.get("role")
        if role != getattr(self.instance, "role", None) and role not in access.grantable_roles(
            self.actor
        ):
            raise forms.ValidationError(_("您无权授予该角色。"))
        return role

    def clean(self):
        data = super().clean()
        if data.get("role") in UNIT_ROLES and not data.get("unit"):
            self.add_error("unit", _("联络员和单位工作人员必须属于一个单位。"))
        unit, organisation = data.get("unit"), data.get("organisation")
        if organisation is None and "organisation" in data:
            if unit is not None:
                organisation = unit.organisation
            elif self.instance.pk:
                organisation = self.instance.organisation
            else:
                organisation = self.actor.organisation
            data["organisation"] = organisation
        if unit and organisation and unit.organisation_id != organisation.pk:
            self.add_error(
                "organisation",
                _("所在单位属于“%(org)s”,账号应属于同一组织。") % {"org": unit.organisation},
            )
        return data


class AccountCreateForm(_AccountFields):
    password1 = forms.CharField(
        label=_("初始密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("账号本人首次登录时须修改。"),
    )
    password2 = forms.CharField(
        label=_("再次输入初始密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "display_name",
            "role",
            "organisation",
            "unit",
            "post",
            "phone",
            "email",
        ]
        field_classes = {"username": UsernameField}

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif p1:
            from django.contrib.auth.password_validation import validate_password

            candidate = User(
                username=data.get("username") or "", display_name=data.get("display_name") or ""
            )
            try:
                validate_password(p1, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data

    def save(self, commit=True):
        from zhenggai.accounts.actions import create_account

        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return create_account(self.actor, password=self.cleaned_data["password1"], **fields)


class AccountEditForm(_AccountFields):
    class Meta:
        model = User
        fields = [
            "display_name",
            "role",
            "organisation",
            "unit",
            "post",
            "phone",
            "email",
            "is_active",
        ]

    def save(self, commit=True):
        from zhenggai.accounts.actions import update_account

        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        account = User.objects.get(pk=self.instance.pk)
        return update_account(self.actor, account, **fields)


class PasswordResetForm(CleanInputs, SetPasswordForm):
    """An administrator (or the office, for a unit's accounts) sets a new password; the
    owner must change it at the next sign-in."""

    def save(self, commit=True):
        from zhenggai.accounts.actions import reset_password

        reset_password(self.actor, self.user, self.cleaned_data["new_password1"])
        return self.user

    def __init__(self, user, *args, actor, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.actor = actor
        self.fields["new_password1"].help_text = password_validators_help_text_html()
