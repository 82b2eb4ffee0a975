"""Where evidence files are kept: the "evidence" storage of settings.STORAGES
(zhenggai/lib/storage.py) — MEDIA_ROOT/evidence, outside the web root, or a prefix of
an object-storage bucket.

Nothing serves it. Files go out only through a view that first asks whether the user
may see the item (permissions.get_task_for), and always as an attachment.
"""

from zhenggai.lib import clock
from zhenggai.lib.storage import EVIDENCE, named


def evidence_storage():
    return named(EVIDENCE)


def evidence_upload_to(instance, filename):
    # `filename` is already a random token with the extension of the sniffed type.
    return f"{clock.now():%Y/%m}/{filename}"
