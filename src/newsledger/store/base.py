"""What every ledger store shares: the SQL, written once for SQLite and PostgreSQL.

A backend subclass supplies the connection and the few things the two
databases spell differently (schema version, column listing, transactions,
full-text search); every read and write of the records lives here, so the
two stores cannot drift apart.  SQL is written with ``?`` placeholders; a
backend that uses another style translates them in ``execute``.

Writes happen in batches, one transaction each: a run killed at any moment
leaves the ledger consistent, holding every batch committed before the kill,
and the next run skips what is already there.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from newsledger.errors import SchemaVersionError, StoreError
from newsledger.model import Boilerplate, Entity, Extraction, Failure
from newsledger.store.codec import record_to_dict, row_values, to_row
from newsledger.store.reads import ReadViews
from newsledger.store.schema import (
    MIGRATIONS,
    RECORD_TABLES,
    SCHEMA_VERSION,
    STEMMED_SEARCH_VERSION,
    table_columns,
)

# Re-exported: backends and callers import these from here.
from newsledger.store.sql import (
    _ID_CHUNK,
    _WRITE_CHUNK,
    CONFLICT_VERDICTS,
    EXTRACTION_TABLES,
    HEAVY_DOCUMENT_COLUMNS,
    LIKE_ESCAPE,
    MIN_ID_PREFIX,
    PAGED_TABLES,
    Cursor,
    Row,
    T,
    like_literal,
    printable,
    where_clause,
)

__all__ = [
    "CONFLICT_VERDICTS",
    "EXTRACTION_TABLES",
    "HEAVY_DOCUMENT_COLUMNS",
    "LIKE_ESCAPE",
    "MIN_ID_PREFIX",
    "PAGED_TABLES",
    "_ID_CHUNK",
    "Cursor",
    "Row",
    "SQLStore",
    "like_literal",
    "printable",
    "where_clause",
]


class SQLStore(ReadViews):
    """The ledger's records in a SQL database; subclasses bind a backend."""

    # -- schema -------------------------------------------------------------

    def _migrate(self) -> None:
        version = self._schema_version()
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                self.location,
                f"database schema version {version} is newer than this newsledger "
                f"({SCHEMA_VERSION}); upgrade newsledger",
            )
        if version < SCHEMA_VERSION:
            with self._write():
                for step in MIGRATIONS[version:]:
                    step(self._ddl)
                self._create_search_index()
                if 0 < version < STEMMED_SEARCH_VERSION:
                    # Columns first, so that every document reads back; in
                    # the same transaction, so a killed upgrade leaves the
                    # old version to upgrade again.
                    self._add_missing_columns()
                    for doc in self.iter_documents():
                        self._index_for_search(doc)
                self._set_schema_version(SCHEMA_VERSION)
        self._add_missing_columns()

    def _ddl(self, sql: str) -> object:
        return self.execute(sql)

    def _add_missing_columns(self) -> None:
        for table in RECORD_TABLES:
            present = self._present_columns(table)
            for name, sql_type in table_columns(table):
                if name not in present:
                    self._ddl(f'ALTER TABLE {table} ADD COLUMN "{name}" {sql_type}')

    # -- lifecycle ----------------------------------------------------------

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------

    def source_seen(self, path: str, fingerprint: str) -> bool:
        row = self.execute("SELECT fingerprint FROM sources WHERE path = ?", (path,)).fetchone()
        return row is not None and row[0] == fingerprint

    def has_document(self, doc_id: str) -> bool:
        row = self.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None

    def _existing_ids(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ids), _ID_CHUNK):
            chunk = ids[start : start + _ID_CHUNK]
            marks = ", ".join("?" for _ in chunk)
            rows = self.execute(f"SELECT id FROM documents WHERE id IN ({marks})", chunk)
            found.update(row[0] for row in rows)
        return found

    def write_batch(
        self,
        extractions: Sequence[Extraction],
        failures: Sequence[Failure] = (),
        sources: Sequence[tuple[str, str]] = (),
        keys: Mapping[str, Any] | None = None,
    ) -> int:
        """Store a batch in one transaction; return how many documents were new.

        New documents are pending until resolve has handled them; ``keys``
        (``resolve.keys.DocumentKeys`` by document id) are stored with them.
        """
        added = 0
        new_docs: list[tuple[str, int]] = []
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._write():
            seq = int(self.execute("SELECT COALESCE(MAX(seq), 0) FROM documents").fetchone()[0])
            # One lookup for the batch instead of one per document; `seen`
            # also drops a document repeated inside the batch.
            seen = self._existing_ids([e.document.id for e in extractions])
            records: dict[str, list[Any]] = {table: [] for table in EXTRACTION_TABLES}
            for extraction in extractions:
                doc = extraction.document
                if doc.id in seen:
                    continue
                seen.add(doc.id)
                seq += 1
                added += 1
                self._insert(
                    "documents", doc, {"seq": seq, "duplicate_of": None, "ingested_at": now}
                )
                self._index_for_search(doc)
                new_docs.append((doc.id, seq))
                for table, table_records in records.items():
                    table_records.extend(getattr(extraction, table))
            # One statement per table for the whole batch.
            for table, table_records in records.items():
                self._insert_many(table, table_records)
            self._add_pending(new_docs, keys or {})
            for failure in failures:
                self._insert("failures", failure, {"at": now})
            if sources:
                self.executemany(
                    "INSERT INTO sources(path, fingerprint) VALUES (?, ?) "
                    "ON CONFLICT(path) DO UPDATE SET fingerprint = excluded.fingerprint",
                    sources,
                )
        return added

    def _add_pending(self, docs: Sequence[tuple[str, int]], keys: Mapping[str, Any]) -> None:
        """Record new documents (id, seq) as not yet resolved (see store.keyed)."""

    def _insert(self, table: str, record: Any, extra: Mapping[str, Any] | None = None) -> None:
        row = to_row(record)
        if extra:
            row.update(extra)
        names = ", ".join(f'"{k}"' for k in row)
        marks = ", ".join("?" for _ in row)
        self.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values()))

    def _insert_many(self, table: str, records: Sequence[Any]) -> None:
        """Insert records of one type (the table's) in one statement."""
        if not records:
            return
        names, values = row_values(type(records[0]))
        quoted = ", ".join(f'"{name}"' for name in names)
        marks = ", ".join("?" for _ in names)
        self.executemany(
            f"INSERT INTO {table} ({quoted}) VALUES ({marks})", [values(r) for r in records]
        )

    def replace_entities(self, entities: Sequence[Entity], remap: Mapping[str, str]) -> None:
        """Store resolved entities, and point merged ids at the kept one everywhere."""
        names = {e.id: e.name for e in entities}
        with self._write():
            for old, new in remap.items():
                if old == new:
                    continue
                name = names.get(new)
                self.execute(
                    "UPDATE mentions SET entity_id = ?, name = COALESCE(?, name) "
                    "WHERE entity_id = ?",
                    (new, name, old),
                )
                self.execute(
                    "UPDATE claims SET subject_id = ?, subject = COALESCE(?, subject) "
                    "WHERE subject_id = ?",
                    (new, name, old),
                )
                self.execute(
                    "UPDATE quotes SET speaker_id = ?, speaker = COALESCE(?, speaker) "
                    "WHERE speaker_id = ?",
                    (new, name, old),
                )
                self.execute(
                    "INSERT INTO entity_remap(old_id, new_id) VALUES (?, ?) "
                    "ON CONFLICT(old_id) DO UPDATE SET new_id = excluded.new_id",
                    (old, new),
                )
            self.execute("DELETE FROM entities")
            counts = {
                row[0]: (row[1], row[2])
                for row in self.execute(
                    "SELECT entity_id, COUNT(*), COUNT(DISTINCT doc_id) FROM mentions "
                    "GROUP BY entity_id"
                )
            }
            for entity in entities:
                mention_count, doc_count = counts.get(entity.id, (0, 0))
                self._insert(
                    "entities",
                    entity,
                    {"mention_count": mention_count, "doc_count": doc_count},
                )

    def set_duplicates(self, copy_of: Mapping[str, str]) -> None:
        with self._write():
            self.execute("UPDATE documents SET duplicate_of = NULL")
            if copy_of:
                self.executemany(
                    "UPDATE documents SET duplicate_of = ? WHERE id = ?",
                    [(original, doc) for doc, original in copy_of.items()],
                )

    def mark_conflict(self, conflict_id: str, verdict: str, note: str | None = None) -> None:
        """Keep a reader's verdict on a conflict ("confirmed" or "rejected")."""
        if verdict not in CONFLICT_VERDICTS:
            choices = ", ".join(CONFLICT_VERDICTS)
            raise ValueError(f"unknown verdict {verdict!r}: choose one of {choices}")
        marked_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._write():
            self.execute(
                "INSERT INTO conflict_feedback(conflict_id, verdict, note, marked_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(conflict_id) DO UPDATE SET "
                "verdict = excluded.verdict, note = excluded.note, marked_at = excluded.marked_at",
                (conflict_id, verdict, note, marked_at),
            )

    def conflict_marks(self) -> dict[str, tuple[str, str | None, str]]:
        """Verdicts by conflict id: (verdict, note, when marked)."""
        rows = self.execute(
            "SELECT conflict_id, verdict, note, marked_at FROM conflict_feedback "
            "ORDER BY conflict_id"
        )
        return {row[0]: (row[1], row[2], row[3]) for row in rows}

    def mark_boilerplate(
        self, doc_id: str, lines: Sequence[tuple[int, int, str]], reason: str
    ) -> None:
        """Mark lines of a stored document's text as boilerplate found later.

        The lines stay in the text (so every span stays valid) and are listed
        with the document's boilerplate; facts found inside them are dropped.
        """
        row = self.execute(
            "SELECT boilerplate, raw_text FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None or not lines:
            return
        known = json.loads(row[0] or "[]")
        seen = {item["text"] for item in known}
        raw_text = row[1] or ""
        for _start, _end, text in lines:
            if text not in seen:
                # Boilerplate offsets point into the text before cleaning.
                at = max(raw_text.find(text), 0)
                known.append(record_to_dict(Boilerplate(doc_id, at, at + len(text), text, reason)))
                seen.add(text)
        with self._write():
            self.execute(
                "UPDATE documents SET boilerplate = ? WHERE id = ?",
                (json.dumps(known, ensure_ascii=False), doc_id),
            )
            for table in PAGED_TABLES:
                for start, end, _text in lines:
                    self.execute(
                        f'DELETE FROM {table} WHERE doc_id = ? AND start >= ? AND "end" <= ?',
                        (doc_id, start, end),
                    )

    def replace_all(self, table: str, records: Iterable[Any]) -> None:
        """Replace every row of a cross-document table (conflicts, stories).

        ``records`` may be a generator: it is written in chunks, never held.
        """
        if table not in RECORD_TABLES:
            raise StoreError(self.location, f"no table {table!r}")
        with self._write():
            self.execute(f"DELETE FROM {table}")
            chunk: list[Any] = []
            for record in records:
                chunk.append(record)
                if len(chunk) >= _WRITE_CHUNK:
                    self._insert_many(table, chunk)
                    chunk.clear()
            self._insert_many(table, chunk)

    def put_state(self, key: str, value: Any) -> None:
        self.execute(
            "INSERT INTO state(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )

    def get_state(self, key: str, default: Any = None) -> Any:
        row = self.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def put_blob(self, key: str, data: bytes) -> None:
        """Keep binary state (e.g. the story index) under ``key``."""
        self.execute(
            "INSERT INTO blobs(key, data) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET data = excluded.data",
            (key, data),
        )

    def get_blob(self, key: str) -> bytes | None:
        row = self.execute("SELECT data FROM blobs WHERE key = ?", (key,)).fetchone()
        return None if row is None else bytes(row[0])
