"""Keep the search index in step with the ledger.

Every change the application makes writes an audit entry naming its item, so the index
follows the audit trail: an item is re-indexed once, when the transaction that changed
it commits (a demo replay of a thousand changes re-indexes each item once). Bulk paths
that write no audit entry — the report importer — send `ledger_imported` instead, and
saves outside the application (the admin) are caught by post_save.
"""

import threading

from django.db import connection, transaction

from zhenggai.inspections.models import Finding
from zhenggai.search.models import SearchEntry
from zhenggai.search.segment import tokens
from zhenggai.tasks.models import Task

K = SearchEntry.Kind
TASK_KINDS = [K.FINDING, K.MEASURE, K.ACTION, K.REPORT]


def _entry(kind, object_id, task_id, title, text) -> SearchEntry:
    return SearchEntry(
        kind=kind,
        object_id=object_id,
        task_id=task_id,
        title=title[:300],
        text=text,
        tokens=tokens(f"{title} {text}"),
    )


def entries_for(task: Task) -> list[SearchEntry]:
    finding = task.finding
    title = f"{finding.label}{finding.title}"
    entries = [_entry(K.FINDING, finding.pk, task.pk, title, "")]
    actions = list(task.actions.all())
    measure = task.measure if actions else f"{task.measure}\n{task.body}".strip()
    if measure:
        entries.append(_entry(K.MEASURE, task.pk, task.pk, title, measure))
    entries += [_entry(K.ACTION, a.pk, task.pk, title, f"{a.label}{a.text}") for a in actions]
    entries += [
        _entry(
            K.REPORT, r.pk, task.pk, f"{title}({r.get_period_display()} {r.period_start})", r.text
        )
        for r in task.reports.all()
    ]
    return entries


def index_tasks(task_ids) -> None:
    tasks = (
        Task.objects.filter(pk__in=list(task_ids))
        .select_related("finding")
        .prefetch_related("actions", "reports")
    )
    with transaction.atomic():
        SearchEntry.objects.filter(task_id__in=list(task_ids), kind__in=TASK_KINDS).delete()
        SearchEntry.objects.bulk_create(
            [entry for task in tasks for entry in entries_for(task)], batch_size=500
        )


def index_campaign(campaign) -> None:
    """Everything of a campaign: its items, and the categories and problems above them."""
    task_ids = list(Task.objects.filter(finding__campaign=campaign).values_list("pk", flat=True))
    for start in range(0, len(task_ids), 500):
        index_tasks(task_ids[start : start + 500])
    nodes = Finding.objects.filter(campaign=campaign, task__isnull=True)
    SearchEntry.objects.filter(kind=K.FINDING, object_id__in=nodes.values("pk")).delete()
    SearchEntry.objects.bulk_create(
        [_entry(K.FINDING, f.pk, None, f"{f.label}{f.title}", f.text) for f in nodes],
        batch_size=500,
    )


def index_briefings(ids) -> None:
    """Issued briefings and reports (整改简报), by their rendered text; they concern no one
    item. Drafts are the office's alone, so they stay out of a search every role shares."""
    from zhenggai.briefings.models import Briefing

    SearchEntry.objects.filter(kind=K.BRIEFING, object_id__in=list(ids)).delete()
    SearchEntry.objects.bulk_create(
        [
            _entry(K.BRIEFING, b.pk, None, b.title, b.text or "")
            for b in Briefing.objects.filter(pk__in=list(ids), status=Briefing.Status.ISSUED)
        ]
    )


def index_feedback(ids) -> None:
    """The public's messages and the office's replies, for the whole-ledger roles only:
    a unit sees only what is handed to it, on the feedback pages."""
    from zhenggai.feedback.models import Feedback

    SearchEntry.objects.filter(kind=K.FEEDBACK, object_id__in=list(ids)).delete()
    SearchEntry.objects.bulk_create(
        [
            _entry(
                K.FEEDBACK,
                f.pk,
                f.item_id,
                f"意见建议 {f.received_at:%Y-%m-%d}",
                f"{f.message}\n{f.reply}".strip(),
            )  # fmt: skip
            for f in Feedback.objects.filter(pk__in=list(ids))
        ]
    )


INDEXERS = {"task": index_tasks, "briefing": index_briefings, "feedback": index_feedback}


def rebuild() -> int:
    from zhenggai.briefings.models import Briefing
    from zhenggai.feedback.models import Feedback
    from zhenggai.inspections.models import Campaign

    SearchEntry.objects.all().delete()
    for campaign in Campaign.objects.all():
        index_campaign(campaign)
    index_briefings(Briefing.objects.values_list("pk", flat=True))
    index_feedback(Feedback.objects.values_list("pk", flat=True))
    return SearchEntry.objects.count()


class _Pending(threading.local):
    """What waits for this thread's transaction to commit, as (kind, id) pairs (Django's
    connections are per thread, and so are their on-commit queues)."""

    def __init__(self):
        self.keys: set[tuple[str, int]] = set()
        self.callback = None


_pending = _Pending()


def schedule(task_id: int | None, kind: str = "task") -> None:
    """Re-index `kind` #`task_id` (an item by default) once the transaction commits."""
    if task_id is None:
        return
    # A rolled-back transaction drops our callback but not our set: start afresh when
    # the callback we registered is no longer queued.
    queued = _pending.callback is not None and any(
        entry[1] is _pending.callback for entry in connection.run_on_commit
    )
    if not queued:
        _pending.keys = set()
    _pending.keys.add((kind, task_id))
    if not queued:

        def flush():
            keys, _pending.keys, _pending.callback = _pending.keys, set(), None
            for name, index in INDEXERS.items():
                ids = {i for k, i in keys if k == name}
                if ids:
                    index(ids)

        _pending.callback = flush
        transaction.on_commit(flush)
