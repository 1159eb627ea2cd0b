"""The per-document stages on every core of one machine.

``map_documents`` takes a stream that mixes RawDocuments with anything else
(markers, failures), sends the RawDocuments to a pool of worker processes in
small chunks and gives back the stream in its original order, each
RawDocument replaced by its ``Processed`` result.  Only a bounded number of
chunks is in flight at any time, so a folder of a million files or a 10 GB
JSONL file never sits in memory.

Each worker builds its Pipeline once (the process initializer).  Workers are
started by a fork server, not forked from the caller: the caller may hold
threads (a progress bar, a Ray client) and open database handles that a
plain fork would copy in an unsafe state.  As with any non-fork start, a
script that ingests with several workers must do so under
``if __name__ == "__main__":``.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TypeVar

from newsledger.errors import NewsledgerError
from newsledger.lifeline import exit_with_parent
from newsledger.model import Document, Extraction, Failure, RawDocument
from newsledger.pipeline import Pipeline, failure_from
from newsledger.resolve.keys import DocumentKeys, document_keys
from newsledger.settings import Settings

T = TypeVar("T")

# Documents per task: enough to make inter-process overhead (pickling, a
# queue round trip: ~0.2 ms) small next to extraction (several ms per
# document), few enough that the pool stays balanced at the end of a run.
CHUNK_SIZE = 8
# Chunks in flight per worker: one running, the rest queued so that a worker
# never waits for the reader; bounds memory to workers * 4 * CHUNK_SIZE documents.
CHUNKS_PER_WORKER = 4
# A run of non-document items (failures, end-of-file markers) is cut at this
# length so that it cannot grow without bound while no document comes.
_MAX_PASS_THROUGH = 4 * CHUNK_SIZE


@dataclass(frozen=True, slots=True)
class Processed:
    """One document's result: its id (when it got that far) and what came of it.

    ``doc_id`` lets the caller recognise a duplicate even when extraction
    failed, exactly as a run in one process does (it checks before extracting).
    """

    doc_id: str | None
    result: Extraction | Failure
    # The document's keys for cross-document work (resolve.keys), computed
    # here so that the workers, not the storing process, pay for them.
    keys: DocumentKeys | None = None


def document_or_failure(pipeline: Pipeline, raw: RawDocument) -> Document | Failure:
    """The cleaned document, or the Failure that says why there is none."""
    try:
        return pipeline.document(raw)
    except Exception as error:  # one bad document must not stop a run
        return failure_from(raw.source, error)


def extract_or_failure(pipeline: Pipeline, raw: RawDocument, doc: Document) -> Extraction | Failure:
    """The extraction of ``doc``; one bad document becomes a Failure, not a crash."""
    try:
        return pipeline.extract(doc)
    except Exception as error:  # one bad document must not stop a run
        return failure_from(raw.source, error)


def process_raw(pipeline: Pipeline, raw: RawDocument) -> Processed:
    """Every per-document stage on one raw document."""
    doc = document_or_failure(pipeline, raw)
    if isinstance(doc, Failure):
        return Processed(None, doc)
    result = extract_or_failure(pipeline, raw, doc)
    if isinstance(result, Failure):
        return Processed(doc.id, result)
    try:
        keys = document_keys(result)
    except Exception:  # resolve computes missing keys from the store
        keys = None
    return Processed(doc.id, result, keys)


# -- worker side ------------------------------------------------------------------

_worker_pipeline: Pipeline | None = None


def _init_worker(settings: Settings, caller: int) -> None:
    global _worker_pipeline
    # Ctrl-C is the caller's to handle: it stops submitting, lets the running
    # chunks finish and shuts the pool down, instead of every worker dying
    # with its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A caller killed with -9 tells nobody: its workers would wait on their
    # task queue forever (each holds the queue's write end, so none sees
    # end-of-file), and the fork server and resource tracker with them, as
    # the workers hold their pipes too.  Each worker watches the caller
    # itself: its own parent is the fork server, which outlives the caller.
    exit_with_parent(caller)
    _worker_pipeline = Pipeline(settings)


def _work(chunk: list[RawDocument]) -> list[Processed]:
    assert _worker_pipeline is not None, "worker used before its initializer ran"
    return [process_raw(_worker_pipeline, raw) for raw in chunk]


# -- caller side ------------------------------------------------------------------


def map_documents(
    items: Iterable[RawDocument | T],
    settings: Settings,
    workers: int,
    *,
    pipeline: Pipeline | None = None,
) -> Iterator[Processed | T]:
    """``items`` in order, each RawDocument replaced by its ``Processed`` result.

    ``workers=1`` runs in this process (with ``pipeline`` if given); more
    start that many worker processes, stopped when the iterator is closed or
    exhausted.  A worker that dies (killed, out of memory) raises
    NewsledgerError; what was already handed back stays valid.
    """
    if workers <= 1:
        own = pipeline or Pipeline(settings)
        for item in items:
            yield process_raw(own, item) if isinstance(item, RawDocument) else item
        return
    context = multiprocessing.get_context("forkserver")
    # Import the heavy modules once in the fork server, not in every worker.
    context.set_forkserver_preload(["newsledger.pipeline"])
    pool = ProcessPoolExecutor(workers, context, _init_worker, (settings, os.getpid()))
    try:
        yield from _ordered(pool, items, workers * CHUNKS_PER_WORKER)
    except BrokenProcessPool:
        raise NewsledgerError(
            "a worker process died (out of memory, or killed) or could not start (in a "
            "script, start the ingest under `if __name__ == '__main__':`); what was stored "
            "is kept: run the same command again to resume, or use fewer workers"
        ) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _Hole:
    """Where a document's result goes in the ordered output."""


_HOLE = _Hole()


def _ordered(
    pool: ProcessPoolExecutor, items: Iterable[RawDocument | T], max_in_flight: int
) -> Iterator[Processed | T]:
    # Each slot: a pending chunk (or None when it has no documents) and the
    # items around its documents, in input order.
    slots: deque[tuple[Future[list[Processed]] | None, list[T | _Hole]]] = deque()
    in_flight = 0
    raws: list[RawDocument] = []
    layout: list[T | _Hole] = []

    def submit() -> None:
        nonlocal raws, layout, in_flight
        future = pool.submit(_work, raws) if raws else None
        in_flight += future is not None
        slots.append((future, layout))
        raws, layout = [], []

    def release_head() -> Iterator[Processed | T]:
        nonlocal in_flight
        future, head_layout = slots.popleft()
        results = iter(future.result()) if future is not None else iter(())
        in_flight -= future is not None
        for entry in head_layout:
            yield next(results) if isinstance(entry, _Hole) else entry

    for item in items:
        if isinstance(item, RawDocument):
            raws.append(item)
            layout.append(_HOLE)
        else:
            layout.append(item)
        if len(raws) >= CHUNK_SIZE or len(layout) >= _MAX_PASS_THROUGH:
            submit()
            while in_flight >= max_in_flight or (slots and slots[0][0] is None):
                yield from release_head()
            # Hand back whatever is already finished without waiting.
            while slots and (slots[0][0] is None or slots[0][0].done()):
                yield from release_head()
    if layout:
        submit()
    while slots:
        yield from release_head()
