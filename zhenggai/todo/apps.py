from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TodoConfig(AppConfig):
    name = "zhenggai.todo"
    label = "todo"
    verbose_name = _("待办")

    def ready(self):
        from zhenggai.todo import steps  # noqa: F401 — subscribes to the domain events
