"""消息: what the system tells a user, in the app (Notification), by mail (Outbox) and
through the work-messaging groups offices read (Channel, WebhookDelivery).

A notification is identified by (user, subject kind, object, period, level): the planner
asks for one with get_or_create, so running it again — the next minute, after a restart,
from a second worker — never tells anyone the same thing twice. The in-app notification
is always made: the inbox is the record. What else happens follows the user's preference
for the kind (Preference, MandatoryKind; zhenggai.inbox.preferences): immediately, one
mail in the outbox and one message per channel of the user's unit, in the same
transaction; once a day in a digest mail (Digest); or nothing. The worker sends mails and
channel messages and retries with backoff while the other end is down.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenggai.lib import clock


class Level(models.TextChoices):
    INFO = "info", _("通知")
    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")


class SubjectKind(models.TextChoices):
    """What a message is about. A kind not listed here is always sent immediately."""

    TASK = "task", _("整改事项提醒")
    DUE_REPORT = "due_report", _("应报提醒")
    REPORT = "report", _("进展报告审核")
    CLOSURE = "closure", _("销号")
    RETURN = "return", _("退回")
    EXTENSION = "extension", _("延期")
    NOTICE = "notice", _("督办单")
    NOTICE_REPLY = "notice_reply", _("督办单回复")
    FEEDBACK = "feedback", _("意见建议")
    BRIEFING = "briefing", _("简报报告")
    ROLE_GRANT = "role_grant", _("角色授予")


class Delivery(models.TextChoices):
    """How a user wants a kind of message outside the app."""

    IMMEDIATE = "immediate", _("即时推送")
    DIGEST = "digest", _("每日汇总")
    OFF = "off", _("不推送(仅站内)")


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # What the message is about: "due_report", "task", "notice", "notice_reply", …
    subject_kind = models.CharField(_("事项类型"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    # The period or date the message is for (a due report's period, an item's deadline,
    # a notice's reply date): the same object in a new period is a new message.
    period = models.DateField(_("周期/日期"))
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), default=clock.now, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    # What the recipient's preference made of it when it was made: an immediate one was
    # mailed and pushed, a digest one waits for `digest`, an off one stays in the app.
    delivery = models.CharField(
        _("推送方式"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    digest = models.ForeignKey(
        "Digest",
        verbose_name=_("每日汇总"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "subject_kind", "object_id", "period", "level"],
                name="notification_once",
            )
        ]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["delivery", "digest"]),
        ]

    def __str__(self) -> str:
        return self.title


class Outbox(models.Model):
    """One mail to send. Never deleted by the application: sent and failed mails stay
    as the record of what went out."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    notification = models.OneToOneField(
        Notification,
        verbose_name=_("站内消息"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mail",
    )
    to = models.EmailField(_("收件人"))
    subject = models.CharField(_("主题"), max_length=200)
    body = models.TextField(_("正文"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    next_try_at = models.DateTimeField(_("下次尝试"), default=clock.now, db_index=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=clock.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("待发邮件")
        verbose_name_plural = _("待发邮件")
        ordering = ["next_try_at", "id"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class Digest(models.Model):
    """One user's daily digest mail: made once per user and day (the unique key), so a
    second worker or a re-run never mails the same digest twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="digests",
    )
    day = models.DateField(_("日期"))
    mail = models.OneToOneField(
        Outbox,
        verbose_name=_("邮件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="digest",
    )
    created_at = models.DateTimeField(_("创建时间"), default=clock.now)

    class Meta:
        verbose_name = _("每日汇总")
        verbose_name_plural = _("每日汇总")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"


class Preference(models.Model):
    """A user's choice for one kind; no row means immediately."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="message_preferences",
    )
    kind = models.CharField(_("事项类型"), max_length=30, choices=SubjectKind.choices)
    delivery = models.CharField(_("推送方式"), max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("消息偏好")
        verbose_name_plural = _("消息偏好")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.delivery}"


class MandatoryKind(models.Model):
    """A kind an organisation's office has made 必达 for its organisation and every one
    below it: always pushed immediately to their people, whatever they chose. A user is
    bound by the kinds of their own organisation and of each above it (preferences)."""

    audit_type = "mandatory_kind"

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="mandatory_kinds",
        # Null only until save(): every row gets one (the default organisation when none
        # is given), and the migration gave every existing row the default.
        null=True,
        blank=True,
    )
    kind = models.CharField(_("事项类型"), max_length=30, choices=SubjectKind.choices)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("设置人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    set_at = models.DateTimeField(_("设置时间"), default=clock.now)

    class Meta:
        verbose_name = _("必达消息类型")
        verbose_name_plural = _("必达消息类型")
        ordering = ["organisation__path", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"], name="mandatory_kind_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def save(self, *args, **kwargs):
        from zhenggai.organisations.defaults import default_organisation_id

        if self.organisation_id is None:
            self.organisation_id = default_organisation_id()
        super().save(*args, **kwargs)


class Channel(models.Model):
    """A work-messaging group that hears of its unit's messages: a WeCom or DingTalk
    group robot, or any JSON webhook. `unit` None is the district's own group (整改办):
    it hears of the messages to people who belong to no unit.

    The URL (WeCom's carries its key) and the secret are credentials: pages show them
    masked (zhenggai.inbox.channels.mask_url / mask_secret) and the audit trail records
    only that they changed."""

    audit_type = "message_channel"

    class Kind(models.TextChoices):
        WECOM = "wecom", _("企业微信群机器人")
        DINGTALK = "dingtalk", _("钉钉自定义机器人")
        GENERIC = "generic", _("通用 JSON Webhook")

    name = models.CharField(_("名称"), max_length=100)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="message_channels",
    )
    # The organisation whose office group this is, for a channel of no unit only: it
    # hears of the messages to that organisation's people who belong to no unit. A
    # unit's channel stores none: it is its unit's organisation's, read from the unit
    # (owner_organisation_id, access.channels), so moving the unit moves the channel.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="message_channels",
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    url = models.CharField(_("Webhook 地址"), max_length=500)
    secret = models.CharField(_("签名密钥"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=clock.now)
    updated_at = models.DateTimeField(_("修改时间"), default=clock.now)

    class Meta:
        verbose_name = _("推送渠道")
        verbose_name_plural = _("推送渠道")
        ordering = ["unit__position", "unit__name", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=True, organisation__isnull=False)
                | models.Q(unit__isnull=False, organisation__isnull=True),
                name="channel_unit_or_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from zhenggai.organisations.defaults import default_organisation_id

        if self.unit_id is not None:
            self.organisation_id = None
        elif self.organisation_id is None:
            self.organisation_id = default_organisation_id()
        super().save(*args, **kwargs)

    @property
    def owner_organisation_id(self):
        """Whose channel it is: its unit's organisation (as the unit stands now), or the
        office group's own."""
        return self.unit.organisation_id if self.unit_id is not None else self.organisation_id


class WebhookDelivery(models.Model):
    """One message to one channel for one event. Unique per (channel, event): however
    many of a unit's people are told, and however often, the group hears it once. Kept
    after it is sent or has failed, as the record of what went out."""

    Status = Outbox.Status

    channel = models.ForeignKey(
        Channel, verbose_name=_("推送渠道"), on_delete=models.CASCADE, related_name="deliveries"
    )
    subject_kind = models.CharField(_("事项类型"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    period = models.DateField(_("周期/日期"))
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    next_try_at = models.DateTimeField(_("下次尝试"), default=clock.now, db_index=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=clock.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("渠道消息")
        verbose_name_plural = _("渠道消息")
        ordering = ["next_try_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "subject_kind", "object_id", "period", "level"],
                name="webhook_once_per_channel",
            )
        ]
        indexes = [models.Index(fields=["channel", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.channel}: {self.title}"
