import logging

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

log = logging.getLogger("zhenggai.security")


class AccountsConfig(AppConfig):
    name = "zhenggai.accounts"
    label = "accounts"
    verbose_name = _("用户与角色")

    def ready(self):
        from zhenggai.accounts import login  # noqa: F401 — connects the sign-in signals

        if settings.PRODUCTION:
            for warning in relaxed_security():
                log.warning("security relaxed: %s", warning)


def relaxed_security() -> list[str]:
    """The production defaults that a setting has turned off, said at every start."""
    said = []
    if not settings.HTTPS:
        said.append("ZHENGGAI_HTTPS=0: cookies are sent over plain HTTP")
    elif not settings.SECURE_SSL_REDIRECT:
        said.append("ZHENGGAI_SSL_REDIRECT=0: plain HTTP requests are not redirected")
    if settings.HTTPS and not settings.SECURE_HSTS_SECONDS:
        said.append("ZHENGGAI_HSTS_SECONDS=0: no Strict-Transport-Security header")
    if not getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        said.append("ZHENGGAI_BEHIND_PROXY=0: X-Forwarded-Proto is not trusted")
    return said
