"""Model fields that read the time from zhenggai.lib.clock."""

from django.db import models

from zhenggai.lib import clock


class StampField(models.DateTimeField):
    """A DateTimeField whose auto_now / auto_now_add stamp is `clock.now()`, not Django's
    own reading of the time: history the demo writes on a past day carries that day.

    The column is a plain datetime, so migrations see a plain DateTimeField."""

    def pre_save(self, model_instance, add):
        if self.auto_now or (self.auto_now_add and add):
            value = clock.now()
            setattr(model_instance, self.attname, value)
            return value
        return models.Field.pre_save(self, model_instance, add)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs
