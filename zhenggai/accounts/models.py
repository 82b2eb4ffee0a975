from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenggai.lib import clock
from zhenggai.organisations.defaults import default_organisation_id


class Role(models.TextChoices):
    LEADER = "leader", _("领导小组")
    OFFICE = "office", _("整改办")
    LIAISON = "liaison", _("联络员")
    MEMBER = "member", _("单位工作人员")
    DISCIPLINE = "discipline", _("纪委监委")
    OBSERVER = "observer", _("上级整改办(只读)")
    # Administers accounts; does no ledger work (zhenggai.access).
    ADMIN = "admin", _("系统管理员")


# Roles that see the whole ledger; everyone else sees what their unit leads or shares.
WHOLE_LEDGER_ROLES = frozenset({Role.LEADER, Role.OFFICE, Role.DISCIPLINE, Role.OBSERVER})
UNIT_ROLES = frozenset({Role.LIAISON, Role.MEMBER})


class User(AbstractUser):
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("所在单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    # Where the account sits in the tree of organisations: whole-ledger roles read the
    # campaigns of this organisation and of those below it (zhenggai.access).
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("所属组织"),
        on_delete=models.PROTECT,
        related_name="members",
        # Null only until save(): every row gets one (the default organisation when
        # none is given), and the migration gave every existing row the default.
        null=True,
        blank=True,
    )
    post = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    # Set only by `zhenggai demo`, so that demo accounts can be told apart and removed.
    is_demo = models.BooleanField(_("演示账号"), default=False, editable=False)
    # A password set by someone else (an administrator, the office, the demo) must be
    # changed by its owner at the next sign-in.
    must_change_password = models.BooleanField(_("须修改密码"), default=False, editable=False)
    password_changed_at = models.DateTimeField(
        _("密码修改时间"), null=True, blank=True, editable=False
    )
    # Consecutive failed sign-ins, and until when the account is locked after too many
    # (zhenggai.accounts.login). Counted in the database: every server process sees them.
    failed_logins = models.PositiveIntegerField(_("连续登录失败次数"), default=0, editable=False)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    def save(self, *args, **kwargs):
        if self.organisation_id is None:
            self.organisation_id = default_organisation_id()
        super().save(*args, **kwargs)

    # For templates, which cannot call functions: each is zhenggai.access's rule.

    @property
    def sees_whole_ledger(self) -> bool:
        from zhenggai import access

        return access.reads_whole_ledger(self)

    @property
    def is_office(self) -> bool:
        from zhenggai import access

        return access.is_office(self)

    @property
    def manages_accounts(self) -> bool:
        from zhenggai import access

        return access.manages_accounts(self)

    @property
    def manages_organisation_tree(self) -> bool:
        from zhenggai import access

        return access.manages_organisation_tree(self)

    @property
    def administers_accounts(self) -> bool:
        from zhenggai import access

        return access.is_account_admin(self)

    @property
    def reads_unit_pages(self) -> bool:
        from zhenggai import access

        return access.reads_unit_pages(self)

    @property
    def reads_oversight(self) -> bool:
        from zhenggai import access

        return access.reads_oversight(self)

    @property
    def issues_notices(self) -> bool:
        from zhenggai import access

        return access.issues_notices(self)

    @property
    def reads_accountability(self) -> bool:
        from zhenggai import access

        return access.reads_accountability(self)


class LoginReason(models.TextChoices):
    OK = "", _("成功")
    BAD_PASSWORD = "bad_password", _("密码错误")
    UNKNOWN_USER = "unknown_user", _("用户名不存在")
    LOCKED = "locked", _("账号已锁定")
    ADDRESS_THROTTLED = "address_throttled", _("该地址失败次数过多")
    DEMO_ACCOUNT = "demo_account", _("正式环境禁用演示账号")


class LoginAttempt(models.Model):
    """One sign-in attempt, successful or not: what the lockout counts per address, and
    the record of who tried which account from where."""

    username = models.CharField(_("用户名"), max_length=150, db_index=True)
    user = models.ForeignKey(
        User,
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("来源地址"), max_length=64, db_index=True)
    at = models.DateTimeField(_("时间"), default=clock.now, db_index=True)
    succeeded = models.BooleanField(_("成功"), default=False)
    # Why a failure failed: wrong password, locked, throttled address, demo account…
    reason = models.CharField(
        _("原因"), max_length=40, blank=True, choices=LoginReason.choices, default=LoginReason.OK
    )

    class Meta:
        verbose_name = _("登录记录")
        verbose_name_plural = _("登录记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["address", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.address} {self.succeeded}"
