"""消息: what the system tells a user, in the app (Notification) and by mail (Outbox).

A notification is identified by (user, subject kind, object, period, level): the planner
asks for one with get_or_create, so running it again — the next minute, after a restart,
from a second worker — never tells anyone the same thing twice. Each new notification
for a user with an e-mail address puts one mail in the outbox, in the same transaction;
the worker sends it and retries with backoff while the mail server is down.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    INFO = "info", _("通知")
    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")


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
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

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
        indexes = [models.Index(fields=["user", "read_at"])]

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
    next_try_at = models.DateTimeField(_("下次尝试"), default=timezone.now, db_index=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("待发邮件")
        verbose_name_plural = _("待发邮件")
        ordering = ["next_try_at", "id"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
