"""Keep the search index in step with the ledger.

Every change the application makes writes an audit entry naming its item, so the index
follows the audit trail: an item is re-indexed once, when the transaction that changed
it commits (a demo replay of a thousand changes re-indexes each item once). Bulk paths
that write no audit entry — the report importer — send `ledger_imported` instead, and
saves outside the application (the admin) are caught by post_save.

A crash between the commit and the re-indexing must not lose it: what is to be
re-indexed is written in the changing transaction itself, as a `PendingIndex` row (the
outbox). The commit's callback re-indexes and deletes its rows; the worker drains any
left behind (`drain`, run by `zhenggai worker`).

The entries are made from plain rows (`Source`) rather than model instances, so that the
same code serves one item, the bulk rebuild of a province (`bulk`) and the drift check
(`check`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.utils import translation

from zhenggai.search.models import PendingIndex, SearchEntry
from zhenggai.search.segment import entry_tokens

log = logging.getLogger(__name__)

K = SearchEntry.Kind
TASK_KINDS = [K.FINDING, K.MEASURE, K.ACTION, K.REPORT]
COLUMNS = ("kind", "object_id", "task_id", "title", "text", "tokens")


class Source(NamedTuple):
    """What one entry says, before segmentation. `head` is the part of the title shared
    by every entry of an item (segmented once per item, not once per report)."""

    kind: str
    object_id: int
    task_id: int | None
    head: str
    tail: str
    text: str

    @property
    def title(self) -> str:
        return (self.head + self.tail)[:300]

    def row(self) -> tuple:
        """The entry's columns, words included (the costly part: jieba)."""
        return (
            self.kind,
            self.object_id,
            self.task_id,
            self.title,
            self.text,
            entry_tokens(self.head, self.tail, self.text),
        )


def _chinese():
    # Titles carry labels such as 周报: always in the ledger's own language, whoever's
    # request (or which command) triggered the indexing, so that the check agrees.
    return translation.override(settings.LANGUAGE_CODE)


# -- what each record says ---------------------------------------------------------------


def task_sources(task_ids: list[int]) -> Iterator[Source]:
    """The entries of these items: finding, measure, sub-actions, progress reports."""
    from zhenggai.reporting.models import Period, ProgressReport
    from zhenggai.tasks.models import SubAction, Task

    tasks = list(
        Task.objects.order_by()
        .filter(pk__in=task_ids)
        .values_list("pk", "finding_id", "finding__label", "finding__title", "measure", "body")
    )
    actions: dict[int, list] = {}
    for pk, task_id, label, text in (
        SubAction.objects.order_by("task_id", "position", "pk")
        .filter(task_id__in=task_ids)
        .values_list("pk", "task_id", "label", "text")
    ):
        actions.setdefault(task_id, []).append((pk, f"{label}{text}"))
    reports: dict[int, list] = {}
    for pk, task_id, period, start, text in (
        ProgressReport.objects.order_by("task_id", "pk")
        .filter(task_id__in=task_ids)
        .values_list("pk", "task_id", "period", "period_start", "text")
    ):
        reports.setdefault(task_id, []).append((pk, period, start, text))
    with _chinese():
        periods = {value: str(label) for value, label in Period.choices}
    for pk, finding_id, label, ftitle, measure, body in tasks:
        head = f"{label}{ftitle}"
        yield Source(K.FINDING, finding_id, pk, head, "", "")
        mine = actions.get(pk, [])
        text = measure if mine else f"{measure}\n{body}".strip()
        if text:
            yield Source(K.MEASURE, pk, pk, head, "", text)
        for apk, atext in mine:
            yield Source(K.ACTION, apk, pk, head, "", atext)
        for rpk, period, start, rtext in reports.get(pk, []):
            yield Source(K.REPORT, rpk, pk, head, f"({periods.get(period, period)} {start})", rtext)


def outline_sources(finding_ids=None, campaign=None) -> Iterator[Source]:
    """Categories and problems: findings that carry no item."""
    from zhenggai.inspections.models import Finding

    qs = Finding.objects.order_by().filter(task__isnull=True)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if finding_ids is not None:
        qs = qs.filter(pk__in=list(finding_ids))
    for pk, label, title, text in qs.values_list("pk", "label", "title", "text").iterator(5000):
        yield Source(K.FINDING, pk, None, f"{label}{title}", "", text)


def briefing_sources(ids=None) -> Iterator[Source]:
    """Issued briefings and reports (整改简报), by their rendered text; they concern no one
    item. Drafts are the office's alone, so they stay out of a search every role shares."""
    from zhenggai.briefings.models import Briefing

    qs = Briefing.objects.order_by().filter(status=Briefing.Status.ISSUED)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    for pk, title, text in qs.values_list("pk", "title", "text"):
        yield Source(K.BRIEFING, pk, None, title, "", text or "")


def feedback_sources(ids=None) -> Iterator[Source]:
    """The public's messages and the office's replies (scoped at query time by the
    feedback rule: a unit sees only what is handed to it)."""
    from zhenggai.feedback.models import Feedback

    qs = Feedback.objects.order_by()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    for pk, item_id, received, message, reply in qs.values_list(
        "pk", "item_id", "received_at", "message", "reply"
    ):
        text = f"{message}\n{reply}".strip()
        yield Source(K.FEEDBACK, pk, item_id, f"意见建议 {received:%Y-%m-%d}", "", text)


# -- writing -----------------------------------------------------------------------------


def _write(rows: Iterable[tuple]) -> int:
    entries = [SearchEntry(**dict(zip(COLUMNS, row, strict=True))) for row in rows]
    SearchEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def index_tasks(task_ids) -> None:
    task_ids = list(task_ids)
    with transaction.atomic():
        SearchEntry.objects.filter(task_id__in=task_ids, kind__in=TASK_KINDS).delete()
        _write(s.row() for s in task_sources(task_ids))


def index_campaign(campaign) -> None:
    """Everything of a campaign: its items, and the categories and problems above them."""
    from zhenggai.inspections.models import Finding
    from zhenggai.tasks.models import Task

    task_ids = list(Task.objects.filter(finding__campaign=campaign).values_list("pk", flat=True))
    for start in range(0, len(task_ids), 500):
        index_tasks(task_ids[start : start + 500])
    nodes = Finding.objects.filter(campaign=campaign, task__isnull=True)
    with transaction.atomic():
        SearchEntry.objects.filter(kind=K.FINDING, object_id__in=nodes.values("pk")).delete()
        _write(s.row() for s in outline_sources(campaign=campaign))


def index_briefings(ids) -> None:
    ids = list(ids)
    with transaction.atomic():
        SearchEntry.objects.filter(kind=K.BRIEFING, object_id__in=ids).delete()
        _write(s.row() for s in briefing_sources(ids))


def index_feedback(ids) -> None:
    ids = list(ids)
    with transaction.atomic():
        SearchEntry.objects.filter(kind=K.FEEDBACK, object_id__in=ids).delete()
        _write(s.row() for s in feedback_sources(ids))


INDEXERS = {"task": index_tasks, "briefing": index_briefings, "feedback": index_feedback}


def reindex(keys: set[tuple[str, int]]) -> None:
    """Re-index these (kind, id) pairs; a kind no indexer knows is dropped."""
    for name, index in INDEXERS.items():
        ids = {i for k, i in keys if k == name}
        if ids:
            index(ids)


def rebuild() -> int:
    """The whole index again, in this process (the tests' and small ledgers' path; the
    command uses `bulk`)."""
    from zhenggai.search import bulk

    return bulk.build(processes=1).entries


# -- the outbox --------------------------------------------------------------------------


class _Pending(threading.local):
    """What waits for this thread's transaction to commit (Django's connections are per
    thread, and so are their on-commit queues): the (kind, id) pairs and the outbox rows
    written for them."""

    def __init__(self):
        self.keys: set[tuple[str, int]] = set()
        self.rows: list[int] = []
        self.callback = None


_pending = _Pending()


def schedule(object_id: int | None, kind: str = "task") -> None:
    """Re-index `kind` #`object_id` (an item by default) once the transaction commits;
    the outbox row written now makes sure of it if this process dies before."""
    if object_id is None:
        return
    # A rolled-back transaction drops our callback but not our set: start afresh when
    # the callback we registered is no longer queued.
    queued = _pending.callback is not None and any(
        entry[1] is _pending.callback for entry in connection.run_on_commit
    )
    if not queued:
        _pending.keys, _pending.rows = set(), []
    if (kind, object_id) in _pending.keys:
        return
    _pending.keys.add((kind, object_id))
    _pending.rows.append(PendingIndex.objects.create(kind=kind, object_id=object_id).pk)
    if not queued and connection.in_atomic_block:

        def flush():
            keys, rows = _pending.keys, _pending.rows
            _pending.keys, _pending.rows, _pending.callback = set(), [], None
            reindex(keys)
            PendingIndex.objects.filter(pk__in=rows).delete()

        _pending.callback = flush
        # robust: a failed re-indexing must not fail the request whose change committed;
        # the outbox rows stay, and the worker retries them.
        transaction.on_commit(flush, robust=True)
    elif not connection.in_atomic_block:
        # Autocommit: the change is already committed.
        keys, rows = _pending.keys, _pending.rows
        _pending.keys, _pending.rows = set(), []
        reindex(keys)
        PendingIndex.objects.filter(pk__in=rows).delete()


def drain(limit: int = 2000) -> int:
    """Re-index what the outbox still holds (a process died between a commit and its
    re-indexing, or the re-indexing failed). Returns the number of rows drained."""
    rows = list(PendingIndex.objects.order_by("pk").values_list("pk", "kind", "object_id")[:limit])
    if not rows:
        return 0
    reindex({(kind, object_id) for _pk, kind, object_id in rows})
    PendingIndex.objects.filter(pk__in=[pk for pk, _k, _o in rows]).delete()
    return len(rows)
