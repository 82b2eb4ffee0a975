"""The full-text index proper, which differs by database.

SQLite: an FTS5 table over search_searchentry.tokens (external content, kept in step by
triggers). PostgreSQL: a GIN index on the same to_tsvector('simple', …) expression the
queries use — 'simple', because the words are already cut by jieba.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "tokens, content='search_searchentry', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); END",
    "CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES = [
    "CREATE INDEX search_entry_fts ON search_searchentry "
    "USING GIN (to_tsvector('simple'::regconfig, COALESCE(tokens, '')))"
]
POSTGRES_REVERSE = ["DROP INDEX IF EXISTS search_entry_fts"]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
