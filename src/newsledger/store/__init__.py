"""The ledger's storage: SQLite by default, PostgreSQL for a shared server."""

from __future__ import annotations

from newsledger.store.base import SQLStore
from newsledger.store.keyed import KeyedStore
from newsledger.store.sqlite import SQLiteStore

# Every backend has the same methods; code that takes a store takes this.
Store = KeyedStore


def open_store(location: str) -> Store:
    """Open (creating if needed) the ledger at ``location``.

    A ``postgresql://`` URL opens a PostgreSQL ledger; anything else is a
    SQLite file path.
    """
    from newsledger.store.postgres import is_postgres_url

    location = _undo_path_collapse(location)
    if is_postgres_url(location):
        from newsledger.store.postgres import PostgresStore

        return PostgresStore(location)
    return SQLiteStore(location)


def _undo_path_collapse(location: str) -> str:
    # A URL that went through pathlib.Path (CLI options are Paths) lost one
    # slash: "postgresql://h/db" became "postgresql:/h/db".
    for scheme in ("postgresql:/", "postgres:/"):
        if location.startswith(scheme) and not location.startswith(scheme + "/"):
            return scheme + "/" + location[len(scheme) :]
    return location


__all__ = ["KeyedStore", "SQLStore", "SQLiteStore", "Store", "open_store"]
