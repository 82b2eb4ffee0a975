"""Records that are written once and never changed or removed through the application.

The transition log and the audit trail (履职留痕) are evidence: an edit through the ORM,
one row or in bulk, is refused outright rather than trusted to every caller.

Beyond the ORM, a chained model makes an edit *visible*: every row stores the hash of
the row before it and its own hash, which covers every stored field and that previous
hash. Changing, inserting or removing a row with raw SQL breaks the chain at that row,
and `verify_chain` (`zhenggai audit verify`) says where.

One chain per table, in the order of the primary key. One chain per item would let a
reader check an item alone, but then an item's newest rows, or a deleted item's whole
history, could go without a trace unless every item had a head of its own to compare
with; one chain per table has a single head to anchor and a single order to walk. Its
cost: an append locks the chain heads (`audit.ChainHead`) until its transaction commits,
so transactions that append take turns from that point on (they are short: one change
and its entries; on SQLite writers take turns anyway).
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.apps import apps
from django.db import connections, models, router, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

GENESIS = ""  # the "previous hash" of a chain's first row


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


class ChainedQuerySet(AppendOnlyQuerySet):
    def bulk_create(self, objs, batch_size=None, ignore_conflicts=False, **kwargs):
        objs = list(objs)
        if ignore_conflicts or kwargs.get("update_conflicts"):
            # A skipped row would leave a hole in the chain the next row points across.
            raise PermissionError(f"{self.model._meta.verbose_name} is append-only")
        if not objs:
            return objs
        _refuse_existing(self.model, objs)
        using = self.db
        with transaction.atomic(using=using, savepoint=False):
            seal(self.model, objs, using)
            return super().bulk_create(objs, batch_size=batch_size)


class ChainedModel(AppendOnlyModel):
    """An append-only model whose rows form a hash chain."""

    prev_hash = models.CharField(
        _l("前一条的哈希"), max_length=64, blank=True, default="", editable=False
    )
    hash = models.CharField(_l("哈希"), max_length=64, blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        _refuse_existing(type(self), [self])
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        kwargs["using"] = using
        kwargs["force_insert"] = True
        with transaction.atomic(using=using, savepoint=False):
            seal(type(self), [self], using)
            models.Model.save(self, *args, **kwargs)


def _refuse_existing(model, objs) -> None:
    # Checked before any transaction opens, so that a refusal leaves the caller's
    # transaction usable. The primary key is part of what the hash covers, so the chain
    # chooses it: a row that has one is an edit.
    if any(obj.pk is not None or not obj._state.adding for obj in objs):
        raise PermissionError(f"{model._meta.verbose_name} is append-only")


def chain_name(model) -> str:
    return model._meta.label


def chained_models() -> list:
    return sorted((m for m in apps.get_models() if issubclass(m, ChainedModel)), key=chain_name)


def hashed_attnames(model) -> list[str]:
    """The stored columns the hash covers: all of them but the hash itself."""
    return [f.attname for f in model._meta.concrete_fields if f.attname != "hash"]


_SCALARS = frozenset({str, int, bool, type(None)})


def _plain(value):
    if type(value) in _SCALARS:  # most values: checked first, as verify runs this a lot
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            # What Django itself does with a naive time when USE_TZ is on.
            value = timezone.make_aware(value, timezone.get_default_timezone())
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        # PostgreSQL's jsonb gives 1e20 back as 100000000000000000000.
        return int(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def canonical(row: dict) -> str:
    """A row's values as sorted-key JSON, times in ISO UTC.

    A NULL column is left out rather than written as null, so that a nullable column
    added to a chained table later leaves the hashes of the rows before it valid.
    """
    return json.dumps(
        {k: _plain(v) for k, v in row.items() if v is not None},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    )


def row_hash(row: dict) -> str:
    return hashlib.sha256(canonical(row).encode("utf-8")).hexdigest()


def _stored_values(obj) -> dict:
    """`obj`'s hashed values as the database will give them back."""
    row = {}
    for field in obj._meta.concrete_fields:
        if field.attname == "hash":
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.JSONField):
            value = json.loads(json.dumps(value, cls=field.encoder))
        elif value is not None:
            value = field.to_python(value)
        row[field.attname] = value
    return row


def _lock_head(model, using):
    """`model`'s chain head, locked; made if missing (a fresh or flushed database).

    Every head is locked, always in the same order, so that a transaction appending to
    both chains cannot deadlock with one appending to them the other way round.
    """
    Head = apps.get_model("audit", "ChainHead")
    name = chain_name(model)
    heads = Head.objects.using(using)
    names = [chain_name(m) for m in chained_models()]
    locked = {h.name: h for h in heads.select_for_update().filter(name__in=names).order_by("name")}
    if name in locked:
        return locked[name]
    table = model._base_manager.using(using)
    tail = table.order_by("-pk").values("pk", "hash").first()
    heads.get_or_create(
        name=name,
        defaults={
            "last_id": tail["pk"] if tail else None,
            "last_hash": tail["hash"] if tail else GENESIS,
            "length": table.count(),
        },
    )
    return _lock_head(model, using)


def _next_ids(model, head, count: int, using) -> list[int]:
    connection = connections[using]
    if connection.vendor == "postgresql":
        # The table's own sequence, so that ids stay unique and increasing in chain
        # order: the head's lock is held, and nothing else inserts here.
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
    # SQLite takes the write lock at BEGIN (settings: transaction_mode IMMEDIATE).
    top = model._base_manager.using(using).aggregate(top=Max("pk"))["top"] or 0
    start = max(top, head.last_id or 0) + 1
    return list(range(start, start + count))


def seal(model, objs, using) -> None:
    """Give `objs` (new rows of `model`, in order) their ids and hashes, and move the
    chain's head past them. Call inside the transaction that inserts them."""
    Head = apps.get_model("audit", "ChainHead")
    head = _lock_head(model, using)
    prev = head.last_hash
    for obj, pk in zip(objs, _next_ids(model, head, len(objs), using), strict=True):
        obj.pk = pk
        obj.prev_hash = prev
        obj.hash = prev = row_hash(_stored_values(obj))
    Head.objects.using(using).filter(name=head.name).update(
        last_id=objs[-1].pk, last_hash=prev, length=head.length + len(objs)
    )


@dataclass
class Break:
    table: str
    id: int | None
    at: datetime.datetime | None
    problem: str


@dataclass
class Verdict:
    model: type
    checked: int
    head_hash: str
    broken: Break | None


def verify_chain(model, using="default", chunk_size=5000) -> Verdict:
    """Walk `model`'s chain in order and report the first row that does not hold.

    A row whose stored hash is not that of its values was changed. A row that does not
    point at the row before it was inserted, or the row before it was removed. Rows
    missing at the end show as a head that points past the last row.
    """
    Head = apps.get_model("audit", "ChainHead")
    table = model._meta.db_table
    head = Head.objects.using(using).filter(name=chain_name(model)).first()
    attnames = hashed_attnames(model)
    timed = "at" in attnames
    prev, last_pk, checked = GENESIS, None, 0
    rows = model._base_manager.using(using).order_by("pk").values(*attnames, "hash")
    for row in rows.iterator(chunk_size=chunk_size):
        checked += 1
        stored = row.pop("hash")
        where = (table, row["id"], row["at"] if timed else None)
        if row["prev_hash"] != prev:
            problem = _("与前一条不相接:此条为插入,或其前一条被删除")
            return Verdict(model, checked, prev, Break(*where, problem))
        if row_hash(row) != stored:
            return Verdict(model, checked, prev, Break(*where, _("内容被改动")))
        prev, last_pk = stored, row["id"]
    if head is None:
        if checked:
            return Verdict(model, checked, prev, Break(table, None, None, _("链头缺失")))
    elif head.last_hash != prev or head.last_id != last_pk or head.length != checked:
        problem = _(
            "与链头不符:链头记到第 %(id)s 号(共 %(n)s 条),表中到第 %(last)s 号(共 %(m)s 条)为止;"
            "末尾的记录被删除,或链头被改动"
        ) % {
            "id": head.last_id,
            "n": head.length,
            "last": last_pk,
            "m": checked,
        }
        return Verdict(model, checked, prev, Break(table, head.last_id, None, problem))
    return Verdict(model, checked, prev, None)


def chain_existing(model, head_model, using) -> int:
    """Compute the chain over the rows `model` holds already, in order (a migration
    calls this with its historical models). Returns how many rows it sealed."""
    prev, last_pk, count, batch = GENESIS, None, 0, []
    table = model._base_manager.using(using)
    for row in table.order_by("pk").values(*hashed_attnames(model)).iterator(chunk_size=2000):
        row["prev_hash"] = prev
        prev = row_hash(row)
        batch.append(model(pk=row["id"], prev_hash=row["prev_hash"], hash=prev))
        last_pk, count = row["id"], count + 1
        if len(batch) >= 500:
            table.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    if batch:
        table.bulk_update(batch, ["prev_hash", "hash"])
    head_model.objects.using(using).update_or_create(
        name=chain_name(model),
        defaults={"last_id": last_pk, "last_hash": prev, "length": count},
    )
    return count


# PostgreSQL refuses UPDATE and DELETE on a chained table itself, so that even raw SQL
# cannot rewrite history quietly. TRUNCATE stays possible: the test suite empties tables
# with it, and a truncated chain still shows in `audit verify` as a head that points
# past the last row.
REFUSE_FUNCTION = """
CREATE OR REPLACE FUNCTION zhenggai_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$
"""
DROP_REFUSE_FUNCTION = "DROP FUNCTION IF EXISTS zhenggai_append_only()"


def refuse_changes(table: str, create_function: bool = False):
    """The forward and reverse RunPython operations of a migration that makes `table`
    append-only on PostgreSQL (on other databases they do nothing)."""
    trigger = f"{table}_append_only"
    forward = [REFUSE_FUNCTION] if create_function else []
    forward.append(
        f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION zhenggai_append_only()"
    )
    reverse = [f"DROP TRIGGER IF EXISTS {trigger} ON {table}"]
    if create_function:
        reverse.append(DROP_REFUSE_FUNCTION)

    def run(statements):
        def operation(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for sql in statements:
                    schema_editor.execute(sql, params=None)

        return operation

    return run(forward), run(reverse)
