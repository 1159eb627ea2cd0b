"""The SQL layer every store shares: backend hooks, constants and small helpers.

``store.base`` builds the ledger's writes on this and ``store.reads`` its
reads; a backend subclass (``store.sqlite``, ``store.postgres``) supplies
the connection.  SQL is written with ``?`` placeholders; a backend that
uses another style translates them in ``execute``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, Protocol, TypeVar

from newsledger.model import Claim, Document, Event, Figure, Mention, Quote
from newsledger.store.codec import from_row
from newsledger.store.fulltext import Term, snippet

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
# The `state` row that counts committed writes (``SQLBackend.generation``).
GENERATION_STATE = "generation"
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


class SQLBackend:
    """What a backend binds (connection, transactions, search), and the calls on it."""

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

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[tuple[str, str, str]]:
        """Full-text search: (doc id, title, snippet) best first, from ``offset``.

        Only the hits returned are read and get a snippet.
        """
        raise NotImplementedError

    def search_total(self, query: str, cap: int) -> int:
        """How many documents ``search`` finds for ``query``, counted up to ``cap``."""
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
    # A lock outside the database that each `transaction()` takes before the
    # database's own: the server's write lock, shared by its request threads,
    # worker processes and resolve queue, so that a writer waits for the
    # one before it however long that takes (SQLite's own lock gives up after
    # its busy timeout and the request failed with "database is locked").
    write_gate: AbstractContextManager[Any] | None = None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction around several store calls: all kept, or none."""
        if self._in_transaction:
            yield
            return
        with self.write_gate or nullcontext(), self._write():
            self._in_transaction = True
            try:
                yield
            finally:
                self._in_transaction = False

    def _bump_generation(self) -> None:
        """Count one more committed write: called by ``_write`` just before it commits."""
        self.execute(
            f"INSERT INTO state(key, value) VALUES ('{GENERATION_STATE}', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(state.value AS INTEGER) + 1 AS TEXT)"
        )

    def generation(self) -> int:
        """A number that changes with every committed write to the ledger, by any process.

        Readers keep what they computed from the ledger (``api.queries.stats``)
        until it changes: one indexed row, where a recount reads the tables.
        """
        row = self.execute("SELECT value FROM state WHERE key = ?", (GENERATION_STATE,)).fetchone()
        return 0 if row is None else int(row[0])

    # The LIMIT value that means "no limit".
    _no_limit: int | None = -1

    def _select(self, cls: type[T], sql: str, params: Sequence[Any] = ()) -> list[T]:
        return [from_row(cls, row) for row in self.execute(sql, params)]


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
