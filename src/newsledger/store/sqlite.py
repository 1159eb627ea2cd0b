"""The ledger in one SQLite file: WAL mode, versioned schema, FTS5 search.

Writes happen in batches, one transaction each: a run killed at any moment
leaves the file consistent, holding every batch committed before the kill,
and the next run skips what is already there.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

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
from newsledger.store.codec import from_row, to_row
from newsledger.store.schema import (
    MIGRATIONS,
    RECORD_TABLES,
    SCHEMA_VERSION,
    table_columns,
)

T = TypeVar("T")

# Columns of `documents` left out of listings: they can be megabytes per row.
_HEAVY_DOCUMENT_COLUMNS = ("text", "raw_text", "paragraphs", "sentences")


class SQLiteStore:
    """A ledger stored in a SQLite file."""

    placeholder = "?"

    def __init__(self, path: str | Path) -> None:
        self.location = str(path)
        try:
            if self.location != ":memory:":
                Path(self.location).parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.location, isolation_level=None, timeout=30)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(self.location, f"cannot open database: {exc}") from None
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(
                self.location, f"not a newsledger database ({exc}); choose another --db"
            ) from None

    # -- schema -----------------------------------------------------------

    def _migrate(self) -> None:
        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                self.location,
                f"database schema version {version} is newer than this newsledger "
                f"({SCHEMA_VERSION}); upgrade newsledger",
            )
        if version < SCHEMA_VERSION:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for step in MIGRATIONS[version:]:
                    step(self.conn.execute)
                self._create_search_index()
                self.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        self._add_missing_columns()

    def _create_search_index(self) -> None:
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
            "doc_id UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2')"
        )

    def _add_missing_columns(self) -> None:
        for table in RECORD_TABLES:
            present = {row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")}
            for name, sql_type in table_columns(table):
                if name not in present:
                    self.conn.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {sql_type}')

    # -- lifecycle --------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------

    def source_seen(self, path: str, fingerprint: str) -> bool:
        row = self.conn.execute(
            "SELECT fingerprint FROM sources WHERE path = ?", (path,)
        ).fetchone()
        return row is not None and row[0] == fingerprint

    def has_document(self, doc_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None

    def write_batch(
        self,
        extractions: Sequence[Extraction],
        failures: Sequence[Failure] = (),
        sources: Sequence[tuple[str, str]] = (),
    ) -> int:
        """Store a batch in one transaction; return how many documents were new."""
        added = 0
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            seq = int(self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM documents").fetchone()[0])
            for extraction in extractions:
                doc = extraction.document
                if self.has_document(doc.id):
                    continue
                seq += 1
                added += 1
                self._insert(
                    "documents", doc, {"seq": seq, "duplicate_of": None, "ingested_at": now}
                )
                self.conn.execute(
                    "INSERT INTO documents_fts(doc_id, title, text) VALUES (?, ?, ?)",
                    (doc.id, doc.title or "", doc.text),
                )
                self._insert_many("mentions", extraction.mentions)
                self._insert_many("figures", extraction.figures)
                self._insert_many("claims", extraction.claims)
                self._insert_many("quotes", extraction.quotes)
                self._insert_many("events", extraction.events)
            for failure in failures:
                self._insert("failures", failure, {"at": now})
            self.conn.executemany(
                "INSERT INTO sources(path, fingerprint) VALUES (?, ?) "
                "ON CONFLICT(path) DO UPDATE SET fingerprint = excluded.fingerprint",
                sources,
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return added

    def _insert(self, table: str, record: Any, extra: Mapping[str, Any] | None = None) -> None:
        row = to_row(record)
        if extra:
            row.update(extra)
        names = ", ".join(f'"{k}"' for k in row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values()))

    def _insert_many(self, table: str, records: Iterable[Any]) -> None:
        rows = [to_row(r) for r in records]
        if not rows:
            return
        names = ", ".join(f'"{k}"' for k in rows[0])
        marks = ", ".join("?" for _ in rows[0])
        self.conn.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})",
            [tuple(r.values()) for r in rows],
        )

    def replace_entities(self, entities: Sequence[Entity], remap: Mapping[str, str]) -> None:
        """Store resolved entities, and point merged ids at the kept one everywhere."""
        names = {e.id: e.name for e in entities}
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for old, new in remap.items():
                if old == new:
                    continue
                name = names.get(new)
                self.conn.execute(
                    "UPDATE mentions SET entity_id = ?, name = COALESCE(?, name) "
                    "WHERE entity_id = ?",
                    (new, name, old),
                )
                self.conn.execute(
                    "UPDATE claims SET subject_id = ?, subject = COALESCE(?, subject) "
                    "WHERE subject_id = ?",
                    (new, name, old),
                )
                self.conn.execute(
                    "UPDATE quotes SET speaker_id = ?, speaker = COALESCE(?, speaker) "
                    "WHERE speaker_id = ?",
                    (new, name, old),
                )
                self.conn.execute(
                    "INSERT INTO entity_remap(old_id, new_id) VALUES (?, ?) "
                    "ON CONFLICT(old_id) DO UPDATE SET new_id = excluded.new_id",
                    (old, new),
                )
            self.conn.execute("DELETE FROM entities")
            counts = {
                row[0]: (row[1], row[2])
                for row in self.conn.execute(
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
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def set_duplicates(self, copy_of: Mapping[str, str]) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute("UPDATE documents SET duplicate_of = NULL")
            self.conn.executemany(
                "UPDATE documents SET duplicate_of = ? WHERE id = ?",
                [(original, doc) for doc, original in copy_of.items()],
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def replace_all(self, table: str, records: Sequence[Any]) -> None:
        """Replace every row of a cross-document table (conflicts, stories)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute(f"DELETE FROM {table}")
            self._insert_many(table, records)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def put_state(self, key: str, value: Any) -> None:
        self.conn.execute(
            "INSERT INTO state(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )

    def get_state(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    # -- reading ----------------------------------------------------------

    def _select(self, cls: type[T], sql: str, params: Sequence[Any] = ()) -> list[T]:
        return [from_row(cls, row) for row in self.conn.execute(sql, params)]

    def count(self, table: str) -> int:
        if table not in RECORD_TABLES:
            raise StoreError(self.location, f"no table {table!r}")
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

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
            if full or name not in _HEAVY_DOCUMENT_COLUMNS
        ]
        where, params = _where(
            language=language, source_like=source, published_from=since, published_to=until
        )
        sql = (
            f"SELECT {', '.join(f'{chr(34)}{n}{chr(34)}' for n in wanted)} FROM documents"
            f"{where} ORDER BY seq LIMIT ? OFFSET ?"
        )
        rows = self.conn.execute(sql, (*params, -1 if limit is None else limit, offset))
        return [
            from_row(Document, {"text": "", **{k: row[k] for k in row.keys()}}) for row in rows
        ]

    def iter_documents(self, batch: int = 500) -> Iterator[Document]:
        """Every document with its text, streamed in ingest order."""
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT * FROM documents WHERE seq > ? ORDER BY seq LIMIT ?", (last, batch)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield from_row(Document, row)
            last = int(rows[-1]["seq"])

    def document(self, ref: str) -> Document | None:
        """A document by id, id prefix (at least 6 characters) or source path."""
        row = self.conn.execute(
            "SELECT * FROM documents WHERE id = ? OR source = ?", (ref, ref)
        ).fetchone()
        if row is None and len(ref) >= 6:
            rows = self.conn.execute(
                "SELECT * FROM documents WHERE id LIKE ? LIMIT 2", (ref + "%",)
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        if row is None:
            rows = self.conn.execute(
                "SELECT * FROM documents WHERE source LIKE ? ORDER BY seq LIMIT 2",
                ("%" + ref,),
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return None if row is None else from_row(Document, row)

    def duplicates(self) -> dict[str, str]:
        rows = self.conn.execute(
            "SELECT id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL"
        )
        return {row[0]: row[1] for row in rows}

    def mentions(self, *, doc_id: str | None = None, entity_id: str | None = None) -> list[Mention]:
        where, params = _where(doc_id=doc_id, entity_id=entity_id)
        return self._select(Mention, f"SELECT * FROM mentions{where} ORDER BY doc_id, start", params)

    def figures(self, *, doc_id: str | None = None) -> list[Figure]:
        where, params = _where(doc_id=doc_id)
        return self._select(Figure, f"SELECT * FROM figures{where} ORDER BY doc_id, start", params)

    def claims(self, *, doc_id: str | None = None, subject_id: str | None = None) -> list[Claim]:
        where, params = _where(doc_id=doc_id, subject_id=subject_id)
        return self._select(Claim, f"SELECT * FROM claims{where} ORDER BY doc_id, start", params)

    def quotes(self, *, doc_id: str | None = None, speaker_id: str | None = None) -> list[Quote]:
        where, params = _where(doc_id=doc_id, speaker_id=speaker_id)
        return self._select(Quote, f"SELECT * FROM quotes{where} ORDER BY doc_id, start", params)

    def events(self, *, doc_id: str | None = None, type: str | None = None) -> list[Event]:
        where, params = _where(doc_id=doc_id, type=type)
        return self._select(Event, f"SELECT * FROM events{where} ORDER BY doc_id, start", params)

    def entities(self, *, type: str | None = None) -> list[tuple[Entity, int, int]]:
        """Entities with their mention and document counts, most mentioned first."""
        where, params = _where(type=type)
        rows = self.conn.execute(
            f"SELECT * FROM entities{where} ORDER BY mention_count DESC, name", params
        ).fetchall()
        return [(from_row(Entity, r), r["mention_count"] or 0, r["doc_count"] or 0) for r in rows]

    def entity(self, ref: str) -> Entity | None:
        """An entity by id, or by name or alias (case-insensitive)."""
        row = self.conn.execute(
            "SELECT * FROM entities WHERE id = ? OR lower(name) = lower(?) "
            "ORDER BY mention_count DESC LIMIT 1",
            (ref, ref),
        ).fetchone()
        if row is None:
            row = self.conn.execute(
                "SELECT e.* FROM entities e JOIN mentions m ON m.entity_id = e.id "
                "WHERE lower(m.text) = lower(?) ORDER BY e.mention_count DESC LIMIT 1",
                (ref,),
            ).fetchone()
        return None if row is None else from_row(Entity, row)

    def stories(self) -> list[Story]:
        return self._select(Story, "SELECT * FROM stories ORDER BY id")

    def conflicts(self) -> list[Conflict]:
        return self._select(Conflict, "SELECT * FROM conflicts ORDER BY subject, attribute")

    def failures(self) -> list[Failure]:
        return self._select(Failure, "SELECT path, stage, reason FROM failures ORDER BY rowid")

    def boilerplate(self, *, doc_id: str | None = None) -> list[Boilerplate]:
        where, params = _where(id=doc_id)
        rows = self.conn.execute(f"SELECT boilerplate FROM documents{where} ORDER BY seq", params)
        found: list[Boilerplate] = []
        for row in rows:
            for item in json.loads(row[0] or "[]"):
                found.append(Boilerplate(**item))
        return found

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str, str]]:
        """Full-text search: (doc id, title, snippet) best first.

        The query uses FTS5 syntax; if it is not valid FTS5, its words are
        searched as plain terms instead.
        """
        sql = (
            "SELECT doc_id, title, snippet(documents_fts, 2, '[', ']', '…', 12) "
            "FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?"
        )
        try:
            rows = self.conn.execute(sql, (query, limit)).fetchall()
        except sqlite3.OperationalError:
            terms = " ".join('"' + w.replace('"', "") + '"' for w in query.split())
            if not terms:
                return []
            rows = self.conn.execute(sql, (terms, limit)).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def story_evidence(self) -> dict[str, Any]:
        return {
            row[0]: json.loads(row[1])
            for row in self.conn.execute("SELECT doc_id, data FROM story_evidence")
        }

    def put_story_evidence(self, evidence: Mapping[str, Any]) -> None:
        self.conn.executemany(
            "INSERT INTO story_evidence(doc_id, data) VALUES (?, ?) "
            "ON CONFLICT(doc_id) DO UPDATE SET data = excluded.data",
            [(doc, json.dumps(data)) for doc, data in evidence.items()],
        )


def _where(**filters: Any) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for name, value in filters.items():
        if value is None:
            continue
        if name == "source_like":
            clauses.append("source LIKE ?")
            params.append(f"%{value}%")
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
