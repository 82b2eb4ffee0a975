"""Where evidence files are kept: MEDIA_ROOT/evidence, outside the web root.

Nothing serves this folder. Files go out only through a view that first asks whether
the user may see the item (permissions.get_task_for), and always as an attachment.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property

from zhenggai.lib import clock


class EvidenceStorage(FileSystemStorage):
    # Read from settings when first used and again whenever MEDIA_ROOT changes (tests),
    # like the default storage does for MEDIA_ROOT itself.
    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, os.path.join(settings.MEDIA_ROOT, "evidence"))


_storage = EvidenceStorage()


def evidence_storage():
    return _storage


def evidence_upload_to(instance, filename):
    # `filename` is already a random token with the extension of the sniffed type.
    return f"{clock.now():%Y/%m}/{filename}"
