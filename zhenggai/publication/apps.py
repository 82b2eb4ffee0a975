from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "zhenggai.publication"
    label = "publication"
    verbose_name = _("进展公开")
