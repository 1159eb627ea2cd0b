"""The ledger's tables, derived from model.py, and the schema version.

A table per record type; its columns come from the record's fields (see
``codec``).  Version 1 created every table; a later migration appends a
function to ``MIGRATIONS``.  Columns a newer model adds are added on open, so
additive changes need no hand-written migration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsledger import model
from newsledger.store.codec import columns

SCHEMA_VERSION = 5
# From this version on the search index holds stemmed text (store.fulltext).
STEMMED_SEARCH_VERSION = 3

# Record tables: name -> (record type, extra columns beyond the record's fields).
RECORD_TABLES: dict[str, tuple[type[Any], tuple[tuple[str, str], ...]]] = {
    "documents": (
        model.Document,
        (("seq", "INTEGER"), ("duplicate_of", "TEXT"), ("ingested_at", "TEXT")),
    ),
    "mentions": (model.Mention, ()),
    "figures": (model.Figure, ()),
    "claims": (model.Claim, ()),
    "quotes": (model.Quote, ()),
    "events": (model.Event, ()),
    "entities": (model.Entity, (("mention_count", "INTEGER"), ("doc_count", "INTEGER"))),
    "stories": (model.Story, ()),
    "conflicts": (model.Conflict, ()),
    "failures": (model.Failure, (("at", "TEXT"),)),
}

INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS documents_id ON documents(id)",
    "CREATE INDEX IF NOT EXISTS documents_seq ON documents(seq)",
    "CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id)",
    "CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id)",
    "CREATE INDEX IF NOT EXISTS figures_doc ON figures(doc_id)",
    "CREATE INDEX IF NOT EXISTS claims_doc ON claims(doc_id)",
    "CREATE INDEX IF NOT EXISTS claims_subject ON claims(subject_id)",
    "CREATE INDEX IF NOT EXISTS quotes_doc ON quotes(doc_id)",
    "CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_id)",
    "CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id)",
    "CREATE UNIQUE INDEX IF NOT EXISTS entities_id ON entities(id)",
)

EXTRA_TABLES = (
    # Files already read, so that a resumed run skips them without reading.
    "CREATE TABLE IF NOT EXISTS sources (path TEXT PRIMARY KEY, fingerprint TEXT)",
    "CREATE TABLE IF NOT EXISTS entity_remap (old_id TEXT PRIMARY KEY, new_id TEXT)",
    # Per-document evidence for incremental story clustering, as JSON.
    "CREATE TABLE IF NOT EXISTS story_evidence (doc_id TEXT PRIMARY KEY, data TEXT)",
    "CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT)",
)


def table_columns(table: str) -> list[tuple[str, str]]:
    record, extra = RECORD_TABLES[table]
    return [(c.name, c.sql_type) for c in columns(record)] + list(extra)


def create_table_sql(table: str) -> str:
    cols = ", ".join(f'"{name}" {sql_type}' for name, sql_type in table_columns(table))
    return f"CREATE TABLE IF NOT EXISTS {table} ({cols})"


def _create_v1(execute: Callable[[str], object]) -> None:
    for table in RECORD_TABLES:
        execute(create_table_sql(table))
    for statement in EXTRA_TABLES + INDEXES:
        execute(statement)


def _add_blobs_v2(execute: Callable[[str], object]) -> None:
    # Binary state (the story index as flat arrays); version 1 kept it as one
    # JSON value, hundreds of MB at 100,000 documents.  The old value is
    # dropped: the next resolve rebuilds the index.
    execute("CREATE TABLE IF NOT EXISTS blobs (key TEXT PRIMARY KEY, data BLOB)")
    execute("DELETE FROM state WHERE key = 'story_index'")


def _stemmed_search_v3(execute: Callable[[str], object]) -> None:
    # The search index now holds each document's stems (store.fulltext); the
    # old one, of unstemmed words, is dropped, and the store re-indexes every
    # document after the migration (SQLStore._migrate).
    execute("DROP TABLE IF EXISTS documents_fts")


def _add_conflict_feedback_v4(execute: Callable[[str], object]) -> None:
    # A reader's verdict on a conflict, by the conflict's stable id; its own
    # table, so that re-resolving (which replaces every conflict) keeps it.
    execute(
        "CREATE TABLE IF NOT EXISTS conflict_feedback "
        "(conflict_id TEXT PRIMARY KEY, verdict TEXT, note TEXT, marked_at TEXT)"
    )


# State key set when every document must be resolved again from scratch.
FULL_RESOLVE_STATE = "resolve_full"


def _incremental_resolve_v5(execute: Callable[[str], object]) -> None:
    # Keys computed at ingest (resolve.keys) and what resolve has done with
    # them, so that it handles only documents not yet resolved (`pending`).
    execute(
        "CREATE TABLE IF NOT EXISTS doc_keys (doc_id TEXT PRIMARY KEY, seq INTEGER, "
        "signature BLOB, day TEXT, length INTEGER, site TEXT, lines TEXT, evidence TEXT, "
        "counted INTEGER)"
    )
    execute("CREATE TABLE IF NOT EXISTS pending (doc_id TEXT PRIMARY KEY, seq INTEGER)")
    execute("CREATE INDEX IF NOT EXISTS pending_seq ON pending(seq)")
    # LSH band keys of resolved documents' signatures (resolve.duplicates).
    execute("CREATE TABLE IF NOT EXISTS lsh (band_key INTEGER, seq INTEGER, doc_id TEXT)")
    execute("CREATE INDEX IF NOT EXISTS lsh_key ON lsh(band_key, seq)")
    # Short lines per site (hashes) and in how many originals each was seen.
    execute("CREATE TABLE IF NOT EXISTS furniture_lines (site TEXT, line INTEGER, doc_id TEXT)")
    execute("CREATE INDEX IF NOT EXISTS furniture_lines_key ON furniture_lines(site, line)")
    execute(
        "CREATE TABLE IF NOT EXISTS furniture_counts "
        "(site TEXT, line INTEGER, n INTEGER, PRIMARY KEY (site, line))"
    )
    # Lookups by key of the incremental stages and of paged listings.
    execute("CREATE INDEX IF NOT EXISTS claims_key ON claims(subject_id, attribute)")
    execute("CREATE INDEX IF NOT EXISTS conflicts_key ON conflicts(subject_id, attribute)")
    execute("CREATE INDEX IF NOT EXISTS stories_id ON stories(id)")
    execute("CREATE INDEX IF NOT EXISTS entities_rank ON entities(mention_count, name)")
    execute("CREATE INDEX IF NOT EXISTS documents_duplicate ON documents(duplicate_of)")
    # Documents stored before this version have no keys: the next resolve
    # rebuilds everything (and computes them from the stored extractions).
    execute(
        "INSERT INTO pending(doc_id, seq) SELECT id, seq FROM documents "
        "WHERE id NOT IN (SELECT doc_id FROM pending)"
    )
    execute(
        f"INSERT INTO state(key, value) VALUES ('{FULL_RESOLVE_STATE}', 'true') "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
    )


# MIGRATIONS[i] brings a database from version i to version i + 1.
MIGRATIONS: list[Callable[[Callable[[str], object]], None]] = [
    _create_v1,
    _add_blobs_v2,
    _stemmed_search_v3,
    _add_conflict_feedback_v4,
    _incremental_resolve_v5,
]
