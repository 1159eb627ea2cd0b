"""Per-document keys for the cross-document stages, computed once at ingest.

Resolve compares a new document with the ledger through these keys alone,
so it never re-reads every stored document:

- ``signature``: the MinHash of the text (duplicates; LSH bands are derived
  from it), with what ranks an original (day published, length);
- ``lines``: hashes of the short lines that may be site furniture
  (``text.boilerplate``), counted per site;
- ``evidence``: the story evidence (``resolve.story_evidence``), as JSON,
  before any entity merge (resolve applies the merges of its day).

They are computed where the document is extracted (in the ingest workers)
and stored with it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from newsledger.model import Extraction
from newsledger.resolve.story_evidence import StoryEvidence, story_evidence
from newsledger.text.boilerplate import BoilerplateHistory


@dataclass(frozen=True, slots=True)
class DocumentKeys:
    """What resolve needs of one document, without its text."""

    doc_id: str
    signature: bytes  # NUM_PERM little-endian uint32 values
    day: str | None
    length: int
    site: str
    lines: tuple[int, ...]
    evidence: str  # StoryEvidence as JSON

    def signature_array(self) -> np.ndarray[tuple[int], np.dtype[np.uint32]]:
        return np.frombuffer(self.signature, dtype="<u4").astype(np.uint32)

    def story_evidence(self) -> StoryEvidence:
        return StoryEvidence.from_json(json.loads(self.evidence))


def line_hash(line: str) -> int:
    """A signed 64-bit hash of a normalised line (fits an SQL INTEGER)."""
    digest = hashlib.blake2b(line.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def furniture_lines(site: str, text: str) -> tuple[int, ...]:
    """Hashes of the lines of ``text`` that count towards ``site``'s furniture."""
    history = BoilerplateHistory()
    history.observe(site, text)
    return tuple(sorted({line_hash(line) for line in history.counts.get(site, ())}))


class HashedLines(Collection[str]):
    """Normalised lines given by their hashes: ``line in HashedLines(h)`` hashes ``line``.

    Lets ``text.boilerplate.repeated_line_spans`` find a document's lines
    from the stored hashes of a site's repeated lines.
    """

    def __init__(self, hashes: Iterable[int]) -> None:
        self._hashes = frozenset(hashes)

    def __contains__(self, line: object) -> bool:
        return isinstance(line, str) and line_hash(line) in self._hashes

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return len(self._hashes)


def document_keys(extraction: Extraction) -> DocumentKeys:
    """The keys of one extracted document (pure; run in the ingest workers)."""
    # Here, not at the top: datasketch (and the scipy it loads) is start-up
    # time that reading stored keys does not need.
    from newsledger.resolve.duplicates import signature

    doc = extraction.document
    values = signature(doc.text).astype("<u4")
    return DocumentKeys(
        doc_id=doc.id,
        signature=values.tobytes(),
        day=doc.published[:10] if doc.published else None,
        length=len(doc.text),
        site=doc.outlet,
        lines=furniture_lines(doc.outlet, doc.text),
        evidence=json.dumps(story_evidence(extraction).to_json(), ensure_ascii=False),
    )
