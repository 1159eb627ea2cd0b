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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol, TypeVar

from newsledger.errors import SchemaVersionError, StoreError
from newsledger.model import (
    Boilerplate,
    Claim,
    Conflict,
    Document,
    Entity,
    Event,
    Extraction,
    Failure,
    Figure,
    Mention,
    Quote,
    Story,
)
from newsledger.store.codec import from_row, record_to_dict, row_values, to_row
from newsledger.store.fulltext import Term, snippet
from newsledger.store.schema import (
    MIGRATIONS,
    RECORD_TABLES,
    SCHEMA_VERSION,
    STEMMED_SEARCH_VERSION,
    table_columns,
)

T = TypeVar("T")

# What a reader may say about a conflict: it is one, or it is not.
CONFLICT_VERDICTS = ("confirmed", "rejected")

# Columns of `documents` left out of listings: they can be megabytes per row.
HEAVY_DOCUMENT_COLUMNS = ("text", "raw_text", "paragraphs", "sentences")

# The per-document record tables, named as Extraction's fields.
EXTRACTION_TABLES: dict[str, type[Any]] = {
    "mentions": Mention,
    "figures": Figure,
    "claims": Claim,
    "quotes": Quote,
    "events": Event,
}
# Records per INSERT when a cross-document table is rewritten.
_WRITE_CHUNK = 1000
# Ids per `IN (...)` lookup: far below SQLite's 32,766 bound variables.
_ID_CHUNK = 500


class Row(Protocol):
    """A result row readable by position and by column name (sqlite3.Row-like)."""

    def __getitem__(self, key: int | str, /) -> Any: ...

    def keys(self) -> Any: ...


class Cursor(Protocol):
    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class SQLStore:
    """The ledger's records in a SQL database; subclasses bind a backend."""

    location: str

    # -- backend hooks ------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        """Run one statement (``?`` placeholders) and return its cursor."""
        raise NotImplementedError

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
        """The rows of a large result, fetched a few at a time."""
        yield from self.execute(sql, params)

    def _write(self) -> AbstractContextManager[None]:
        """A write transaction that excludes other writers until it ends."""
        raise NotImplementedError

    def _schema_version(self) -> int:
        raise NotImplementedError

    def _set_schema_version(self, version: int) -> None:
        raise NotImplementedError

    def _present_columns(self, table: str) -> set[str]:
        raise NotImplementedError

    def _create_search_index(self) -> None:
        raise NotImplementedError

    def _index_for_search(self, doc: Document) -> None:
        raise NotImplementedError

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str, str]]:
        """Full-text search: (doc id, title, snippet) best first."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def _hits(self, ids: Sequence[str], terms: list[Term]) -> list[tuple[str, str, str]]:
        """(doc id, title, snippet) for the ids a search found, in their order."""
        found: dict[str, tuple[str, str, str]] = {}
        for start in range(0, len(ids), _ID_CHUNK):
            chunk = ids[start : start + _ID_CHUNK]
            marks = ", ".join("?" * len(chunk))
            for row in self.execute(
                f"SELECT id, title, text, language FROM documents WHERE id IN ({marks})", chunk
            ):
                found[row[0]] = (row[0], row[1] or "", snippet(row[2] or "", terms, row[3]))
        return [found[i] for i in ids if i in found]

    # Set inside `transaction()`: each store call's own `_write` joins it.
    _in_transaction = False

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction around several store calls: all kept, or none."""
        if self._in_transaction:
            yield
            return
        with self._write():
            self._in_transaction = True
            try:
                yield
            finally:
                self._in_transaction = False

    # The LIMIT value that means "no limit".
    _no_limit: int | None = -1

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

    # -- reading ------------------------------------------------------------

    def _select(self, cls: type[T], sql: str, params: Sequence[Any] = ()) -> list[T]:
        return [from_row(cls, row) for row in self.execute(sql, params)]

    def count(self, table: str) -> int:
        if table not in RECORD_TABLES:
            raise StoreError(self.location, f"no table {table!r}")
        return int(self.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def count_documents(
        self,
        *,
        language: str | None = None,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> int:
        """How many documents ``documents(...)`` would list with these filters."""
        where, params = where_clause(
            language=language, source_like=source, published_from=since, published_to=until
        )
        return int(self.execute(f"SELECT COUNT(*) FROM documents{where}", params).fetchone()[0])

    def documents(
        self,
        *,
        language: str | None = None,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        full: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Document]:
        """Documents in ingest order, optionally filtered; text only when ``full``."""
        wanted = [
            name
            for name, _ in table_columns("documents")
            if full or name not in HEAVY_DOCUMENT_COLUMNS
        ]
        where, params = where_clause(
            language=language, source_like=source, published_from=since, published_to=until
        )
        sql = (
            f"SELECT {', '.join(f'{chr(34)}{n}{chr(34)}' for n in wanted)} FROM documents"
            f"{where} ORDER BY seq LIMIT ? OFFSET ?"
        )
        rows = self.execute(sql, (*params, self._no_limit if limit is None else limit, offset))
        return [from_row(Document, {"text": "", **{k: row[k] for k in row.keys()}}) for row in rows]  # noqa: SIM118 - sqlite3.Row iterates values

    def iter_documents(self, batch: int = 500) -> Iterator[Document]:
        """Every document with its text, streamed in ingest order."""
        last = 0
        while True:
            rows = self.execute(
                "SELECT * FROM documents WHERE seq > ? ORDER BY seq LIMIT ?", (last, batch)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield from_row(Document, row)
            last = int(rows[-1]["seq"])

    def document(self, ref: str) -> Document | None:
        """A document by id, id prefix (at least 6 characters) or source path."""
        # The exact id first, on its own: "id = ? OR source = ?" cannot use the
        # primary key and scanned every document per call (most callers pass ids).
        row = self.execute("SELECT * FROM documents WHERE id = ?", (ref,)).fetchone()
        if row is None:
            row = self.execute("SELECT * FROM documents WHERE source = ?", (ref,)).fetchone()
        if row is None:
            row = self._unique_id_prefix(ref)
        literal = like_literal(ref)
        for pattern in ("%" + literal, "%/" + literal + "%"):
            if row is not None:
                break
            rows = self.execute(
                f"SELECT * FROM documents WHERE source LIKE ? {LIKE_ESCAPE} ORDER BY seq LIMIT 2",
                (pattern,),
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return None if row is None else from_row(Document, row)

    def find_document(self, ref: str, sources: Sequence[str] = ()) -> Document | None:
        """A document by exact id, unique id prefix (6+ characters) or exact source.

        Stricter than ``document``: no source is matched by its ending, so a
        short reference such as ``1`` never finds an unrelated document.
        ``sources`` are further exact sources to try (a path as shown
        relative to what was ingested, resolved by the caller).
        """
        wanted = [ref, *sources]
        marks = ", ".join("?" for _ in wanted)
        row = self.execute(
            f"SELECT * FROM documents WHERE id = ? OR source IN ({marks}) ORDER BY seq LIMIT 1",
            (ref, *wanted),
        ).fetchone()
        if row is None:
            row = self._unique_id_prefix(ref)
        return None if row is None else from_row(Document, row)

    def _unique_id_prefix(self, ref: str) -> Any:
        if len(ref) < MIN_ID_PREFIX:
            return None
        rows = self.execute(
            f"SELECT * FROM documents WHERE id LIKE ? {LIKE_ESCAPE} LIMIT 2",
            (like_literal(ref) + "%",),
        ).fetchall()
        return rows[0] if len(rows) == 1 else None

    def source_range(self, exclude_prefixes: Sequence[str] = ()) -> tuple[str | None, str | None]:
        """The smallest and largest document source, leaving out some prefixes."""
        where = " AND ".join(f"source NOT LIKE ? {LIKE_ESCAPE}" for _ in exclude_prefixes)
        row = self.execute(
            "SELECT MIN(source), MAX(source) FROM documents" + (f" WHERE {where}" if where else ""),
            [like_literal(p) + "%" for p in exclude_prefixes],
        ).fetchone()
        return (None, None) if row is None else (row[0], row[1])

    def duplicates(self) -> dict[str, str]:
        rows = self.execute("SELECT id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL")
        return {row[0]: row[1] for row in rows}

    # Record listings end with the insertion order (`rowid`) so that ties
    # come back in the same order from every backend.

    def mentions(self, *, doc_id: str | None = None, entity_id: str | None = None) -> list[Mention]:
        where, params = where_clause(doc_id=doc_id, entity_id=entity_id)
        return self._select(
            Mention, f"SELECT * FROM mentions{where} ORDER BY doc_id, start, rowid", params
        )

    def figures(self, *, doc_id: str | None = None) -> list[Figure]:
        where, params = where_clause(doc_id=doc_id)
        return self._select(
            Figure, f"SELECT * FROM figures{where} ORDER BY doc_id, start, rowid", params
        )

    def claims(self, *, doc_id: str | None = None, subject_id: str | None = None) -> list[Claim]:
        where, params = where_clause(doc_id=doc_id, subject_id=subject_id)
        return self._select(
            Claim, f"SELECT * FROM claims{where} ORDER BY doc_id, start, rowid", params
        )

    def quotes(self, *, doc_id: str | None = None, speaker_id: str | None = None) -> list[Quote]:
        where, params = where_clause(doc_id=doc_id, speaker_id=speaker_id)
        return self._select(
            Quote, f"SELECT * FROM quotes{where} ORDER BY doc_id, start, rowid", params
        )

    def events(self, *, doc_id: str | None = None, type: str | None = None) -> list[Event]:
        where, params = where_clause(doc_id=doc_id, type=type)
        return self._select(
            Event, f"SELECT * FROM events{where} ORDER BY doc_id, start, rowid", params
        )

    def extractions_of(self, docs: Sequence[Document]) -> list[Extraction]:
        """The stored extraction of each of ``docs``, with a few queries per 500 documents."""
        records: dict[str, dict[str, list[Any]]] = {doc.id: {} for doc in docs}
        ids = list(records)
        for table, cls in EXTRACTION_TABLES.items():
            for start in range(0, len(ids), _ID_CHUNK):
                chunk = ids[start : start + _ID_CHUNK]
                marks = ", ".join("?" for _ in chunk)
                rows = self.execute(
                    f"SELECT * FROM {table} WHERE doc_id IN ({marks}) "
                    "ORDER BY doc_id, start, rowid",
                    chunk,
                )
                for row in rows:
                    record = from_row(cls, row)
                    records[record.doc_id].setdefault(table, []).append(record)
        return [
            Extraction(
                document=doc,
                **{table: tuple(records[doc.id].get(table, ())) for table in EXTRACTION_TABLES},
            )
            for doc in docs
        ]

    def iter_mentions(self) -> Iterator[Mention]:
        """Every mention, streamed from the database cursor."""
        for row in self.stream("SELECT * FROM mentions"):
            yield from_row(Mention, row)

    def iter_claim_groups(self) -> Iterator[list[Claim]]:
        """Claims grouped by key (subject id, attribute), one group at a time."""
        group: list[Claim] = []
        rows = self.stream("SELECT * FROM claims ORDER BY subject_id, attribute, rowid")
        for row in rows:
            claim = from_row(Claim, row)
            if group and group[-1].key != claim.key:
                yield group
                group = []
            group.append(claim)
        if group:
            yield group

    def page(
        self,
        table: str,
        /,
        *,
        limit: int,
        offset: int = 0,
        published_from: str | None = None,
        published_to: str | None = None,
        **filters: Any,
    ) -> tuple[int, list[Any]]:
        """One page of a per-document record table and the total, filtered in SQL.

        ``table`` is mentions, figures, claims, quotes or events; ``filters``
        compare columns for equality; the published range applies to the
        record's document.  Nothing beyond the page is read into memory.
        """
        if table not in PAGED_TABLES:
            raise StoreError(self.location, f"cannot page {table!r}; choose one of {PAGED_TABLES}")
        record, _ = RECORD_TABLES[table]
        where, params = where_clause(**filters)
        if published_from is not None or published_to is not None:
            inner, inner_params = where_clause(
                published_from=published_from, published_to=published_to
            )
            where += (" AND " if where else " WHERE ") + (
                f"doc_id IN (SELECT id FROM documents{inner})"
            )
            params += inner_params
        total = int(self.execute(f"SELECT COUNT(*) FROM {table}{where}", params).fetchone()[0])
        items = self._select(
            record,
            f"SELECT * FROM {table}{where} ORDER BY doc_id, start, rowid LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return total, items

    def entities(self, *, type: str | None = None) -> list[tuple[Entity, int, int]]:
        """Entities with their mention and document counts, most mentioned first."""
        where, params = where_clause(type=type)
        rows = self.execute(
            f"SELECT * FROM entities{where} ORDER BY mention_count DESC, name, rowid", params
        ).fetchall()
        return [(from_row(Entity, r), r["mention_count"] or 0, r["doc_count"] or 0) for r in rows]

    def entity(self, ref: str) -> Entity | None:
        """An entity by id, or by name or alias (case-insensitive)."""
        row = self.execute(
            "SELECT * FROM entities WHERE id = ? OR lower(name) = lower(?) "
            "ORDER BY mention_count DESC LIMIT 1",
            (ref, ref),
        ).fetchone()
        if row is None:
            row = self.execute(
                "SELECT e.* FROM entities e JOIN mentions m ON m.entity_id = e.id "
                "WHERE lower(m.text) = lower(?) ORDER BY e.mention_count DESC LIMIT 1",
                (ref,),
            ).fetchone()
        return None if row is None else from_row(Entity, row)

    def stories(self) -> list[Story]:
        return self._select(Story, "SELECT * FROM stories ORDER BY id")

    def conflicts(self) -> list[Conflict]:
        return self._select(Conflict, "SELECT * FROM conflicts ORDER BY subject, attribute, rowid")

    def failures(self) -> list[Failure]:
        return self._select(Failure, "SELECT path, stage, reason FROM failures ORDER BY rowid")

    def boilerplate(self, *, doc_id: str | None = None) -> list[Boilerplate]:
        where, params = where_clause(id=doc_id)
        rows = self.execute(f"SELECT boilerplate FROM documents{where} ORDER BY seq", params)
        found: list[Boilerplate] = []
        for row in rows:
            for item in json.loads(row[0] or "[]"):
                found.append(Boilerplate(**item))
        return found

    def story_evidence(self) -> dict[str, Any]:
        return {
            row[0]: json.loads(row[1])
            for row in self.execute("SELECT doc_id, data FROM story_evidence")
        }

    def put_story_evidence(self, evidence: Mapping[str, Any]) -> None:
        if not evidence:
            return
        self.executemany(
            "INSERT INTO story_evidence(doc_id, data) VALUES (?, ?) "
            "ON CONFLICT(doc_id) DO UPDATE SET data = excluded.data",
            [(doc, json.dumps(data)) for doc, data in evidence.items()],
        )


# Shortest id prefix that finds a document: shorter ones match by chance.
MIN_ID_PREFIX = 6
# LIKE patterns built from user text escape their wildcards with a backslash;
# SQLite has no default escape character, PostgreSQL's is the same one.
LIKE_ESCAPE = "ESCAPE '\\'"


def like_literal(value: str) -> str:
    """``value`` for a LIKE pattern, its ``%``, ``_`` and ``\\`` matching themselves."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def printable(query: str) -> str:
    """``query`` with control characters as spaces: no search syntax accepts them."""
    return "".join(ch if ch.isprintable() else " " for ch in query)


PAGED_TABLES = ("mentions", "figures", "claims", "quotes", "events")


def where_clause(**filters: Any) -> tuple[str, list[Any]]:
    """A WHERE clause (``?`` placeholders) for the filters that are not None."""
    clauses: list[str] = []
    params: list[Any] = []
    for name, value in filters.items():
        if value is None:
            continue
        if name == "source_like":
            clauses.append(f"source LIKE ? {LIKE_ESCAPE}")
            params.append(f"%{like_literal(value)}%")
        elif name == "published_from":
            clauses.append("published >= ?")
            params.append(value)
        elif name == "published_to":
            clauses.append("published <= ?")
            params.append(value)
        else:
            clauses.append(f'"{name}" = ?')
            params.append(value)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params
