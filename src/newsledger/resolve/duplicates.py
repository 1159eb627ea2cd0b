"""Near-duplicate documents: copies, syndicated versions and close rewrites.

A copy is not independent corroboration: claim counts treat a group of
copies as one source.  Documents are compared by MinHash signatures over
word shingles; candidate pairs come from locality-sensitive hashing (LSH)
over bands of the signature, done with numpy over all signatures at once:
one row of 512 bytes per document and a sort per band, so that 100,000
documents take about 60 MB (a dict-based LSH index took over 1 GB).  Each
group is linked to its original: the one published on the earliest day; on
the same day, or when a date is unknown, the one ingested first, unless a
later one is much fuller (the first was a teaser of it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

# Words per shingle.  Three keeps a rewrite that changed some sentences
# similar (its unchanged sentences keep their shingles) while two articles
# on the same story written independently share few three-word runs.
SHINGLE_WORDS = 3
NUM_PERM = 128
# Estimated Jaccard similarity of shingle sets above which two documents
# are copies.  Syndicated copies with a different headline or footer score
# 0.8-1.0; rewrites that change a third of the sentences about 0.5; separate
# reports of one event below 0.15 (measured on generated rewrites in
# tests/resolve/test_duplicates.py).
DUPLICATE_JACCARD = 0.5
# LSH bands of rows: two documents become candidates when all rows of one
# band agree.  32 bands of 4 put the 50 % candidate point near Jaccard 0.4,
# a little below the decision threshold, so that pairs near it are still
# proposed; each proposal is then checked on the whole signature.
LSH_BANDS = 32
LSH_ROWS = 4
# Members of one band bucket compared with a newcomer, most recent first:
# bounds the work on a bucket of a thousand copies of one wire story (they
# join the same group after the first comparison and are skipped anyway).
BUCKET_SCAN = 50
# A later document of a group replaces an earlier one of the same or unknown
# date as its original when the earlier is shorter than this share of it: a
# feed teaser or an excerpt ingested first is not the original of the full
# article, while a syndicated copy that only adds a credit line or footer
# (a few percent longer) is still the copy.  Rewrites and copies within the
# Jaccard threshold differ in length by far less than a fifth.
FULLER_SHARE = 0.8

_WORD = re.compile(r"\w+", re.UNICODE)
_SEED = 1
# Odd 64-bit multipliers that mix a band's rows into one key.
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5],
    dtype=np.uint64,
)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Case-folded word ``size``-grams of ``text`` (the whole text when shorter)."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> npt.NDArray[np.uint32]:
    """MinHash of the word shingles of ``text``: NUM_PERM 32-bit values."""
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED)
    minhash.update_batch(list(shingles(text)))
    values: npt.NDArray[np.uint32] = minhash.hashvalues.astype(np.uint32)
    return values


class DuplicateIndex:
    """Collects document signatures; ``mapping`` links each copy to its original.

    Holds one signature per document (512 bytes) and what ranks originals,
    not the texts.  Adding a document that is already indexed changes nothing.
    """

    def __init__(self, threshold: float = DUPLICATE_JACCARD) -> None:
        self.threshold = threshold
        self._ids: list[str] = []
        self._position: dict[str, int] = {}
        self._signatures: list[npt.NDArray[np.uint32]] = []
        # Per document, in ingest order: the day it was published, its length.
        self._rank: list[tuple[str | None, int]] = []

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._position

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, doc_id: str, text: str, published: str | None = None) -> None:
        """Index a document (its text is hashed here and not kept)."""
        if doc_id in self._position:
            return
        self._position[doc_id] = len(self._ids)
        self._ids.append(doc_id)
        self._signatures.append(signature(text))
        self._rank.append((published[:10] if published else None, len(text)))

    def mapping(self) -> dict[str, str]:
        """Every copy's id mapped to its original's id."""
        if not self._ids:
            return {}
        signatures = np.vstack(self._signatures)
        self._signatures = [signatures]  # one array instead of one per document
        parent = list(range(len(self._ids)))

        def find(node: int) -> int:
            root = node
            while parent[root] != root:
                root = parent[root]
            while parent[node] != root:  # path compression
                parent[node], node = root, parent[node]
            return root

        for bucket in _buckets(signatures):
            for i, member in enumerate(bucket):
                for earlier in bucket[max(0, i - BUCKET_SCAN) : i][::-1]:
                    a, b = find(member), find(earlier)
                    if a == b:
                        continue
                    if _similarity(signatures[member], signatures[earlier]) >= self.threshold:
                        parent[max(a, b)] = min(a, b)
        groups: dict[int, list[int]] = {}
        for node in range(len(self._ids)):
            groups.setdefault(find(node), []).append(node)
        out: dict[str, str] = {}
        for members in groups.values():
            if len(members) < 2:
                continue
            original = members[0]
            for node in members[1:]:  # ascending: ingest order
                if _better_original(self._rank[node], self._rank[original]):
                    original = node
            for node in members:
                if node != original:
                    out[self._ids[node]] = self._ids[original]
        return out


def band_keys(values: npt.NDArray[np.uint32]) -> list[int]:
    """The LSH bucket keys of one signature, one per band, as signed 64-bit integers.

    The same keys ``mapping`` sorts by, so that a stored key finds the
    documents a one-go run would have put in the same bucket.
    """
    rows = values.reshape(LSH_BANDS, LSH_ROWS).astype(np.uint64)
    keys = (rows * _MIX[:LSH_ROWS]).sum(axis=1, dtype=np.uint64) ^ np.arange(
        LSH_BANDS, dtype=np.uint64
    )
    return [int(k) for k in keys.astype(np.int64)]


def similarity(a: npt.NDArray[np.uint32], b: npt.NDArray[np.uint32]) -> float:
    """Estimated Jaccard similarity of two documents' shingles, from their signatures."""
    return _similarity(a, b)


def better_original(later: tuple[str | None, int], earlier: tuple[str | None, int]) -> bool:
    """Whether a document ingested later is more the original than an earlier one."""
    return _better_original(later, earlier)


def _better_original(later: tuple[str | None, int], earlier: tuple[str | None, int]) -> bool:
    """Whether a document ingested later is more the original than an earlier one."""
    (later_day, later_len), (earlier_day, earlier_len) = later, earlier
    if later_day is not None and earlier_day is not None and later_day != earlier_day:
        return later_day < earlier_day
    return earlier_len < later_len * FULLER_SHARE


def _buckets(signatures: npt.NDArray[np.uint32]) -> Iterable[list[int]]:
    """Documents (row numbers, ascending) that share a whole band, one bucket at a time."""
    for band in range(LSH_BANDS):
        rows = signatures[:, band * LSH_ROWS : (band + 1) * LSH_ROWS].astype(np.uint64)
        keys = (rows * _MIX[:LSH_ROWS]).sum(axis=1, dtype=np.uint64) ^ np.uint64(band)
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        # Runs of equal keys; most runs have one member and are skipped.
        starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
        ends = np.append(starts[1:], len(ordered))
        for start, end in zip(starts[ends - starts > 1], ends[ends - starts > 1], strict=True):
            yield sorted(order[start:end].tolist())


def _similarity(a: npt.NDArray[np.uint32], b: npt.NDArray[np.uint32]) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


def find_duplicates(docs: Sequence[tuple[str, str, str | None]]) -> dict[str, str]:
    """Map each copy's id to the id of its original.

    ``docs`` are ``(id, text, published)`` in ingest order; the original of
    a group is the earliest published, then the first ingested, unless a
    later one is much fuller.  Unique documents are not in the result.
    """
    index = DuplicateIndex()
    for doc_id, text, published in docs:
        index.add(doc_id, text, published)
    return index.mapping()
