"""``POST /api/documents``: one text, HTML page or feed body into the ledger."""

from __future__ import annotations

import dataclasses
import logging
import tempfile
import threading
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from newsledger.api import inbox
from newsledger.api.app import ServerConfig
from newsledger.api.schemas import IngestIn
from newsledger.errors import NewsledgerError
from newsledger.ingest.sources import SourceFile, read_source
from newsledger.kb import KnowledgeBase
from newsledger.ledger import Ledger
from newsledger.model import Extraction, Failure, RawDocument
from newsledger.pipeline import Pipeline
from newsledger.resolve.incremental import Resolver
from newsledger.resolve.keys import DocumentKeys, document_keys


def _raw_documents(body: IngestIn, max_bytes: int) -> list[RawDocument | Failure]:
    meta = {"url": body.url, "title": body.title, "published": body.published}
    if body.text is not None:
        return [
            RawDocument(
                source=body.url or "api:text", data=body.text.encode("utf-8"), kind="text", **meta
            )
        ]
    if body.html is not None:
        return [
            RawDocument(
                source=body.url or "api:html", data=body.html.encode("utf-8"), kind="html", **meta
            )
        ]
    assert body.feed is not None
    # The feed reader works on files; the body goes through a private
    # temporary one, and the documents are renamed after the request.
    with tempfile.TemporaryDirectory(prefix="newsledger-api-") as tmp:
        path = Path(tmp) / "feed.xml"
        path.write_text(body.feed, encoding="utf-8")
        stat = path.stat()
        found = list(read_source(SourceFile(str(path), stat.st_size, stat.st_mtime_ns), max_bytes))
    renamed: list[RawDocument | Failure] = []
    for item in found:
        where = item.path if isinstance(item, Failure) else item.source
        entry = where.rsplit("#", 1)[-1] if "#" in where else ""
        if isinstance(item, Failure):
            renamed.append(dataclasses.replace(item, path=f"api:feed#{entry}".rstrip("#")))
        else:
            source = item.url or f"{body.url or 'api:feed'}#{entry}"
            renamed.append(dataclasses.replace(item, source=source))
    return renamed


def _pipeline(config: ServerConfig, ledger: Ledger) -> Pipeline:
    pipeline = config.cache.get("pipeline")
    if not isinstance(pipeline, Pipeline):
        pipeline = Pipeline(ledger.settings, ledger.kb)
        config.cache["pipeline"] = pipeline
    return pipeline


def ingest_body(config: ServerConfig, body: IngestIn) -> dict[str, Any]:
    """Extract and store what the body holds; report what happened.

    Extraction (seconds for a long article on a busy machine, and the
    pipeline's loading on a worker's first write) runs before the write
    lock is taken: only the duplicate check and the store write hold it, so
    writers in other threads and worker processes, and the resolve queue,
    wait for a write, never for another request's extraction.
    Cross-document work is not done here: the documents are stored pending
    and the server's resolve queue is woken (see ``ResolveQueue``), so the
    answer does not wait for it.
    """
    failures: list[Failure] = []
    extracted: list[Extraction] = []
    with Ledger(config.db) as ledger:
        settings = ledger.settings
        # One extraction at a time per process: the pipeline's models are
        # shared, and threads would only share one core's GIL anyway.
        with config.extraction_lock:
            pipeline = _pipeline(config, ledger)
            for raw in _raw_documents(body, settings.max_bytes):
                if isinstance(raw, Failure):
                    failures.append(raw)
                    continue
                result = pipeline.process(raw)
                if isinstance(result, Failure):
                    failures.append(result)
                else:
                    extracted.append(result)
        found_keys = {x.document.id: document_keys(x) for x in extracted}
        added: list[Extraction] = []
        keys: dict[str, DocumentKeys] = {}
        duplicates = 0
        existing: list[str] = []
        resolve = settings.resolve
        box = inbox.inbox_path(config.db) if resolve else None

        def sort_out(waiting: set[str]) -> None:
            nonlocal duplicates
            for result in extracted:
                doc_id = result.document.id
                if (
                    doc_id in waiting
                    or ledger.store.has_document(doc_id)
                    or any(x.document.id == doc_id for x in added)
                ):
                    duplicates += 1
                    if doc_id not in existing:
                        existing.append(doc_id)
                else:
                    added.append(result)
                    keys[doc_id] = found_keys[doc_id]

        if box is not None and not config.write_lock.acquire_now():
            # Another writer (a resolve chunk) holds the ledger: into the
            # inbox, which nothing holds for long (api.inbox), so the answer
            # does not wait for the chunk.
            sort_out(inbox.has(box, [x.document.id for x in extracted]))
            if added or failures:
                inbox.put(box, inbox.Batch(tuple(added), keys, tuple(failures)))
        elif box is not None:
            # The ledger is free: straight in, listed at once.
            try:
                sort_out(inbox.has(box, [x.document.id for x in extracted]))
                ledger.store.write_batch(added, failures, keys=keys)
            finally:
                config.write_lock.__exit__(None, None, None)
        else:
            with config.write_lock:
                sort_out(set())
                ledger.store.write_batch(added, failures, keys=keys)
        doc_id = added[0].document.id if added else (existing[0] if existing else None)
        state = None
        if doc_id is not None:
            pending = ledger.store.is_pending(doc_id) or (
                box is not None and bool(inbox.has(box, [doc_id]))
            )
            state = "pending" if pending else "resolved"
    if resolve and (added or state == "pending"):
        # A duplicate of a document still pending (a retry after a crash)
        # wakes the queue too: the retry repairs what the crash left.
        resolve_queue(config).wake()
    return {
        "ingested": len(added),
        "duplicates": duplicates,
        "documents": [x.document.id for x in added],
        "existing": existing,
        "failures": [{"source": f.path, "stage": f.stage, "reason": f.reason} for f in failures],
        "id": doc_id,
        "state": state,
    }


# Documents resolved per transaction by the server's queue: small, so that a
# POST waiting for the write lock waits for one short chunk, not a backlog.
SERVER_RESOLVE_CHUNK = 50
# Seconds the queue waits before trying again after a failed run.
RETRY_SECONDS = 5.0

log = logging.getLogger("newsledger.api")
_queues: dict[str, ResolveQueue] = {}
_queues_lock = threading.Lock()


class ResolveQueue:
    """A thread of the server that resolves the ledger's pending documents.

    Woken after each write; one run handles everything pending, a chunk at a
    time, so documents stored by other processes (or before a crash) are
    resolved too.  Started with the server, it first resumes what is pending.
    """

    def __init__(self, db: str, write_lock: AbstractContextManager[Any]) -> None:
        self.db = db
        # Taken by each chunk's transaction: POSTs write between chunks.
        self.write_lock = write_lock
        self._wake = threading.Event()
        self._idle = threading.Event()
        # Loaded by the first run and kept: the knowledge base does not change.
        self._kb: KnowledgeBase | None = None
        self._thread = threading.Thread(target=self._loop, name="newsledger-resolve", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._idle.clear()
        self._wake.set()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until nothing woke the queue since its last run ended (tests)."""
        return self._idle.wait(timeout)

    def _loop(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            try:
                with Ledger(self.db) as ledger:
                    self._kb = self._kb or ledger.kb
                    ledger.store.write_gate = self.write_lock
                    # Another worker's queue may have resolved them already:
                    # then the story index is not loaded for nothing.
                    box = inbox.inbox_path(self.db)
                    if box is not None:
                        inbox.move(box, ledger.store)
                    if ledger.store.count_pending():
                        Resolver(ledger.store, self._kb).run(chunk=SERVER_RESOLVE_CHUNK)
            except Exception:  # the queue must outlive one bad run
                log.exception("background resolve of %s failed; retrying", self.db)
                time.sleep(RETRY_SECONDS)
                self._wake.set()
                continue
            if not self._wake.is_set():
                self._idle.set()


def resolve_queue(config: ServerConfig) -> ResolveQueue:
    """The resolve queue of the server's ledger, started on first use."""
    with _queues_lock:
        queue = _queues.get(config.db)
        if queue is None:
            queue = _queues[config.db] = ResolveQueue(config.db, config.write_lock)
        return queue


def resume_pending(config: ServerConfig) -> None:
    """At server start-up: load the pipeline when the server takes writes, and
    resolve whatever was stored but not resolved.

    Checked in a thread of its own, so that start-up does not wait for it.
    """
    threading.Thread(target=_resume, args=(config,), name="newsledger-resume", daemon=True).start()


def _resume(config: ServerConfig) -> None:
    try:
        with Ledger(config.db) as ledger:
            box = inbox.inbox_path(config.db)
            waiting = box is not None and inbox.waiting(box) > 0
            if ledger.settings.resolve and (waiting or ledger.store.count_pending()):
                resolve_queue(config).wake()
            if config.token is not None:
                # A server that takes writes loads its pipeline now, not in
                # its first POST: loading took 15-20 s per worker on a busy
                # machine, and was the slowest write of every run.
                with config.extraction_lock:
                    _pipeline(config, ledger)
    except NewsledgerError as error:
        # Each request reports it too; the server itself still starts.
        log.error("cannot check %s for documents to resolve: %s", config.db, error)
