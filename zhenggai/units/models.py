from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenggai.organisations.defaults import default_organisation_id


class Unit(models.Model):
    """A department, street or company of the district, in a tree.

    Each carries out measures as lead unit (牵头单位) or responsible unit (责任单位), and has
    one liaison officer (联络员) who files its reports and gets its reminders.
    """

    class Kind(models.TextChoices):
        LEADERSHIP = "leadership", _("区领导机关")
        PARTY = "party", _("党委部门")
        GOVERNMENT = "government", _("政府部门")
        JUDICIAL = "judicial", _("政法机关")
        STREET = "street", _("街道")
        COMPANY = "company", _("区属企业")
        OTHER = "other", _("其他")

    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    # Other names the unit goes by in report texts (区河长办 / 河长办), one per line,
    # so that measures naming a unit can be matched to it.
    aliases = models.TextField(_("别称"), blank=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("排序"), default=0)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("所属组织"),
        on_delete=models.PROTECT,
        related_name="units",
        # Null only until save(): every row gets one (the default organisation when
        # none is given), and the migration gave every existing row the default.
        null=True,
        blank=True,
    )
    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("联络员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="liaison_of",
    )
    head = models.CharField(_("主要负责人"), max_length=50, blank=True)
    leader = models.CharField(_("分管领导"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.organisation_id is None:
            self.organisation_id = default_organisation_id()
        super().save(*args, **kwargs)

    def assign_organisation(self, user, organisation) -> bool:
        """Put the unit under another organisation (audited: `unit_organisation`). Its
        channels follow it: a channel's organisation is read from its unit
        (inbox.Channel.owner_organisation), never copied."""
        from django.db import transaction

        from zhenggai.audit.models import record, snapshot

        if organisation is None or organisation.pk == self.organisation_id:
            return False
        before = snapshot(self, ("organisation",))
        with transaction.atomic():
            Unit.objects.filter(pk=self.pk).update(organisation=organisation)
            self.organisation = organisation
            record(user, "unit_organisation", self, before, snapshot(self, ("organisation",)))
        return True

    def alias_list(self) -> list[str]:
        names = [self.name, self.short_name, *self.aliases.splitlines()]
        return [n.strip() for n in names if n and n.strip()]
