"""The ledger in one SQLite file: WAL mode, versioned schema, FTS5 search.

The records' SQL is shared with PostgreSQL in ``store.base``; this module
binds it to a SQLite connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsledger.errors import StoreError
from newsledger.model import Document
from newsledger.store.base import Cursor, printable
from newsledger.store.fulltext import fts5_query, index_text, parse_query, query_languages
from newsledger.store.keyed import KeyedStore


class SQLiteStore(KeyedStore):
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

    # -- backend hooks --------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    @contextmanager
    def _write(self) -> Iterator[None]:
        if self._in_transaction:  # part of an enclosing `transaction()`
            yield
            return
        # IMMEDIATE takes the write lock up front, so two writers queue
        # instead of failing halfway with SQLITE_BUSY.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._bump_generation()
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _set_schema_version(self, version: int) -> None:
        self.conn.execute(f"PRAGMA user_version={int(version)}")

    def _present_columns(self, table: str) -> set[str]:
        return {row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")}

    def _create_search_index(self) -> None:
        # Stems only (store.fulltext); titles, text and snippets come from
        # the documents table.
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
            "doc_id UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 0')"
        )

    def _index_for_search(self, doc: Document) -> None:
        self.conn.execute(
            "INSERT INTO documents_fts(doc_id, title, body) VALUES (?, ?, ?)",
            (doc.id, index_text(doc.title or "", doc.language), index_text(doc.text, doc.language)),
        )

    def close(self) -> None:
        self.conn.close()

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[tuple[str, str, str]]:
        """Full-text search: (doc id, title, snippet) best first, from ``offset``.

        Words are stemmed as in every language the ledger reads; the syntax
        is described in ``store.fulltext``; any text is accepted.  The index
        ranks and pages; only the hits returned are read and get a snippet.
        """
        terms = parse_query(printable(query))
        match = fts5_query(terms, query_languages())
        if match is None:
            return []
        ids = [
            row[0]
            for row in self.conn.execute(
                "SELECT doc_id FROM documents_fts WHERE documents_fts MATCH ? "
                "ORDER BY rank LIMIT ? OFFSET ?",
                (match, limit, offset),
            )
        ]
        return self._hits(ids, terms)

    def search_total(self, query: str, cap: int) -> int:
        match = fts5_query(parse_query(printable(query)), query_languages())
        if match is None:
            return 0
        row = self.conn.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM documents_fts WHERE documents_fts MATCH ? "
            "LIMIT ?)",
            (match, cap),
        ).fetchone()
        return int(row[0])
