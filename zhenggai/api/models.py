"""Personal API tokens: one user's key to the JSON API, shown once and kept hashed."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from zhenggai.audit.models import record
from zhenggai.lib import clock

# Written on every key, so that a leaked one is recognisable in logs and secret scanners.
KEY_PREFIX = "zg_"
# How much of the key the token page shows to tell one token from another.
VISIBLE_PREFIX_LENGTH = len(KEY_PREFIX) + 6
# Recording every request would be a write per read; once a minute is enough to tell
# "used today" from "unused for a year".
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def hash_key(key: str) -> str:
    # A plain SHA-256 is enough: the key is 32 random bytes, not a password to guess.
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def user_for(self, key: str):
        """The active user whose live token `key` is, or None."""
        if not key or not key.startswith(KEY_PREFIX) or len(key) > 200:
            return None
        token = (
            self.active()
            .select_related("user", "user__unit", "user__organisation")
            .filter(key_hash=hash_key(key))
            .first()
        )
        if token is None or not token.user.is_active:
            return None
        if settings.PRODUCTION and token.user.is_demo:
            return None
        now = clock.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(_("令牌前缀"), max_length=20, editable=False)
    key_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), default=clock.now, editable=False)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user, name: str) -> tuple["ApiToken", str]:
        """A new token for `user`, and its key: the only time the key exists in clear."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        with transaction.atomic():
            token = cls.objects.create(
                user=user,
                name=name.strip()[:100],
                prefix=key[:VISIBLE_PREFIX_LENGTH],
                key_hash=hash_key(key),
            )
            record(user, "token_issue", token, {}, {"name": token.name, "prefix": token.prefix})
        return token, key

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self, actor=None, note="") -> None:
        now = clock.now()
        with transaction.atomic():
            revoked = ApiToken.objects.filter(pk=self.pk, revoked_at__isnull=True).update(
                revoked_at=now
            )
            if revoked:
                record(
                    actor,
                    "token_revoke",
                    self,
                    {"revoked_at": None},
                    {"revoked_at": now},
                    note=note,
                )
        self.refresh_from_db(fields=["revoked_at"])
