"""Records that are written once and never changed or removed through the application.

The transition log and the audit trail (履职留痕) are evidence: an edit through the ORM,
one row or in bulk, is refused outright rather than trusted to every caller.
"""

from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError(f"{self.model._meta.verbose_name} is append-only")

    def delete(self):
        raise PermissionError(f"{self.model._meta.verbose_name} is append-only")


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError(f"{self._meta.verbose_name} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{self._meta.verbose_name} is append-only")
