"""The ledger on a PostgreSQL server, for a team sharing one ledger.

Same tables, same behaviour as the SQLite store (the SQL lives in
``store.base`` and ``store.reads``); what differs is spelled here: column
types, the schema version table, a writer lock, and full-text search through a ``tsvector``
column with a GIN index over the stems that ``store.fulltext`` makes per
language (``simple`` configuration, which only lower-cases).

The location is a libpq URL.  To keep several ledgers in one database, give
each its own schema: ``postgresql://host/db?options=-csearch_path%3Dnews``.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from newsledger.errors import StoreError
from newsledger.model import Document
from newsledger.store.base import Cursor, printable
from newsledger.store.fulltext import index_text, parse_query, query_languages, tsquery
from newsledger.store.keyed import KeyedStore
from newsledger.store.schema import RECORD_TABLES

try:  # psycopg is the optional `postgres` extra.
    import psycopg
except ImportError:  # pragma: no cover - exercised only without the extra
    psycopg = None  # type: ignore[assignment]

URL_PREFIXES = ("postgresql://", "postgres://")

# Characters of a document fed to the search index.  PostgreSQL refuses a
# tsvector over 1 MB; news articles are far below 100k characters, so the
# cap only ever trims pathological inputs, which stay stored in full.
SEARCH_TEXT_CAP = 200_000

# SQLite's loose types to PostgreSQL's: REAL is 4 bytes in PostgreSQL, which
# would round "$97.4 billion"; INTEGER is 4 bytes, too small for counters;
# text compares byte-wise ("C"), as in SQLite, so listings sort the same and
# lower() folds ASCII only, as SQLite's does.
_TYPES = (
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
)


# Rows fetched per round trip when streaming a large result.
STREAM_ROWS = 2000
_CURSOR_NAMES = itertools.count()


def is_postgres_url(location: str) -> bool:
    return location.startswith(URL_PREFIXES)


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


@functools.lru_cache(maxsize=512)
def _to_pyformat(sql: str) -> str:
    # The shared SQL has no literal '%' or '?', so a plain swap is exact.
    return sql.replace("%", "%%").replace("?", "%s")


class _Row(dict[str, Any]):
    """A row readable by column name and by position, like sqlite3.Row."""

    __slots__ = ("_values",)

    def __init__(self, names: Sequence[str], values: Sequence[Any]) -> None:
        super().__init__(zip(names, values, strict=True))
        self._values = tuple(values)

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, int):
            return self._values[key]
        return super().__getitem__(key)


def _row_factory(cursor: Any) -> Any:
    names = [c.name for c in cursor.description or ()]
    return lambda values: _Row(names, values)


class PostgresStore(KeyedStore):
    """A ledger stored in a PostgreSQL database (or one schema of it)."""

    placeholder = "%s"
    _no_limit = None

    def __init__(self, url: str) -> None:
        self.location = redact(url)
        if psycopg is None:
            raise StoreError(
                self.location,
                "PostgreSQL support needs psycopg; install newsledger[postgres]",
            )
        try:
            self.conn = psycopg.connect(url, autocommit=True, row_factory=_row_factory)
        except psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(
                self.location, f"cannot connect to PostgreSQL: {reason}; check the URL"
            ) from None
        try:
            self._migrate()
        except psycopg.Error as exc:
            self.conn.close()
            raise StoreError(self.location, f"cannot set up the ledger: {exc}") from None

    # -- backend hooks --------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        return self.conn.execute(_to_pyformat(sql), tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(_to_pyformat(sql), rows)

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
        # A server-side cursor: psycopg's default cursor would fetch every
        # row of a million-row table into this process first.  WITH HOLD
        # lets it outlive the statement's implicit commit (autocommit).
        with self.conn.cursor(name=f"newsledger_{next(_CURSOR_NAMES)}", withhold=True) as cursor:
            cursor.itersize = STREAM_ROWS
            cursor.execute(_to_pyformat(sql), tuple(params))
            yield from cursor

    def _ddl(self, sql: str) -> object:
        for pattern, replacement in _TYPES:
            sql = pattern.sub(replacement, sql)
        return self.conn.execute(sql)

    @contextmanager
    def _write(self) -> Iterator[None]:
        if self._in_transaction:  # part of an enclosing `transaction()`
            yield
            return
        # SQLite's BEGIN IMMEDIATE, here: one writer per ledger (schema) at a
        # time, so two ingests cannot hand out the same `seq`.
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")
            yield
            self._bump_generation()

    def _schema_version(self) -> int:
        self.conn.execute("CREATE TABLE IF NOT EXISTS newsledger_schema (version INTEGER NOT NULL)")
        row = self.conn.execute("SELECT MAX(version) FROM newsledger_schema").fetchone()
        return int(row[0]) if row is not None and row[0] is not None else 0

    def _set_schema_version(self, version: int) -> None:
        self.conn.execute("DELETE FROM newsledger_schema")
        self.conn.execute("INSERT INTO newsledger_schema(version) VALUES (%s)", (version,))

    def _present_columns(self, table: str) -> set[str]:
        rows = self.conn.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s",
            (table,),
        )
        return {row[0] for row in rows}

    def _create_search_index(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS documents_fts ("
            "doc_id TEXT PRIMARY KEY, title TEXT, body tsvector)"
        )
        self.conn.execute(
            "CREATE INDEX IF NOT EXISTS documents_fts_body ON documents_fts USING GIN (body)"
        )
        # SQLite tables have an implicit insertion order (rowid) that the
        # shared listings use to break ties; PostgreSQL gets an explicit one.
        for table in RECORD_TABLES:
            self.conn.execute(
                f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS rowid BIGINT "
                "GENERATED ALWAYS AS IDENTITY"
            )

    def _index_for_search(self, doc: Document) -> None:
        # Stems (store.fulltext) under the `simple` configuration, which
        # only lower-cases: the stemming is done, per language, in Python.
        self.conn.execute(
            "INSERT INTO documents_fts(doc_id, title, body) VALUES (%s, %s, "
            "setweight(to_tsvector('simple', %s), 'A') || to_tsvector('simple', %s))",
            (
                doc.id,
                doc.title or "",
                index_text(doc.title or "", doc.language),
                index_text(doc.text[:SEARCH_TEXT_CAP], doc.language),
            ),
        )

    def close(self) -> None:
        self.conn.close()

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[tuple[str, str, str]]:
        """Full-text search: (doc id, title, snippet) best first, from ``offset``.

        Words are stemmed as in every language the ledger reads; the syntax
        is described in ``store.fulltext``; any text is accepted.  Only the
        hits returned are read and get a snippet.
        """
        terms = parse_query(printable(query))
        expression = tsquery(terms, query_languages())
        if expression is None:
            return []
        rows = self.conn.execute(
            "SELECT f.doc_id FROM documents_fts f, to_tsquery('simple', %s) q "
            "WHERE f.body @@ q ORDER BY ts_rank(f.body, q) DESC, f.doc_id LIMIT %s OFFSET %s",
            (expression, limit, offset),
        ).fetchall()
        return self._hits([r[0] for r in rows], terms)

    def search_total(self, query: str, cap: int) -> int:
        expression = tsquery(parse_query(printable(query)), query_languages())
        if expression is None:
            return 0
        row = self.conn.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM documents_fts f, to_tsquery('simple', %s) q "
            "WHERE f.body @@ q LIMIT %s) AS found",
            (expression, cap),
        ).fetchone()
        return 0 if row is None else int(row[0])
