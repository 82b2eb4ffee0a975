from django.apps import AppConfig


class ItemsConfig(AppConfig):
    name = "zhenggai.items"
    label = "items"
    verbose_name = "Items"
