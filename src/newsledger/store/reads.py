"""The ledger's read views: documents, records, entities, stories, conflicts.

Shared by SQLite and PostgreSQL like every query of ``store.base``; each
listing pages and filters in SQL where it can.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from newsledger.errors import StoreError
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
from newsledger.store.codec import from_row
from newsledger.store.schema import RECORD_TABLES, table_columns
from newsledger.store.sql import (
    _ID_CHUNK,
    EXTRACTION_TABLES,
    HEAVY_DOCUMENT_COLUMNS,
    LIKE_ESCAPE,
    MIN_ID_PREFIX,
    PAGED_TABLES,
    SQLBackend,
    like_literal,
    where_clause,
)


class ReadViews(SQLBackend):
    """Every read of the records, in SQL both backends accept."""

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

    def outlet_rows_after(self, seq: int) -> list[tuple[int, str, str | None, str | None, str]]:
        """(seq, language, site, url, source) of the documents stored after ``seq``.

        These columns never change once a document is stored, so a count
        over them is kept up to date from the new rows alone.
        """
        rows = self.execute(
            "SELECT seq, language, site, url, source FROM documents WHERE seq > ? ORDER BY seq",
            (seq,),
        )
        return [(int(row[0]), row[1], row[2], row[3], row[4]) for row in rows]

    def duplicates(self) -> dict[str, str]:
        # A range, not "IS NOT NULL": SQLite's planner takes the index
        # (documents_duplicate) for a range and scanned every document for
        # IS NOT NULL (16 ms at 10,000 documents, on every documents page).
        rows = self.execute("SELECT id, duplicate_of FROM documents WHERE duplicate_of >= ''")
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
