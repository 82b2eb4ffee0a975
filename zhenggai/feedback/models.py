"""意见建议: what the public tells the office about the rectification, and the answer.

A message comes in through the public web form or is logged by the office when it
arrives by phone, e-mail, post or visit. The office links it to an item, hands it to a
unit, answers it (publicly or not) and closes it. Each of those is one method below,
guarded by a conditional update on `version` and written to the audit trail.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from zhenggai import access
from zhenggai.audit.models import record
from zhenggai.lib import clock
from zhenggai.lib.events import emit
from zhenggai.lib.fields import StampField
from zhenggai.lib.guarded import guarded_update
from zhenggai.tasks.workflow import MissingRequirement, MoveNotAllowed, WrongState

MESSAGE_MAX = 2000
NAME_MAX = 100
CONTACT_MAX = 100
REPLY_MAX = 5000


class Channel(models.TextChoices):
    WEB = "web", _("网上留言")
    PHONE = "phone", _("电话")
    EMAIL = "email", _("电子邮件")
    POST = "post", _("信件")
    VISIT = "visit", _("来访")


class Status(models.TextChoices):
    NEW = "new", _("待处理")
    ASSIGNED = "assigned", _("已交办")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


OPEN_STATUSES = (Status.NEW, Status.ASSIGNED)


class FeedbackQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.feedback(user, self)

    def counts(self) -> dict:
        """Received, answered (a reply was given) and still open, in one query."""
        return self.aggregate(
            received=models.Count("pk"),
            answered=models.Count("pk", filter=~models.Q(replied_at=None)),
            open=models.Count("pk", filter=models.Q(status__in=OPEN_STATUSES)),
        )

    def recent_from(self, client_hash, since):
        return self.filter(client_hash=client_hash, received_at__gte=since)


class Feedback(models.Model):
    campaign = models.ForeignKey(
        "inspections.Campaign",
        verbose_name=_("整改工作"),
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    # The published report the message was sent from. Referenced by name, never
    # imported: the publication app loads its own models. SET_NULL because the message
    # outlives the report it came from.
    report = models.ForeignKey(
        "publication.PublicReport",
        verbose_name=_("来源公开报告"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    item = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("相关整改事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    message = models.TextField(_("意见建议内容"), max_length=MESSAGE_MAX)
    name = models.CharField(_("姓名"), max_length=NAME_MAX, blank=True)
    contact = models.CharField(_("联系方式"), max_length=CONTACT_MAX, blank=True)
    received_at = models.DateTimeField(_("收到时间"), default=clock.now, db_index=True)
    status = models.CharField(
        _("办理状态"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("交办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    reply = models.TextField(_("答复内容"), blank=True, max_length=REPLY_MAX)
    reply_public = models.BooleanField(_("公开答复"), default=False)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办结人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    close_note = models.TextField(_("办结说明"), blank=True)
    # Who typed in a message received by phone, e-mail, post or visit.
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A keyed hash of the sender's address, for the rate limit only: the address itself
    # is personal data and is never stored. Empty for what the office logs.
    client_hash = models.CharField(_("来源标识"), max_length=64, blank=True, editable=False)
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_at = StampField(_("更新时间"), auto_now=True)

    objects = FeedbackQuerySet.as_manager()

    audit_type = "feedback"

    class Meta:
        verbose_name = _("意见建议")
        verbose_name_plural = _("意见建议")
        ordering = ["-received_at", "-id"]
        indexes = [
            # The rate limit counts one address's recent messages on every public POST.
            models.Index(fields=["client_hash", "received_at"]),
            models.Index(fields=["item", "reply_public"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.message[:30]}"

    @property
    def reference(self) -> str:
        """The number the sender is given (and quotes when they call)."""
        return f"YJ{self.pk:06d}" if self.pk else ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    # --- state changes --------------------------------------------------------------

    def link_to_item(self, user, item, version=None):
        """关联事项: the item the message is about (None to unlink). Status unchanged."""
        if not access.triages_feedback(user, self):
            raise MoveNotAllowed(_("只有整改办可以关联整改事项。"))
        if item is not None and item.finding.campaign_id != self.campaign_id:
            raise MissingRequirement(_("所选事项不属于该整改工作。"))
        self._move(
            user,
            "feedback_link",
            sources=(Status.NEW, Status.ASSIGNED, Status.ANSWERED),
            changes={"item": item},
            version=version,
        )

    def assign_to_unit(self, user, unit, version=None):
        """交办: hand the message to a unit, which may then answer it."""
        if not access.triages_feedback(user, self):
            raise MoveNotAllowed(_("只有整改办可以交办。"))
        if unit is None:
            raise MissingRequirement(_("请选择交办单位。"))
        self._move(
            user,
            "feedback_assign",
            sources=(Status.NEW, Status.ASSIGNED),
            changes={"unit": unit, "status": Status.ASSIGNED},
            version=version,
        )
        emit("feedback.assigned", feedback_id=self.pk, unit_id=unit.pk, actor_id=user.pk)

    def answer(self, user, text, public=False, version=None):
        """答复 (not `reply`: that is the field holding the text). Only the office decides that a reply is shown on the public report; a
        unit's reply stays internal until the office publishes it."""
        if not access.replies_to_feedback(user, self):
            raise MoveNotAllowed(_("您没有权限答复该意见建议。"))
        text = (text or "").strip()
        if not text:
            raise MissingRequirement(_("请填写答复内容。"))
        if len(text) > REPLY_MAX:
            raise MissingRequirement(_("答复内容过长。"))
        sources = (Status.NEW, Status.ASSIGNED, Status.ANSWERED)
        if not access.triages_feedback(user, self):
            sources = (Status.ASSIGNED, Status.ANSWERED)
            public = False
        self._move(
            user,
            "feedback_reply",
            sources=sources,
            changes={
                "reply": text,
                "reply_public": bool(public),
                "replied_by": user,
                "replied_at": clock.now(),
                "status": Status.ANSWERED,
            },
            version=version,
        )
        emit("feedback.answered", feedback_id=self.pk, actor_id=user.pk)

    def close(self, user, note="", version=None):
        """办结. Final: a closed message is not reopened (a new one is logged instead)."""
        if not access.triages_feedback(user, self):
            raise MoveNotAllowed(_("只有整改办可以办结。"))
        self._move(
            user,
            "feedback_close",
            sources=(Status.NEW, Status.ASSIGNED, Status.ANSWERED),
            changes={
                "status": Status.CLOSED,
                "closed_by": user,
                "closed_at": clock.now(),
                "close_note": (note or "").strip(),
            },
            version=version,
        )

    def _move(self, user, action, sources, changes, version=None):
        if self.status not in sources:
            raise WrongState(
                _("该意见建议当前状态为“%(status)s”,不能执行此操作。")
                % {"status": Status(self.status).label}
            )
        audited = [name for name in changes if name not in ("replied_by", "closed_by")]
        before = {name: _audit_value(self, name) for name in audited}
        with transaction.atomic():
            # Two people triaging the same message: only one update matches the version
            # and state that were loaded, the other gets a Conflict instead of overwriting.
            guarded_update(
                self,
                version,
                where={"status__in": sources},
                message=_("该意见建议已被他人处理,请刷新页面后重试。"),
                **changes,
            )
            after = {name: _audit_value(self, name) for name in audited}
            record(user, action, self, before, after)


def _audit_value(feedback, name):
    # Foreign keys as {"id", "name"} through json_safe; never the sender's name or contact.
    return getattr(feedback, name)
