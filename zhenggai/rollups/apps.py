from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RollupsConfig(AppConfig):
    name = "zhenggai.rollups"
    verbose_name = _("统计汇总")
