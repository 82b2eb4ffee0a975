from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "zhenggai.meetings"
    label = "meetings"
    verbose_name = _("会议与文件")
