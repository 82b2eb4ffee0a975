"""The guarded update: how every versioned record changes without a lock.

A page (or an API client) read a record at version N and sends N back with its change.
One conditional `UPDATE … SET version = version + 1 … WHERE pk = … AND version = N` (and
whatever else the change assumes, such as the state it moves from) decides: one row
means the change applies to what the user saw; zero rows means someone changed the
record in between, and the change is refused with `Conflict` — the pages answer 409
with what the user typed kept on the form, the API 409. This is what makes two office
members pressing 通过 at once safe on SQLite and PostgreSQL alike, without holding a lock
across the request.

Items (tasks.workflow), progress reports (reporting.models) and public feedback
(feedback.models) all change through `guarded_update`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenggai.lib import clock


class WorkflowError(Exception):
    """Base of the errors a domain change can raise. `message` is for the user;
    `status_code` is what a view or the API answers."""

    status_code = 400
    default_message = _("操作未能完成。")

    def __init__(self, message=None):
        self.message = message if message is not None else self.default_message
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)


class Conflict(WorkflowError):
    """Someone else changed the record since it was loaded. Views answer 409."""

    status_code = 409
    default_message = _("该事项已被他人修改,请刷新页面后重试。")


# Pass as `expected_version` for a change guarded by `where` alone (the first report on
# a claimed item starts it, whoever filed first).
ANY_VERSION = object()


def check_version(version, current: int, message=None) -> int:
    """The version a form was rendered with (a hidden field, so maybe a string), or the
    loaded one when none was sent. A page that is not of the current version is a
    Conflict."""
    if version is None:
        return current
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise Conflict(message) from None
    if version != current:
        raise Conflict(message)
    return version


def guarded_update(obj, expected_version=None, *, where=None, message=None, **changes):
    """Write `changes` to `obj`'s row if it is still at `expected_version` (the loaded
    version when None) and matches `where`; bump the version and `updated_at`.

    Zero rows is `Conflict(message)` and nothing is written. On success the instance
    carries the changes, the new version and `updated_at`. Run it inside the
    transaction that writes the change's audit entry. Returns the version the change
    was made from.
    """
    model = type(obj)
    rows = model._default_manager.filter(pk=obj.pk, **(where or {}))
    version = None
    if expected_version is not ANY_VERSION:
        version = check_version(expected_version, obj.version, message)
        rows = rows.filter(version=version)
    now = clock.now()
    updated = rows.update(version=models.F("version") + 1, updated_at=now, **changes)
    if updated != 1:
        raise Conflict(message)
    for name, value in changes.items():
        setattr(obj, name, value)
    if version is None:
        obj.refresh_from_db(fields=["version"])
        version = obj.version - 1
    else:
        obj.version = version + 1
    obj.updated_at = now
    return version
