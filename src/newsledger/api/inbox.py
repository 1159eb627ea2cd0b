"""Where a server's POSTs are kept until the resolve queue takes them into the ledger.

SQLite has one writer at a time, and the resolve queue holds the ledger's
write lock for a whole chunk (seconds at 10,000 documents, more under
load): a POST that wrote to the ledger waited for the chunk, 15 s at the
median under 16 readers.  A POST writes its extractions here instead, a
small SQLite file beside the ledger (``<ledger>.inbox``) with a lock of its
own, and answers.  The resolve queue moves what is here into the ledger at
the start of each run, under the ledger's write lock, then resolves it.

A document is acknowledged once it is committed here, so a crash loses
nothing: the queue moves it at start-up.  A move that stops between the
ledger's commit and the inbox's is repeated harmlessly: documents already
in the ledger are skipped and the batch is dropped.  The rows are pickles
of the server's own records, written and read by this module only; the
file is as private as the ledger beside it.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from newsledger.model import Extraction, Failure
from newsledger.resolve.keys import DocumentKeys
from newsledger.store import Store

# Seconds a POST waits for the inbox's lock: it is held for one small write
# (another POST) or one delete (the queue), never for a resolve.
BUSY_TIMEOUT_SECONDS = 30.0
# Batches moved into the ledger per transaction of the resolve queue.
MOVE_BATCHES = 200


@dataclass(frozen=True)
class Batch:
    """What one POST stored: its new documents' extractions, keys and failures."""

    extractions: tuple[Extraction, ...]
    keys: dict[str, DocumentKeys] = field(default_factory=dict)
    failures: tuple[Failure, ...] = ()


def inbox_path(db: str) -> str | None:
    """The inbox of the SQLite ledger at ``db``; None for PostgreSQL or memory."""
    if "://" in db or db == ":memory:":
        return None
    return f"{db}.inbox"


@contextmanager
def _connect(path: str) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS batches (id INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB)"
        )
        conn.execute(
            "CREATE TABLE IF NOT EXISTS inbox_docs (doc_id TEXT PRIMARY KEY, batch INTEGER)"
        )
        yield conn
    finally:
        conn.close()


def put(path: str, batch: Batch) -> None:
    """Keep ``batch`` until the resolve queue moves it (committed on return)."""
    data = pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
    with _connect(path) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            batch_id = conn.execute("INSERT INTO batches(data) VALUES (?)", (data,)).lastrowid
            conn.executemany(
                "INSERT OR IGNORE INTO inbox_docs(doc_id, batch) VALUES (?, ?)",
                [(x.document.id, batch_id) for x in batch.extractions],
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def has(path: str, doc_ids: Sequence[str]) -> set[str]:
    """Which of ``doc_ids`` wait in the inbox."""
    if not doc_ids or not os.path.exists(path):
        return set()
    with _connect(path) as conn:
        marks = ", ".join("?" for _ in doc_ids)
        rows = conn.execute(f"SELECT doc_id FROM inbox_docs WHERE doc_id IN ({marks})", doc_ids)
        return {row[0] for row in rows}


def extraction(path: str, doc_id: str) -> Extraction | None:
    """The extraction of a document waiting in the inbox."""
    if not os.path.exists(path):
        return None
    with _connect(path) as conn:
        row = conn.execute(
            "SELECT b.data FROM inbox_docs d JOIN batches b ON b.id = d.batch WHERE d.doc_id = ?",
            (doc_id,),
        ).fetchone()
    if row is None:
        return None
    batch: Batch = pickle.loads(row[0])
    return next((x for x in batch.extractions if x.document.id == doc_id), None)


def waiting(path: str) -> int:
    """How many batches wait in the inbox."""
    if not os.path.exists(path):
        return 0
    with _connect(path) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM batches").fetchone()[0])


def move(path: str, store: Store) -> int:
    """Move what waits in the inbox into ``store``, oldest first; documents moved.

    Each round is one transaction of ``store`` (which takes its
    ``write_gate``): the ledger commits first, then the inbox forgets.
    """
    moved = 0
    if not os.path.exists(path):
        return 0
    with _connect(path) as conn:
        while True:
            rows = conn.execute(
                "SELECT id, data FROM batches ORDER BY id LIMIT ?", (MOVE_BATCHES,)
            ).fetchall()
            if not rows:
                return moved
            batches: list[Batch] = [pickle.loads(row[1]) for row in rows]
            extractions = [x for b in batches for x in b.extractions]
            keys = {k: v for b in batches for k, v in b.keys.items()}
            failures = [f for b in batches for f in b.failures]
            # Already in the ledger: a move stopped before the inbox forgot it.
            present = {x.document.id for x in extractions if store.has_document(x.document.id)}
            fresh = [x for x in extractions if x.document.id not in present]
            with store.transaction():
                moved += store.write_batch(fresh, failures, keys=keys)
            # Forgotten only once the ledger has committed them.
            ids = [row[0] for row in rows]
            marks = ", ".join("?" for _ in ids)
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(f"DELETE FROM inbox_docs WHERE batch IN ({marks})", ids)
                conn.execute(f"DELETE FROM batches WHERE id IN ({marks})", ids)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
