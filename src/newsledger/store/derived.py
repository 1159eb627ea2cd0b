"""State incremental resolve keeps beside the records, and paged record views.

- ``entity_keys``: stored discovered entities by name key
  (``resolve.entities.lookup_keys``), so that merging new names reads only
  the names they could merge with;
- ``story_log``: batches placed in the story index since it was last saved
  whole (``resolve.incremental.save_story_index``);
- ``thread_rows``: one row per thread, so that a resolve rewrites only the
  threads its documents touch;
- figures, quotes and events one page at a time, filtered in SQL.

The tables are created on first use, not by a schema migration, so that a
ledger of schema 5 gains them without a version bump.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from newsledger.model import Claim, Figure
from newsledger.store.base import _ID_CHUNK, SQLStore, where_clause
from newsledger.store.schema import RECORD_TABLES

# The state key older ledgers kept every thread under (now ``thread_rows``).
THREADS_KEY = "threads"
# Set once the name-key index of entities holds every stored entity.
ENTITY_KEYS_STATE = "entity_keys_built"


def _chunks(items: Sequence[Any], size: int = _ID_CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class DerivedState(SQLStore):
    """The tables above, on any SQL backend."""

    def _entity_keys_ready(self) -> None:
        """Create the name-key index of entities (``resolve.entities.lookup_keys``).

        Created on first use rather than by a schema migration: a ledger of
        schema 5 gains it (filled from its entities) without a version bump.
        """
        if getattr(self, "_entity_keys_checked", False):
            return
        self._ddl("CREATE TABLE IF NOT EXISTS entity_keys (key TEXT, entity_id TEXT)")
        self._ddl("CREATE INDEX IF NOT EXISTS entity_keys_key ON entity_keys(key)")
        self._ddl("CREATE INDEX IF NOT EXISTS entity_keys_id ON entity_keys(entity_id)")
        if not self.get_state(ENTITY_KEYS_STATE, False):
            self.execute("DELETE FROM entity_keys")
            rows = self.execute("SELECT id, name, type, mention_count FROM entities")
            self._index_entity_names((r[0], r[1], r[2], int(r[3] or 0)) for r in rows)
            self.put_state(ENTITY_KEYS_STATE, True)
        self._entity_keys_checked = True

    def _index_entity_names(self, rows: Iterable[tuple[str, str, str, int]]) -> None:
        # Here, not at the top: a store opened to read need not load the
        # entity rules (rapidfuzz, role lexicons).
        from newsledger.resolve.entities import lookup_keys

        self.executemany(
            "INSERT INTO entity_keys(key, entity_id) VALUES (?, ?)",
            [
                (key, eid)
                for eid, name, etype, _ in rows
                if not eid.startswith("kb:")
                for key in lookup_keys(name or "", etype or "MISC")
            ],
        )

    def entity_names_by_key(self, keys: Iterable[str]) -> list[tuple[str, str, str, int]]:
        """The stored entities indexed under any of ``keys``: (id, name, type, mentions).

        What the entity merge of new mentions needs, read through an index
        instead of a pass over every stored name.
        """
        self._entity_keys_ready()
        ids: set[str] = set()
        for chunk in _chunks(sorted(set(keys))):
            marks = ", ".join("?" for _ in chunk)
            rows = self.execute(
                f"SELECT DISTINCT entity_id FROM entity_keys WHERE key IN ({marks})", chunk
            )
            ids.update(row[0] for row in rows)
        out: list[tuple[str, str, str, int]] = []
        for chunk in _chunks(sorted(ids)):
            marks = ", ".join("?" for _ in chunk)
            rows = self.execute(
                f"SELECT id, name, type, mention_count FROM entities WHERE id IN ({marks})", chunk
            )
            out.extend((row[0], row[1], row[2], int(row[3] or 0)) for row in rows)
        return out

    def entity_ids_present(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are stored entities."""
        out: set[str] = set()
        for chunk in _chunks(sorted(set(ids))):
            marks = ", ".join("?" for _ in chunk)
            rows = self.execute(f"SELECT id FROM entities WHERE id IN ({marks})", chunk)
            out.update(row[0] for row in rows)
        return out

    def _story_log_ready(self) -> None:
        if getattr(self, "_story_log_checked", False):
            return
        # Created on first use (no schema bump; see ``_entity_keys_ready``).
        self._ddl(
            "CREATE TABLE IF NOT EXISTS story_log (version INTEGER PRIMARY KEY, docs INTEGER, "
            "data TEXT)"
        )
        self._story_log_checked = True

    def story_log(self) -> list[tuple[int, str]]:
        """Batches placed in the story index since it was last saved whole:
        (version, evidence as JSON), oldest first."""
        self._story_log_ready()
        rows = self.execute("SELECT version, data FROM story_log ORDER BY version")
        return [(int(row[0]), row[1]) for row in rows]

    def story_log_docs(self) -> int:
        self._story_log_ready()
        return int(self.execute("SELECT COALESCE(SUM(docs), 0) FROM story_log").fetchone()[0])

    def add_story_log(self, version: int, docs: int, data: str) -> None:
        self._story_log_ready()
        self.execute(
            "INSERT INTO story_log(version, docs, data) VALUES (?, ?, ?)", (version, docs, data)
        )

    def clear_story_log(self) -> None:
        self._story_log_ready()
        self.execute("DELETE FROM story_log")

    def _threads_ready(self) -> None:
        if getattr(self, "_threads_checked", False):
            return
        # Created on first use (no schema bump; see ``_entity_keys_ready``).
        self._ddl(
            "CREATE TABLE IF NOT EXISTS thread_rows (id TEXT PRIMARY KEY, first INTEGER, data TEXT)"
        )
        self._ddl("CREATE INDEX IF NOT EXISTS thread_rows_first ON thread_rows(first)")
        self._threads_checked = True

    def replace_threads(
        self, ids: Iterable[str], threads: Sequence[tuple[int, dict[str, Any]]]
    ) -> None:
        """Delete the threads with ``ids`` and store ``threads`` ((first document
        position, thread as JSON)); one row per thread, so that a resolve
        rewrites only the threads its documents touch."""
        self._threads_ready()
        # A ledger resolved by an older version kept every thread in one
        # state value; it is replaced by the rows.
        self.execute(f"DELETE FROM state WHERE key = '{THREADS_KEY}'")
        gone = sorted(set(ids) | {t["id"] for _, t in threads})
        for chunk in _chunks(gone):
            marks = ", ".join("?" for _ in chunk)
            self.execute(f"DELETE FROM thread_rows WHERE id IN ({marks})", chunk)
        self.executemany(
            "INSERT INTO thread_rows(id, first, data) VALUES (?, ?, ?)",
            [(t["id"], first, json.dumps(t)) for first, t in threads],
        )

    def thread_list(self) -> list[dict[str, Any]]:
        """Every thread as JSON, in the order of their first document."""
        self._threads_ready()
        rows = self.execute("SELECT data FROM thread_rows ORDER BY first, id")
        return [json.loads(row[0]) for row in rows]

    def get_state(self, key: str, default: Any = None) -> Any:
        value = super().get_state(key, None)
        if value is None and key == THREADS_KEY:
            # Threads live in rows of their own (``replace_threads``).
            return self.thread_list() or default
        return default if value is None else value

    def names_matching(self, table: str, column: str, wanted: str) -> list[str]:
        """The distinct values of a name column equal to ``wanted`` once case-folded.

        Folded here, not in SQL: SQLite's lower() leaves "Ö" as it is.  The
        distinct names are few next to the rows.
        """
        assert (table, column) in (("claims", "subject"), ("quotes", "speaker"))
        rows = self.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL")
        folded = wanted.casefold()
        return sorted(row[0] for row in rows if row[0].casefold() == folded)

    def records_page(
        self, table: str, *, limit: int | None, offset: int = 0, **filters: Any
    ) -> tuple[int, list[Any]]:
        """One page of figures, quotes or events (``page``); ``limit`` None: all.

        A filter given a list matches any of its values.
        """
        lists = {k: v for k, v in filters.items() if isinstance(v, list)}
        plain = {k: v for k, v in filters.items() if k not in lists}
        if any(not v for v in lists.values()):
            return 0, []
        record, _ = RECORD_TABLES[table]
        where, params = where_clause(**plain)
        for column, values in lists.items():
            marks = ", ".join("?" for _ in values)
            where += (" AND " if where else " WHERE ") + f'"{column}" IN ({marks})'
            params += values
        total = int(self.execute(f"SELECT COUNT(*) FROM {table}{where}", params).fetchone()[0])
        items = self._select(
            record,
            f"SELECT * FROM {table}{where} ORDER BY doc_id, start, rowid LIMIT ? OFFSET ?",
            (*params, self._no_limit if limit is None else limit, offset),
        )
        return total, items

    def figures_with_subject(
        self, subjects: Sequence[str] | None, *, limit: int | None
    ) -> tuple[int, list[tuple[Figure, Claim | None]]]:
        """One page of figures with the claim about each (if any); with
        ``subjects``, only figures whose claim has one of these subjects."""
        if subjects is None:
            total, page = self.records_page("figures", limit=limit)
            claims = self._claims_of_docs(sorted({f.doc_id for f in page}))
            return total, [(f, claims.get((f.doc_id, f.start, f.end))) for f in page]
        total, found = self.records_page("claims", limit=limit, subject=list(subjects))
        figures: dict[tuple[str, int, int], Figure] = {}
        for chunk in _chunks(sorted({c.doc_id for c in found})):
            marks = ", ".join("?" for _ in chunk)
            for figure in self._select(
                Figure, f"SELECT * FROM figures WHERE doc_id IN ({marks})", chunk
            ):
                figures.setdefault((figure.doc_id, figure.start, figure.end), figure)
        return total, [
            (figures.get((c.doc_id, c.figure.start, c.figure.end), c.figure), c) for c in found
        ]

    def _claims_of_docs(self, doc_ids: Sequence[str]) -> dict[tuple[str, int, int], Claim]:
        out: dict[tuple[str, int, int], Claim] = {}
        for chunk in _chunks(doc_ids):
            marks = ", ".join("?" for _ in chunk)
            for claim in self._select(
                Claim, f"SELECT * FROM claims WHERE doc_id IN ({marks}) ORDER BY rowid", chunk
            ):
                out[(claim.doc_id, claim.figure.start, claim.figure.end)] = claim
        return out
