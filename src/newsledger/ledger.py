"""The Ledger: a store plus the runs that fill it and the views that read it.

This is the library API the CLI, the HTTP API and a notebook all call::

    from newsledger import Ledger
    with Ledger("news.db") as ledger:
        summary = ledger.ingest(["articles/"])
        for entity, mentions, docs in ledger.store.entities()[:10]:
            print(entity.name, mentions, docs)
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsledger.ingest.sources import (
    Skipped,
    SourceFile,
    read_source,
    walk,
    walk_reporting_skipped,
)
from newsledger.kb import KnowledgeBase, load_kb
from newsledger.model import Extraction, Failure, RawDocument
from newsledger.settings import Settings
from newsledger.store import Store, open_store

if TYPE_CHECKING:
    # Imported where used: the pipeline (spaCy, trafilatura) and the
    # cross-document stages are seconds of start-up that a command reading
    # the ledger does not need.
    from newsledger.ingest.parallel import Processed
    from newsledger.pipeline import Pipeline
    from newsledger.resolve.incremental import ResolveCallback, ResolveProgress
    from newsledger.resolve.keys import DocumentKeys
    from newsledger.resolve.stories import PairEvidence


@dataclass
class IngestProgress:
    """Running counts of an ingest, passed to the progress callback."""

    files: int = 0
    ingested: int = 0
    duplicates: int = 0
    unchanged_files: int = 0
    failures: list[Failure] = field(default_factory=list)
    # Files in the folders given that newsledger does not read (a .pdf), and why.
    skipped: list[Skipped] = field(default_factory=list)
    # Documents read so far, whatever came of them.
    documents: int = 0
    # Files the run will look at, when counted beforehand (see Ledger.ingest).
    total_files: int | None = None
    started: float = field(default_factory=time.monotonic)

    @property
    def rejected(self) -> int:
        return len(self.failures)

    @property
    def elapsed(self) -> float:
        """Seconds since the run started."""
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        """Documents read per second so far."""
        elapsed = self.elapsed
        return self.documents / elapsed if elapsed > 0 else 0.0

    @property
    def files_done(self) -> int:
        return self.files + self.unchanged_files

    @property
    def eta(self) -> float | None:
        """Seconds left, estimated from the files done so far; None when unknown."""
        done = self.files_done
        if self.total_files is None or done == 0:
            return None
        return max(self.total_files - done, 0) * self.elapsed / done

    def summary_line(self) -> str:
        line = (
            f"ingested {self.ingested}, skipped {self.duplicates} duplicate(s), "
            f"rejected {self.rejected}"
        )
        if self.unchanged_files:
            line += f", {self.unchanged_files} unchanged file(s) not re-read"
        if self.skipped:
            line += f", skipped {len(self.skipped)} unsupported file(s)"
        return line


ProgressCallback = Callable[[IngestProgress], None]

# Seconds between progress reports between batches: often enough for a
# smooth bar, rarely enough to cost nothing.
PROGRESS_INTERVAL = 0.25


class Ledger:
    """A ledger stored at ``db`` (a SQLite path), with the settings of this run."""

    def __init__(self, db: str | os.PathLike[str] | None = None, settings: Settings | None = None):
        self.settings = settings or Settings()
        location = str(db) if db is not None else self.settings.db
        self.store: Store = open_store(location)
        self._kb: KnowledgeBase | None = None

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = load_kb(self.settings.kb_files)
        return self._kb

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest -------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[str | os.PathLike[str]],
        progress: ProgressCallback | None = None,
        *,
        count_files: bool = False,
        resolve_progress: ResolveCallback | None = None,
    ) -> IngestProgress:
        """Read, extract and store every document under ``paths``.

        Bad files are recorded as failures and skipped; documents already in
        the ledger are skipped; an interrupted run resumes where it stopped.
        With ``settings.workers`` above 1 the per-document stages run in that
        many processes; input is streamed and results are stored in input
        order either way.  ``count_files`` walks ``paths`` once beforehand so
        that progress can show a total and an ETA.  Cross-document
        resolution runs at the end unless ``settings.resolve`` is off.
        """
        from newsledger.ingest.parallel import map_documents
        from newsledger.pipeline import Pipeline
        from newsledger.resolve.keys import document_keys

        paths = list(paths)  # walked twice when counting
        parallel = self.settings.workers > 1
        # With workers, each builds its own; this process only stores.
        pipeline = None if parallel else Pipeline(self.settings, self.kb)
        state = IngestProgress()
        if count_files:
            state.total_files = sum(1 for item in walk(paths) if isinstance(item, SourceFile))
        batch: list[Extraction] = []
        batch_failures: list[Failure] = []
        batch_sources: list[tuple[str, str]] = []
        batch_ids: set[str] = set()
        batch_keys: dict[str, DocumentKeys] = {}
        last_report = time.monotonic()

        def flush() -> None:
            nonlocal last_report
            for extraction in batch:
                if extraction.document.id not in batch_keys:
                    batch_keys[extraction.document.id] = document_keys(extraction)
            self.store.write_batch(batch, batch_failures, batch_sources, batch_keys)
            batch_keys.clear()
            state.failures.extend(batch_failures)
            batch.clear()
            batch_failures.clear()
            batch_sources.clear()
            batch_ids.clear()
            if progress:
                progress(state)
                last_report = time.monotonic()

        def is_duplicate(doc_id: str) -> bool:
            return doc_id in batch_ids or self.store.has_document(doc_id)

        stream = self._stream(paths, state)
        events: Iterable[SourceFile | Failure | RawDocument | Processed] = (
            map_documents(stream, self.settings, self.settings.workers) if parallel else stream
        )
        for event in events:
            if isinstance(event, SourceFile):
                # Every document of the file has been handled: only now may
                # the file count as read, so that a killed run re-reads it.
                batch_sources.append((event.path, event.fingerprint))
                state.files += 1
                if len(batch) >= self.settings.batch_size or len(batch_sources) >= 1000:
                    flush()
                elif progress and time.monotonic() - last_report >= PROGRESS_INTERVAL:
                    progress(state)
                    last_report = time.monotonic()
                continue
            if isinstance(event, Failure):
                batch_failures.append(event)
                continue
            state.documents += 1
            if isinstance(event, RawDocument):
                assert pipeline is not None, "raw documents come only without workers"
                result = self._process(pipeline, event, batch_ids)
            elif event.doc_id is not None and is_duplicate(event.doc_id):
                result = None
            else:
                result = event.result
                if event.keys is not None:
                    batch_keys[event.keys.doc_id] = event.keys
            if result is None:
                state.duplicates += 1
            elif isinstance(result, Failure):
                batch_failures.append(result)
            else:
                batch.append(result)
                batch_ids.add(result.document.id)
                state.ingested += 1
                if len(batch) >= self.settings.batch_size:
                    # Mid-file too, so that a 10 GB JSONL file is not held in
                    # memory; the file itself is marked read only at its end.
                    flush()
        flush()
        if self.settings.resolve and (state.ingested or self.store.count_pending()):
            self.resolve(progress=resolve_progress)
        return state

    def _stream(
        self, paths: Iterable[str | os.PathLike[str]], state: IngestProgress
    ) -> Iterator[SourceFile | Failure | RawDocument]:
        """Each new file's documents (or Failures), then the file itself as an end marker."""
        for item in self._sources(paths, state):
            if isinstance(item, Failure):
                yield item
                continue
            yield from read_source(item, self.settings.max_bytes)
            yield item

    def _sources(
        self, paths: Iterable[str | os.PathLike[str]], state: IngestProgress
    ) -> Iterator[SourceFile | Failure]:
        for item in walk_reporting_skipped(paths):
            if isinstance(item, Skipped):
                state.skipped.append(item)
            elif isinstance(item, Failure):
                yield item
            elif self.store.source_seen(item.path, item.fingerprint):
                state.unchanged_files += 1
            else:
                yield item

    def _process(
        self, pipeline: Pipeline, raw: RawDocument, batch_ids: set[str]
    ) -> Extraction | Failure | None:
        """The extraction of ``raw``, a Failure, or None for a duplicate."""
        from newsledger.ingest.parallel import document_or_failure, extract_or_failure

        doc = document_or_failure(pipeline, raw)
        if isinstance(doc, Failure):
            return doc
        # Checked before extracting: a duplicate costs no extraction.
        if doc.id in batch_ids or self.store.has_document(doc.id):
            return None
        return extract_or_failure(pipeline, raw, doc)

    # -- cross-document stages ------------------------------------------------

    def resolve(
        self, full: bool = False, progress: ResolveCallback | None = None
    ) -> ResolveProgress:
        """Run the cross-document stages for the documents not yet resolved.

        Duplicates, site furniture, entities, conflicts and stories are
        updated for the keys the new documents touch (``resolve.incremental``);
        ``full`` (or a schema change) rebuilds them from every document.
        Work is committed a chunk of documents at a time: stopped at any
        point, the next run resumes.
        """
        from newsledger.resolve.incremental import Resolver

        return Resolver(self.store, self.kb, progress).run(full=full)

    # -- views ----------------------------------------------------------------

    def story_why(self, doc_ids: Sequence[str], max_pairs: int = 50) -> list[PairEvidence]:
        """Why documents were joined: the evidence of each pair (``story ID --why``).

        Compared with the rarity of the saved story index, as they were linked.
        """
        from newsledger.resolve.incremental import load_story_index
        from newsledger.resolve.stories import StoryIndex, story_evidence

        index = load_story_index(self.store) or StoryIndex()
        docs = [d for d in (self.store.document(i) for i in doc_ids) if d is not None]
        evidence = [story_evidence(e) for e in self.store.extractions_of(docs)]
        pairs = [index.compare(a, b) for i, a in enumerate(evidence) for b in evidence[i + 1 :]]
        pairs.sort(key=lambda p: -p.similarity)
        return pairs[:max_pairs]

    def export(self) -> dict[str, Any]:
        """The whole ledger as one JSON-ready object (docs/export-format.md)."""
        from newsledger.export import export_ledger

        return export_ledger(self.store)


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    db: str | os.PathLike[str] = "newsledger.db",
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
) -> IngestProgress:
    """Ingest ``paths`` into the ledger at ``db``; see ``Ledger.ingest``."""
    with Ledger(db, settings) as ledger:
        return ledger.ingest(paths, progress)
