"""Ranked full-text search over what a user may read, on SQLite (FTS5) or PostgreSQL."""

import re
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, FloatField, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from zhenggai import access
from zhenggai.search.models import SearchEntry
from zhenggai.search.segment import essential, words

SNIPPET = 80


@dataclass
class Hit:
    entry: SearchEntry
    title: SafeString
    snippet: SafeString


CANDIDATES = 1000  # matches ranked at most: a common word ranks these, not a million


def _branches(user):
    """One queryset per kind of record, each scoped by that record's own rule
    (zhenggai.access), so that search never shows what the record's page would refuse.
    Kept apart (a UNION, not an OR) so that the database answers each with its own
    index: a unit's items by their item, the whole ledger by the words."""
    from zhenggai.briefings.models import Briefing
    from zhenggai.feedback.models import Feedback
    from zhenggai.inspections.models import Finding

    K = SearchEntry.Kind
    entries = SearchEntry.objects.order_by()
    for ids in access.task_id_sets(user):
        yield entries.filter(kind__in=[K.FINDING, K.MEASURE, K.ACTION, K.REPORT], task__in=ids)
    if access.reads_whole_ledger(user):
        # Categories and problems carry no item; they are the outline of the ledgers
        # the reader's organisation sees (its own and those below it).
        findings = access.by_campaign(user, Finding.objects.all()).values("pk")
        yield entries.filter(kind=K.FINDING, task__isnull=True, object_id__in=findings)
    yield entries.filter(
        kind=K.BRIEFING, object_id__in=access.briefings(user, Briefing.objects.all()).values("pk")
    )
    yield entries.filter(
        kind=K.FEEDBACK, object_id__in=access.feedback(user, Feedback.objects.all()).values("pk")
    )


def _fts5_query(qwords: list[str]) -> str:
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in qwords)


def _matching(entries, qwords: list[str]):
    """`entries` that contain every word. Unqualified SQL: this runs inside a subquery,
    where the table has another alias."""
    if connection.vendor == "sqlite":
        return entries.filter(
            id__in=RawSQL(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [_fts5_query(qwords)]
            )
        )
    if connection.vendor == "postgresql":
        # The stored vector (migration 0003): no to_tsvector at query time. The words
        # are jieba's, so 'simple' parses the query as the index was parsed.
        return entries.extra(
            where=["vector @@ plainto_tsquery('simple'::regconfig, %s)"], params=[" ".join(qwords)]
        )
    # Any other database: every word must appear.
    condition = Q()
    for w in qwords:
        condition &= Q(tokens__icontains=w)
    return entries.filter(condition)


def _ranked(entries, qwords: list[str]):
    """`entries` (the candidates) with `rank`, higher is better."""
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
        return entries.extra(
            select={"rank": "ts_rank(vector, plainto_tsquery('simple'::regconfig, %s))"},
            select_params=[" ".join(qwords)],
        )
    return entries.annotate(rank=RawSQL("0", [], output_field=FloatField()))


def _empty(qs) -> bool:
    """Whether `qs` can match nothing (a scope of none(): the database is not asked)."""
    try:
        qs.query.get_compiler(using=qs.db).as_sql()
    except EmptyResultSet:
        return True
    return qs.query.is_empty()


def _candidates(user, qwords: list[str], kind: str | None):
    """The ids of at most CANDIDATES matching entries `user` may read."""
    parts = []
    for branch in _branches(user):
        if kind:
            branch = branch.filter(kind=kind)
        if _empty(branch):
            continue
        ids = _matching(branch, qwords).values("id")
        # SQLite refuses a LIMIT inside a compound SELECT; there the outer one bounds.
        parts.append(
            ids[:CANDIDATES] if connection.features.supports_slicing_ordering_in_compound else ids
        )
    if not parts:
        return None
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return union[:CANDIDATES]


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
    """(queryset of matching entries, best first, the query's words). At most
    CANDIDATES entries: those the database finds first, ranked among themselves."""
    qwords = words(q)
    if not qwords:
        return SearchEntry.objects.none(), []
    candidates = _candidates(user, essential(qwords), kind)
    if candidates is None:
        return SearchEntry.objects.none(), qwords
    entries = _ranked(SearchEntry.objects.filter(id__in=candidates), qwords)
    return entries.order_by(F("rank").desc(nulls_last=True), "id"), qwords


def hits(entries, qwords) -> list[Hit]:
    return [
        Hit(e, highlight(e.title, qwords), highlight(e.text or e.title, qwords, SNIPPET))
        for e in entries
    ]
