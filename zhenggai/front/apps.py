from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "zhenggai.front"
    label = "front"
    verbose_name = "Front"
