from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEADER = "leader", _("领导小组")
    OFFICE = "office", _("整改办")
    LIAISON = "liaison", _("联络员")
    MEMBER = "member", _("单位工作人员")
    DISCIPLINE = "discipline", _("纪委监委")
    OBSERVER = "observer", _("上级整改办(只读)")


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
    post = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    # Set only by `zhenggai demo`, so that demo accounts can be told apart and removed.
    is_demo = models.BooleanField(_("演示账号"), default=False, editable=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def sees_whole_ledger(self) -> bool:
        return self.is_superuser or self.role in WHOLE_LEDGER_ROLES

    @property
    def is_office(self) -> bool:
        return self.role == Role.OFFICE or self.is_superuser

    @property
    def is_read_only(self) -> bool:
        return self.role == Role.OBSERVER
