"""What incremental resolve keeps in the store, and the paged read views.

Documents are stored *pending*; resolve takes them a chunk at a time and
works through stored keys (``resolve.keys``) and indexes kept here: LSH
band keys of signatures, per-site counts of furniture lines, claims and
conflicts by key, entities by id.  The listings (entities, stories,
conflicts) page in SQL, from the aggregates resolve keeps current.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from newsledger.model import Claim, Conflict, Document, Entity, Story
from newsledger.resolve.keys import DocumentKeys
from newsledger.store.base import _ID_CHUNK, HEAVY_DOCUMENT_COLUMNS, where_clause
from newsledger.store.codec import from_row
from newsledger.store.derived import DerivedState
from newsledger.store.schema import FULL_RESOLVE_STATE, table_columns


def _chunks(items: Sequence[Any], size: int = _ID_CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class KeyedStore(DerivedState):
    """A SQL store with the keys and indexes of incremental resolve."""

    # -- pending documents ----------------------------------------------------

    def _add_pending(self, docs: Sequence[tuple[str, int]], keys: Mapping[str, Any]) -> None:
        if not docs:
            return
        self.executemany("INSERT INTO pending(doc_id, seq) VALUES (?, ?)", list(docs))
        found = [(keys[doc_id], seq) for doc_id, seq in docs if doc_id in keys]
        self.put_keys(found)

    def put_keys(self, keys: Sequence[tuple[DocumentKeys, int]]) -> None:
        """Store documents' keys (with their seq); replaces keys stored before."""
        if not keys:
            return
        ids = [k.doc_id for k, _ in keys]
        for chunk in _chunks(ids):
            marks = ", ".join("?" for _ in chunk)
            self.execute(f"DELETE FROM doc_keys WHERE doc_id IN ({marks})", chunk)
            self.execute(f"DELETE FROM furniture_lines WHERE doc_id IN ({marks})", chunk)
        self.executemany(
            "INSERT INTO doc_keys(doc_id, seq, signature, day, length, site, lines, evidence, "
            "counted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
            [
                (
                    k.doc_id,
                    seq,
                    k.signature,
                    k.day,
                    k.length,
                    k.site,
                    json.dumps(k.lines),
                    k.evidence,
                )
                for k, seq in keys
            ],
        )
        self.executemany(
            "INSERT INTO furniture_lines(site, line, doc_id) VALUES (?, ?, ?)",
            [(k.site, line, k.doc_id) for k, _ in keys for line in k.lines],
        )

    def pending(self, limit: int) -> list[tuple[str, int]]:
        """Up to ``limit`` documents not yet resolved, (id, seq) in ingest order."""
        rows = self.execute("SELECT doc_id, seq FROM pending ORDER BY seq LIMIT ?", (limit,))
        return [(row[0], int(row[1])) for row in rows]

    def count_pending(self) -> int:
        return int(self.execute("SELECT COUNT(*) FROM pending").fetchone()[0])

    def is_pending(self, doc_id: str) -> bool:
        return (
            self.execute("SELECT 1 FROM pending WHERE doc_id = ?", (doc_id,)).fetchone() is not None
        )

    def resolved(self, doc_ids: Sequence[str]) -> None:
        for chunk in _chunks(doc_ids):
            marks = ", ".join("?" for _ in chunk)
            self.execute(f"DELETE FROM pending WHERE doc_id IN ({marks})", chunk)

    def full_resolve_needed(self) -> bool:
        return bool(self.get_state(FULL_RESOLVE_STATE, False))

    def reset_derived(self) -> None:
        """Forget everything resolve derived: every document is pending again."""
        with self._write():
            for table in (
                "pending",
                "lsh",
                "furniture_counts",
                "conflicts",
                "stories",
                "entities",
            ):
                self.execute(f"DELETE FROM {table}")
            self._entity_keys_ready()
            self.execute("DELETE FROM entity_keys")
            self.execute("DELETE FROM blobs WHERE key = 'story_index'")
            self.clear_story_log()
            self.execute("DELETE FROM state WHERE key = 'threads'")
            self._threads_ready()
            self.execute("DELETE FROM thread_rows")
            self.execute("UPDATE doc_keys SET counted = 0")
            self.execute("UPDATE documents SET duplicate_of = NULL")
            self.execute("INSERT INTO pending(doc_id, seq) SELECT id, seq FROM documents")
            self.put_state(FULL_RESOLVE_STATE, True)

    def full_resolve_started(self) -> None:
        self.put_state(FULL_RESOLVE_STATE, False)

    def keys_of(self, doc_ids: Sequence[str]) -> dict[str, tuple[DocumentKeys, int, bool]]:
        """Stored keys by document id: (keys, seq, counted towards furniture)."""
        out: dict[str, tuple[DocumentKeys, int, bool]] = {}
        for chunk in _chunks(doc_ids):
            marks = ", ".join("?" for _ in chunk)
            for row in self.execute(f"SELECT * FROM doc_keys WHERE doc_id IN ({marks})", chunk):
                keys = DocumentKeys(
                    doc_id=row["doc_id"],
                    signature=bytes(row["signature"]),
                    day=row["day"],
                    length=int(row["length"]),
                    site=row["site"],
                    lines=tuple(json.loads(row["lines"] or "[]")),
                    evidence=row["evidence"],
                )
                out[keys.doc_id] = (keys, int(row["seq"]), bool(row["counted"]))
        return out

    def set_counted(self, doc_ids: Sequence[str], counted: bool) -> None:
        self.executemany(
            "UPDATE doc_keys SET counted = ? WHERE doc_id = ?",
            [(1 if counted else 0, doc_id) for doc_id in doc_ids],
        )

    def set_evidence(self, evidence: Mapping[str, str]) -> None:
        self.executemany(
            "UPDATE doc_keys SET evidence = ? WHERE doc_id = ?",
            [(data, doc_id) for doc_id, data in evidence.items()],
        )

    # -- duplicates -------------------------------------------------------------

    def lsh_members(self, band_keys: Iterable[int]) -> dict[int, list[tuple[int, str]]]:
        """Indexed documents per band key: (seq, id), ascending seq."""
        out: dict[int, list[tuple[int, str]]] = {}
        for chunk in _chunks(sorted(set(band_keys))):
            marks = ", ".join("?" for _ in chunk)
            rows = self.execute(
                f"SELECT band_key, seq, doc_id FROM lsh WHERE band_key IN ({marks}) "
                "ORDER BY band_key, seq",
                chunk,
            )
            for row in rows:
                out.setdefault(int(row[0]), []).append((int(row[1]), row[2]))
        return out

    def add_lsh(self, rows: Sequence[tuple[int, int, str]]) -> None:
        self.executemany("INSERT INTO lsh(band_key, seq, doc_id) VALUES (?, ?, ?)", rows)

    def duplicate_of(self, doc_ids: Sequence[str]) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for chunk in _chunks(doc_ids):
            marks = ", ".join("?" for _ in chunk)
            for row in self.execute(
                f"SELECT id, duplicate_of FROM documents WHERE id IN ({marks})", chunk
            ):
                out[row[0]] = row[1]
        return out

    def copies_of(self, originals: Sequence[str]) -> dict[str, str]:
        """Each stored copy of one of ``originals``, mapped to its original."""
        out: dict[str, str] = {}
        for chunk in _chunks(originals):
            marks = ", ".join("?" for _ in chunk)
            for row in self.execute(
                f"SELECT id, duplicate_of FROM documents WHERE duplicate_of IN ({marks})", chunk
            ):
                out[row[0]] = row[1]
        return out

    def update_duplicates(self, copy_of: Mapping[str, str | None]) -> None:
        """Set (or clear, with None) the original of some documents."""
        self.executemany(
            "UPDATE documents SET duplicate_of = ? WHERE id = ?",
            [(original, doc) for doc, original in copy_of.items()],
        )

    # -- site furniture ------------------------------------------------------------

    def count_lines(self, site: str, delta: Mapping[int, int]) -> None:
        """Add to the counts of a site's lines (line hash -> how many more)."""
        self.executemany(
            "INSERT INTO furniture_counts(site, line, n) VALUES (?, ?, ?) "
            "ON CONFLICT(site, line) DO UPDATE SET n = furniture_counts.n + excluded.n",
            [(site, line, n) for line, n in delta.items()],
        )

    def line_counts(self, site: str, lines: Sequence[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for chunk in _chunks(list(lines)):
            marks = ", ".join("?" for _ in chunk)
            rows = self.execute(
                f"SELECT line, n FROM furniture_counts WHERE site = ? AND line IN ({marks})",
                (site, *chunk),
            )
            out.update((int(row[0]), int(row[1])) for row in rows)
        return out

    def docs_with_line(self, site: str, line: int) -> list[str]:
        rows = self.execute(
            "SELECT doc_id FROM furniture_lines WHERE site = ? AND line = ?", (site, line)
        )
        return [row[0] for row in rows]

    # -- entities ---------------------------------------------------------------------

    def remapped_ids(self, ids: Iterable[str]) -> dict[str, str]:
        """Where each of ``ids`` was merged into, following chains of merges."""
        out: dict[str, str] = {}
        todo = sorted(set(ids))
        for _ in range(20):  # chains are short; the bound guards a cycle
            found: dict[str, str] = {}
            for chunk in _chunks(todo):
                marks = ", ".join("?" for _ in chunk)
                rows = self.execute(
                    f"SELECT old_id, new_id FROM entity_remap WHERE old_id IN ({marks})", chunk
                )
                found.update((row[0], row[1]) for row in rows if row[0] != row[1])
            if not found:
                break
            for old, new in found.items():
                for start, target in list(out.items()):
                    if target == old:
                        out[start] = new
                out.setdefault(old, new)
            todo = sorted(set(found.values()))
        return out

    def entity_names(self) -> list[tuple[str, str, str, int]]:
        """Every entity: (id, name, type, mention count)."""
        rows = self.execute("SELECT id, name, type, mention_count FROM entities")
        return [(row[0], row[1], row[2], int(row[3] or 0)) for row in rows]

    def entities_by_id(self, ids: Sequence[str]) -> dict[str, Entity]:
        out: dict[str, Entity] = {}
        for chunk in _chunks(ids):
            marks = ", ".join("?" for _ in chunk)
            for row in self.execute(f"SELECT * FROM entities WHERE id IN ({marks})", chunk):
                entity = from_row(Entity, row)
                out[entity.id] = entity
        return out

    def merge_entities(self, remap: Mapping[str, str], names: Mapping[str, str]) -> None:
        """Point merged ids at the kept one in every record, and remember the merge."""
        for old, new in remap.items():
            if old == new:
                continue
            name = names.get(new)
            for table, id_col, name_col in (
                ("mentions", "entity_id", "name"),
                ("claims", "subject_id", "subject"),
                ("quotes", "speaker_id", "speaker"),
            ):
                self.execute(
                    f"UPDATE {table} SET {id_col} = ?, {name_col} = COALESCE(?, {name_col}) "
                    f"WHERE {id_col} = ?",
                    (new, name, old),
                )
            self.execute(
                "INSERT INTO entity_remap(old_id, new_id) VALUES (?, ?) "
                "ON CONFLICT(old_id) DO UPDATE SET new_id = excluded.new_id",
                (old, new),
            )

    def put_entities(self, entities: Sequence[Entity], dropped: Sequence[str]) -> None:
        """Replace some entities (counted from their mentions) and delete ``dropped``."""
        self._entity_keys_ready()
        ids = [e.id for e in entities] + list(dropped)
        for chunk in _chunks(ids):
            marks = ", ".join("?" for _ in chunk)
            self.execute(f"DELETE FROM entities WHERE id IN ({marks})", chunk)
            self.execute(f"DELETE FROM entity_keys WHERE entity_id IN ({marks})", chunk)
        kept: list[tuple[str, str, str, int]] = []
        counts: dict[str, tuple[int, int]] = {}
        for chunk in _chunks([e.id for e in entities]):
            marks = ", ".join("?" for _ in chunk)
            rows = self.execute(
                "SELECT entity_id, COUNT(*), COUNT(DISTINCT doc_id) FROM mentions "
                f"WHERE entity_id IN ({marks}) GROUP BY entity_id",
                chunk,
            )
            counts.update((row[0], (int(row[1]), int(row[2]))) for row in rows)
        for entity in entities:
            mention_count, doc_count = counts.get(entity.id, (0, 0))
            if mention_count:
                self._insert(
                    "entities", entity, {"mention_count": mention_count, "doc_count": doc_count}
                )
                kept.append((entity.id, entity.name, entity.type, mention_count))
        self._index_entity_names(kept)

    def mention_entities(self, doc_ids: Sequence[str]) -> list[tuple[str, str, str, str]]:
        """(entity id, name, type, text) of every mention in ``doc_ids``."""
        out: list[tuple[str, str, str, str]] = []
        for chunk in _chunks(doc_ids):
            marks = ", ".join("?" for _ in chunk)
            rows = self.execute(
                f"SELECT entity_id, name, type, text FROM mentions WHERE doc_id IN ({marks}) "
                "ORDER BY doc_id, start, rowid",
                chunk,
            )
            out.extend((row[0], row[1], row[2], row[3]) for row in rows)
        return out

    # -- conflicts ---------------------------------------------------------------------

    def claim_keys(self, doc_ids: Sequence[str]) -> set[tuple[str, str]]:
        keys: set[tuple[str, str]] = set()
        for chunk in _chunks(doc_ids):
            marks = ", ".join("?" for _ in chunk)
            rows = self.execute(
                f"SELECT DISTINCT subject_id, attribute FROM claims WHERE doc_id IN ({marks})",
                chunk,
            )
            keys.update((row[0], row[1]) for row in rows)
        return keys

    def claim_group(self, key: tuple[str, str]) -> list[Claim]:
        return self._select(
            Claim,
            "SELECT * FROM claims WHERE subject_id = ? AND attribute = ? ORDER BY rowid",
            key,
        )

    def subject_keys(self, subject_ids: Sequence[str]) -> set[tuple[str, str]]:
        """Every conflict key (subject, attribute) with one of ``subject_ids``."""
        keys: set[tuple[str, str]] = set()
        for chunk in _chunks(subject_ids):
            marks = ", ".join("?" for _ in chunk)
            for table in ("claims", "conflicts"):
                rows = self.execute(
                    f"SELECT DISTINCT subject_id, attribute FROM {table} "
                    f"WHERE subject_id IN ({marks})",
                    chunk,
                )
                keys.update((row[0], row[1]) for row in rows)
        return keys

    def replace_conflicts(
        self, keys: Iterable[tuple[str, str]], conflicts: Sequence[Conflict]
    ) -> None:
        """Replace the conflicts of some keys (subject id, attribute)."""
        self.executemany("DELETE FROM conflicts WHERE subject_id = ? AND attribute = ?", list(keys))
        self._insert_many("conflicts", conflicts)

    # -- stories -------------------------------------------------------------------------

    def replace_stories(self, ids: Iterable[str], stories: Sequence[Story]) -> None:
        """Replace the stories with these ids by ``stories``."""
        self.executemany("DELETE FROM stories WHERE id = ?", [(i,) for i in ids])
        self._insert_many("stories", stories)

    # -- paged views ------------------------------------------------------------------------

    def outlet_rows(self) -> list[tuple[str, str | None, str | None, str]]:
        """(language, site, url, source) of every document, in ingest order."""
        rows = self.execute("SELECT language, site, url, source FROM documents ORDER BY seq")
        return [(row[0], row[1], row[2], row[3]) for row in rows]

    def documents_by_id(self, ids: Iterable[str]) -> dict[str, Document]:
        """Documents by exact id, without their text (one indexed query per 500)."""
        wanted = [n for n, _ in table_columns("documents") if n not in HEAVY_DOCUMENT_COLUMNS]
        names = ", ".join(f'"{n}"' for n in wanted)
        out: dict[str, Document] = {}
        for chunk in _chunks(sorted(set(ids))):
            marks = ", ".join("?" for _ in chunk)
            for row in self.execute(f"SELECT {names} FROM documents WHERE id IN ({marks})", chunk):
                doc = from_row(Document, {"text": "", **{k: row[k] for k in row.keys()}})  # noqa: SIM118
                out[doc.id] = doc
        return out

    def document_ids(self) -> list[str]:
        """Every document id (for short ids), without reading the documents."""
        return [row[0] for row in self.execute("SELECT id FROM documents")]

    def entities_page(
        self,
        *,
        type: str | None = None,
        name: str | None = None,
        limit: int | None,
        offset: int = 0,
    ) -> tuple[int, list[tuple[Entity, int, int]]]:
        """One page of entities, most mentioned first, and how many there are."""
        where, params = where_clause(type=type)
        if name:
            where += (
                " AND " if where else " WHERE "
            ) + "(lower(name) LIKE ? OR lower(aliases) LIKE ?)"
            pattern = (
                "%" + name.casefold().replace("\\", "").replace("%", "").replace("_", "") + "%"
            )
            params += [pattern, pattern]
        total = int(self.execute(f"SELECT COUNT(*) FROM entities{where}", params).fetchone()[0])
        rows = self.execute(
            f"SELECT * FROM entities{where} ORDER BY mention_count DESC, name, rowid "
            "LIMIT ? OFFSET ?",
            (*params, self._limit(limit), offset),
        ).fetchall()
        return total, [
            (from_row(Entity, r), r["mention_count"] or 0, r["doc_count"] or 0) for r in rows
        ]

    def _limit(self, limit: int | None) -> int | None:
        return self._no_limit if limit is None else limit

    def stories_page(self, *, limit: int | None, offset: int = 0) -> tuple[int, list[Story]]:
        """One page of stories (in id order, as ``stories``) and how many there are."""
        total = self.count("stories")
        return total, self._select(
            Story,
            "SELECT * FROM stories ORDER BY id LIMIT ? OFFSET ?",
            (self._limit(limit), offset),
        )

    def conflicts_page(
        self, *, subject_id: str | None = None, limit: int | None, offset: int = 0
    ) -> tuple[int, list[Conflict]]:
        """One page of conflicts (in ``conflicts`` order) and how many there are."""
        where, params = where_clause(subject_id=subject_id)
        total = int(self.execute(f"SELECT COUNT(*) FROM conflicts{where}", params).fetchone()[0])
        return total, self._select(
            Conflict,
            f"SELECT * FROM conflicts{where} ORDER BY subject, attribute, rowid LIMIT ? OFFSET ?",
            (*params, self._limit(limit), offset),
        )
