"""The whole index at once (`zhenggai search-index`), and the drift check (`--check`).

Reading the records and writing the entries is the database's work; cutting the words
(jieba, pure Python) is the costly part, so it runs in a pool of processes — one per
core — while this process writes the last chunk and, on PostgreSQL, a thread of it reads
the next ones. Each distinct jieba block is cut once per process (segment.py). PostgreSQL
receives the entries by COPY and computes their vector itself (a generated column).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction

from zhenggai.search import index
from zhenggai.search.models import SearchEntry

CHUNK = 5000  # entries per piece of work sent to a segmenting process
TASKS_PER_READ = 500
IN_FLIGHT = 4  # pieces of work per process queued at once: bounds the memory


def all_sources() -> Iterator[index.Source]:
    from zhenggai.tasks.models import Task

    ids = list(Task.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), TASKS_PER_READ):
        yield from index.task_sources(ids[start : start + TASKS_PER_READ])
    yield from index.outline_sources()
    yield from index.briefing_sources()
    yield from index.feedback_sources()


def _chunks(sources, size=CHUNK):
    chunk = []
    for s in sources:
        chunk.append(tuple(s))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _read_ahead(chunks: Iterator, depth: int) -> Iterator:
    """`chunks`, read by a thread of its own while this one writes: the records come
    from the thread's own connection (what is committed; the records are only read)
    while this connection waits on PostgreSQL for the last COPY. The thread starts on
    the first next(), after the pool has forked."""
    from django.db import connection as thread_connection

    ahead: queue.Queue = queue.Queue(depth)
    stop = threading.Event()
    end = object()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                ahead.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def read():
        try:
            for chunk in chunks:
                if not put(chunk):
                    return
            put(end)
        except BaseException as error:  # handed to the writing thread, raised there
            put(error)
        finally:
            thread_connection.close()  # this thread's own

    reader = threading.Thread(target=read, name="search-index-reader", daemon=True)
    reader.start()
    try:
        while (item := ahead.get()) is not end:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        reader.join()


def _segment(chunk: list[tuple]) -> list[tuple]:
    return [index.Source(*s).row() for s in chunk]


def _copy_field(value) -> str:
    """`value` in COPY's text format. (Most texts need no escape: four scans in C are
    far cheaper than str.translate, which goes character by character.)"""
    if value is None:
        return "\\N"
    s = str(value)
    if "\\" in s or "\t" in s or "\n" in s or "\r" in s:
        s = s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return s


def _segment_for_copy(chunk: list[tuple]) -> tuple[int, bytes]:
    """The chunk as COPY text, made in the segmenting process: the parent only sends it."""
    lines = ["\t".join(map(_copy_field, row)) for row in _segment(chunk)]
    return len(lines), ("\n".join(lines) + "\n").encode()


def _warm():
    from zhenggai.search.segment import tokens

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokens("整改")  # loads the dictionary once per process, before the first chunk


def _segmented(chunks, processes: int, work=_segment) -> Iterator:
    """`work` done on each chunk (cutting the words), in order, by `processes` processes."""
    if processes <= 1:
        for chunk in chunks:
            yield work(chunk)
        return
    # The children never touch the database: they only receive texts and return words.
    # (fork: they inherit the loaded settings and code; the parent's connection was
    # closed before, so that no child holds a copy of its socket.)
    # The dictionary is loaded here, before the fork: the children share it (a second
    # or more each, otherwise).
    _warm()
    pool = multiprocessing.get_context("fork").Pool(processes, initializer=_warm)
    try:
        waiting = deque()
        for chunk in chunks:
            waiting.append(pool.apply_async(work, (chunk,)))
            if len(waiting) >= processes * IN_FLIGHT:
                yield waiting.popleft().get()
        while waiting:
            yield waiting.popleft().get()
    finally:
        pool.close()
        pool.join()


def _copy(done: tuple[int, bytes]) -> int:
    n, data = done
    with connection.cursor() as c:
        columns = ", ".join(index.COLUMNS)
        with c.cursor.copy(f"COPY search_searchentry ({columns}) FROM STDIN") as copy:
            copy.write(data)
    return n


def _insert(rows: list[tuple]) -> int:
    columns = ", ".join(index.COLUMNS)
    marks = ", ".join(["%s"] * len(index.COLUMNS))
    with connection.cursor() as c:
        c.executemany(f"INSERT INTO search_searchentry ({columns}) VALUES ({marks})", rows)
    return len(rows)


# PostgreSQL: on a table being filled from empty, the GIN index is built once at the end
# (several times faster than maintaining it row by row).
_GIN_DROP = "DROP INDEX IF EXISTS search_entry_vector"
_GIN_CREATE = "CREATE INDEX search_entry_vector ON search_searchentry USING GIN (vector)"


def cores() -> int:
    """The cores this process may run on (a container may have fewer than the host)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass
class Built:
    entries: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.entries / self.seconds if self.seconds else 0.0


def build(processes: int | None = None, progress=None) -> Built:
    """Replace the whole index, in one transaction: readers see the old index until the
    new one commits. `processes`: segmenting processes (default: one per core)."""
    processes = processes or cores()
    started = time.perf_counter()
    # Inside a transaction (a test's), everything is read on its connection, which alone
    # sees what that transaction wrote.
    outer = connection.in_atomic_block
    if processes > 1 and not outer:
        connection.close()
    postgres = connection.vendor == "postgresql"
    n = 0
    with transaction.atomic():
        fresh = not SearchEntry.objects.exists()
        if postgres and fresh:
            with connection.cursor() as c:
                c.execute(_GIN_DROP)
        SearchEntry.objects.all().delete()
        write, work = (_copy, _segment_for_copy) if postgres else (_insert, _segment)
        chunks = _chunks(all_sources())
        if postgres and processes > 1 and not outer:
            # (SQLite: a second connection reading would hold off this one's writes.)
            chunks = _read_ahead(chunks, processes * IN_FLIGHT)
        for done in _segmented(chunks, processes, work):
            n += write(done)
            if progress:
                progress(n, time.perf_counter() - started)
        if postgres and fresh:
            with connection.cursor() as c:
                c.execute("SET LOCAL maintenance_work_mem = '256MB'")
                c.execute(_GIN_CREATE)
    if postgres:
        with connection.cursor() as c:
            c.execute("ANALYZE search_searchentry")
    return Built(n, time.perf_counter() - started)


@dataclass
class Drift:
    missing: list = field(default_factory=list)  # records with no entry
    stale: list = field(default_factory=list)  # entries whose record says something else
    orphan: list = field(default_factory=list)  # entries of no (indexable) record
    pending: int = 0  # outbox rows not yet drained

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.orphan)


def check() -> Drift:
    """Compare the index with what the records say now (no segmentation: the title,
    text and item of each entry)."""
    from zhenggai.search.models import PendingIndex

    stored = {}
    for kind, object_id, task_id, title, text in (
        SearchEntry.objects.order_by()
        .values_list("kind", "object_id", "task_id", "title", "text")
        .iterator(10000)
    ):
        stored[(kind, object_id)] = hash((task_id, title, text))
    drift = Drift(pending=PendingIndex.objects.count())
    for s in all_sources():
        key = (s.kind, s.object_id)
        have = stored.pop(key, None)
        if have is None:
            drift.missing.append(key)
        elif have != hash((s.task_id, s.title, s.text)):
            drift.stale.append(key)
    drift.orphan = sorted(stored)
    return drift
