"""The ledger's storage: SQLite by default, PostgreSQL for a shared server."""

from __future__ import annotations

from newsledger.store.sqlite import SQLiteStore

Store = SQLiteStore


def open_store(location: str) -> Store:
    """Open (creating if needed) the ledger at ``location``: a file path."""
    return SQLiteStore(location)


__all__ = ["SQLiteStore", "Store", "open_store"]
