"""组织: the tree above campaigns — province → city → district → department/street.

Each node stores its materialised path (the zero-padded ids of its ancestors and itself,
"000001.000004."), so "this organisation and everything under it" is one indexed
`path LIKE 'prefix%'` and never a walk in Python. A campaign belongs to the organisation
being rectified (Campaign.owner), a unit to the organisation it works for, a user to the
organisation they sit in; an upper level reads its subordinates (zhenggai.access).

Nodes are made, renamed and moved only by the methods below, each audited.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from zhenggai.audit.models import record, snapshot
from zhenggai.lib import clock
from zhenggai.lib.guarded import check_version, guarded_update
from zhenggai.reporting.models import Period, period_start

# Width of one path segment: ids up to 999999, 42 levels in 255 characters.
STEP = 7
DEFAULT_NAME = "本级组织"
STALE = _("该组织已被他人修改,请刷新页面后重试。")


def segment(pk: int) -> str:
    return f"{pk:06d}."


class OrganisationQuerySet(models.QuerySet):
    def subtree(self, org):
        """`org` and every organisation under it: one indexed prefix match."""
        return self.filter(path__startswith=org.path)

    def below(self, org):
        return self.subtree(org).exclude(pk=org.pk)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        DISTRICT = "district", _("区县")
        DEPARTMENT = "department", _("部门")
        STREET = "street", _("街道乡镇")

    name = models.CharField(_("组织名称"), max_length=100)
    kind = models.CharField(_("层级"), max_length=20, choices=Kind.choices, default=Kind.DISTRICT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        editable=False,
    )
    # Written only by create() and move(). On PostgreSQL a CharField index also gets a
    # varchar_pattern_ops twin, which is what LIKE 'prefix%' uses.
    path = models.CharField(_("路径"), max_length=255, unique=True, editable=False)
    # Where rows made without an organisation go (the migration's existing campaigns,
    # units and users; a campaign imported before any tree was drawn).
    is_default = models.BooleanField(_("默认组织"), default=False, editable=False)
    created_at = models.DateTimeField(_("创建时间"), default=clock.now, editable=False)
    # Bumped by every edit and move (lib.guarded): a page that shows version N and sends
    # it back changes the node only if nobody changed it meanwhile.
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    updated_at = models.DateTimeField(_("修改时间"), default=clock.now, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="organisation_one_default",
            )
        ]

    def __str__(self) -> str:
        return self.name

    audit_type = "organisation"

    @property
    def depth(self) -> int:
        return len(self.path) // STEP - 1

    def is_below(self, other) -> bool:
        """Strictly under `other`."""
        return self.pk != other.pk and self.path.startswith(other.path)

    @classmethod
    def create(cls, user, name, kind, parent=None):
        name = (name or "").strip()
        if not name:
            raise ValidationError(_("请填写组织名称。"))
        if kind not in cls.Kind.values:
            raise ValidationError(_("层级无效。"))
        with transaction.atomic():
            # The path needs the id: insert with a unique placeholder, then set it.
            org = cls.objects.create(
                name=name,
                kind=kind,
                parent=parent,
                path=f"~{clock.now().timestamp()}~{name}"[:255],
            )
            org.path = (parent.path if parent else "") + segment(org.pk)
            cls.objects.filter(pk=org.pk).update(path=org.path)
            record(user, "organisation_create", org, {}, snapshot(org, ("name", "kind", "parent")))
        return org

    def edit(self, user, name=None, kind=None, expected_version=None):
        """Rename or re-kind. `expected_version` (the version the page showed) makes a
        stale edit a Conflict rather than a silent overwrite."""
        before = snapshot(self, ("name", "kind"))
        changes = {}
        if name is not None:
            name = name.strip()
            if not name:
                raise ValidationError(_("请填写组织名称。"))
            changes["name"] = name
        if kind is not None:
            if kind not in self.Kind.values:
                raise ValidationError(_("层级无效。"))
            changes["kind"] = kind
        after = {**before, **changes}
        if after == before:
            check_version(expected_version, self.version, STALE)
            return False
        with transaction.atomic():
            guarded_update(self, expected_version, message=STALE, **changes)
            record(user, "organisation_edit", self, before, snapshot(self, ("name", "kind")))
        return True

    def move(self, user, new_parent, expected_version=None):
        """Put this organisation (and its whole subtree) under `new_parent` (None: a
        root). One UPDATE rewrites every path of the subtree. The paths are read again
        under the lock: an ancestor moved meanwhile does not leave a stale prefix."""
        with transaction.atomic():
            # Lock the subtree so that two moves do not interleave their rewrites.
            fresh = Organisation.objects.select_for_update().get(pk=self.pk)
            list(Organisation.objects.select_for_update().subtree(fresh).values_list("pk"))
            if new_parent is not None:
                new_parent = Organisation.objects.get(pk=new_parent.pk)
                if new_parent.path.startswith(fresh.path):
                    raise ValidationError(_("不能移到自身或其下级之下。"))
            if (new_parent.pk if new_parent else None) == fresh.parent_id:
                check_version(expected_version, fresh.version, STALE)
                return self
            before = snapshot(fresh, ("parent",))
            old = fresh.path
            new = (new_parent.path if new_parent else "") + segment(self.pk)
            self.version = fresh.version
            guarded_update(self, expected_version, message=STALE, parent=new_parent)
            Organisation.objects.filter(path__startswith=old).update(
                path=Concat(
                    Value(new), Substr("path", len(old) + 1), output_field=models.CharField()
                )
            )
            self.path = new
            record(user, "organisation_move", self, before, snapshot(self, ("parent",)))
        return self


def default_organisation() -> Organisation:
    org = Organisation.objects.filter(is_default=True).first()
    if org is None:
        # The system's own bootstrapping (the first row saved on a fresh database), not
        # anyone's act: not audited, as the migration that would otherwise make it.
        try:
            with transaction.atomic():
                org = Organisation.objects.create(
                    name=DEFAULT_NAME,
                    kind=Organisation.Kind.DISTRICT,
                    path="~default~",
                    is_default=True,
                )
                org.path = segment(org.pk)
                Organisation.objects.filter(pk=org.pk).update(path=org.path)
        except IntegrityError:  # another process made it first
            org = Organisation.objects.get(is_default=True)
    return org


class UpwardReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        from zhenggai import access

        return access.upward_reports(user, self)

    def unreceived(self):
        return self.filter(received_at__isnull=True)


class UpwardReport(models.Model):
    """上报: an organisation's daily or weekly progress report to the level above it — a
    record in the upper office's 待办, with the figures as they stood when it was sent
    (not a mail attachment)."""

    PERIODS = (Period.DAY, Period.WEEK)

    sender = models.ForeignKey(
        Organisation,
        verbose_name=_("报送组织"),
        on_delete=models.PROTECT,
        related_name="sent_reports",
    )
    recipient = models.ForeignKey(
        Organisation,
        verbose_name=_("接收组织"),
        on_delete=models.PROTECT,
        related_name="received_reports",
    )
    period = models.CharField(_("周期"), max_length=10, choices=Period.choices)
    period_start = models.DateField(_("周期起始日"))
    text = models.TextField(_("报告内容"))
    # The sender's oversight figures at the moment of sending (oversight.figures_of).
    figures = models.JSONField(_("数据"), default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("报送时间"), default=clock.now, db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField(_("签收时间"), null=True, blank=True)

    objects = UpwardReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("上报")
        verbose_name_plural = _("上报")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "period", "period_start"], name="upward_report_once_per_period"
            )
        ]
        indexes = [models.Index(fields=["recipient", "received_at"])]

    def __str__(self) -> str:
        return f"{self.sender} · {self.get_period_display()} · {self.period_start:%Y-%m-%d}"

    audit_type = "upward_report"

    @classmethod
    def submit(cls, user, period, day, text):
        """The office of an organisation with a level above sends its report up."""
        from zhenggai import access
        from zhenggai.organisations import oversight

        if not access.reports_upward(user):
            raise PermissionError(_("只有有上级组织的整改办可以向上报送。"))
        if period not in cls.PERIODS:
            raise ValidationError(_("报送周期无效。"))
        text = (text or "").strip()
        if not text:
            raise ValidationError(_("请填写报告内容。"))
        sender = user.organisation
        start = period_start(period, day)
        with transaction.atomic():
            if cls.objects.filter(sender=sender, period=period, period_start=start).exists():
                raise ValidationError(_("本期报告已报送。"))
            report = cls.objects.create(
                sender=sender,
                recipient=sender.parent,
                period=period,
                period_start=start,
                text=text,
                figures=oversight.figures_of(sender),
                submitted_by=user,
            )
            record(
                user,
                "upward_report_submit",
                report,
                {},
                snapshot(report, ("sender", "recipient", "period", "period_start", "text")),
            )
            _announce(report)
        return report

    def receive(self, user):
        """签收: a reader of the receiving organisation acknowledges the report."""
        from zhenggai import access

        if not access.receives_upward(user, self):
            raise PermissionError(_("只有接收组织可以签收。"))
        with transaction.atomic():
            updated = UpwardReport.objects.filter(pk=self.pk, received_at__isnull=True).update(
                received_by=user, received_at=clock.now()
            )
            if not updated:
                return False
            self.refresh_from_db()
            record(user, "upward_report_receive", self, {}, snapshot(self, ("received_at",)))
        return True


def _announce(report):
    """Tell the receiving organisation's readers, in their inbox."""
    from django.urls import reverse

    from zhenggai import access
    from zhenggai.accounts.models import User
    from zhenggai.inbox.delivery import notify
    from zhenggai.inbox.models import Level

    users = [
        u
        for u in User.objects.filter(organisation=report.recipient, is_active=True)
        if access.receives_upward(u, report)
    ]
    notify(
        users,
        "upward_report",
        report.pk,
        report.period_start,
        Level.INFO,
        _("【%(period)s】%(org)s 报送 %(day)s 整改进展")
        % {
            "period": report.get_period_display(),
            "org": report.sender.name,
            "day": report.period_start.isoformat(),
        },
        report.text[:500],
        reverse("oversight:report", args=[report.pk]),
    )
