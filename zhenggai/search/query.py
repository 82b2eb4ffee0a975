"""Ranked full-text search over what a user may read, on SQLite (FTS5) or PostgreSQL."""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, FloatField, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from zhenggai import access
from zhenggai.search.models import SearchEntry
from zhenggai.search.segment import words

SNIPPET = 80


@dataclass
class Hit:
    entry: SearchEntry
    title: SafeString
    snippet: SafeString


def _scope(user):
    """Each kind of entry is scoped by the rule of the record it indexes (zhenggai.access),
    so that search never shows what the record's own page would refuse."""
    from zhenggai.briefings.models import Briefing
    from zhenggai.feedback.models import Feedback

    K = SearchEntry.Kind
    on_items = Q(kind__in=[K.MEASURE, K.ACTION, K.REPORT], task__in=access.task_ids(user))
    findings = Q(kind=K.FINDING) & (
        # Categories and problems carry no item; they are the ledger's own outline.
        (Q(task__isnull=True) if access.reads_whole_ledger(user) else Q(pk__in=[]))
        | Q(task__in=access.task_ids(user))
    )
    briefings = Q(
        kind=K.BRIEFING,
        object_id__in=access.briefings(user, Briefing.objects.all()).values("pk"),
    )
    feedback = Q(
        kind=K.FEEDBACK,
        object_id__in=access.feedback(user, Feedback.objects.all()).values("pk"),
    )
    return on_items | findings | briefings | feedback


def _fts5_query(qwords: list[str]) -> str:
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in qwords)


def _ranked(qwords: list[str]):
    entries = SearchEntry.objects.all()
    if connection.vendor == "sqlite":
        # A join with the FTS5 table, so that SQLite runs MATCH once and bm25() in the same
        # pass (a correlated subquery per row ran MATCH again for every candidate).
        # bm25() is smaller for better matches; negate it so that higher ranks first.
        return entries.extra(
            tables=["search_fts"],
            where=["search_fts.rowid = search_searchentry.id", "search_fts MATCH %s"],
            params=[_fts5_query(qwords)],
            select={"rank": "-bm25(search_fts)"},
        )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("tokens", config="simple")
        query = None
        for w in qwords:
            part = SearchQuery(w, config="simple", search_type="plain")
            query = part if query is None else query & part
        return entries.annotate(rank=SearchRank(vector, query)).filter(
            id__in=SearchEntry.objects.annotate(v=vector).filter(v=query).values("id")
        )
    # Any other database: every word must appear; no ranking.
    condition = Q()
    for w in qwords:
        condition &= Q(tokens__icontains=w)
    return entries.filter(condition).annotate(rank=RawSQL("0", [], output_field=FloatField()))


def highlight(text: str, qwords: list[str], width: int | None = None) -> SafeString:
    """`text` escaped, with the query's words in <mark>; cut to a window around the
    first match when `width` is given."""
    if not qwords:
        return escape(text[:width] if width else text)
    pattern = re.compile("|".join(map(re.escape, sorted(qwords, key=len, reverse=True))), re.I)
    if width:
        first = pattern.search(text)
        start = max(0, (first.start() if first else 0) - width // 3)
        text = (
            ("…" if start else "")
            + text[start : start + width]
            + ("…" if start + width < len(text) else "")
        )
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group())}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def search(user, q: str, kind: str | None = None):
    """(queryset of matching entries, best first, the query's words)."""
    qwords = words(q)
    if not qwords:
        return SearchEntry.objects.none(), []
    entries = _ranked(qwords).filter(_scope(user))
    if kind:
        entries = entries.filter(kind=kind)
    return entries.order_by(F("rank").desc(nulls_last=True), "id"), qwords


def hits(entries, qwords) -> list[Hit]:
    return [
        Hit(e, highlight(e.title, qwords), highlight(e.text or e.title, qwords, SNIPPET))
        for e in entries
    ]
