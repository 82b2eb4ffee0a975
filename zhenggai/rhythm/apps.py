from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RhythmConfig(AppConfig):
    name = "zhenggai.rhythm"
    verbose_name = _("汇报节奏与督办")

    def ready(self):
        from zhenggai.rhythm import signals  # noqa: F401
