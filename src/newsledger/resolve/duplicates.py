"""Near-duplicate documents: copies, syndicated versions and close rewrites.

A copy is not independent corroboration: claim counts treat a group of
copies as one source.  Documents are compared by MinHash signatures over
word shingles, and candidates are found with datasketch's MinHash LSH, so
that adding a document costs about the same whatever the corpus size.  Each
group is linked to its original: the earliest published document, else the
longest, else the smallest id (so the answer does not depend on order).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH

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
# The LSH bands are tuned a little below the decision threshold so that
# pairs near it are still proposed; each proposal is then checked.
LSH_THRESHOLD = 0.4

_WORD = re.compile(r"\w+", re.UNICODE)
_SEED = 1


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Case-folded word ``size``-grams of ``text`` (the whole text when shorter)."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    """MinHash of the word shingles of ``text``."""
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED)
    minhash.update_batch(list(shingles(text)))
    return minhash


class DuplicateIndex:
    """An incremental duplicate finder: add documents, ask for originals.

    Holds an LSH index and one compact signature per document (512 bytes),
    not the texts.
    """

    def __init__(self, threshold: float = DUPLICATE_JACCARD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self._signatures: dict[str, npt.NDArray[np.uint32]] = {}
        self._rank: dict[str, tuple[bool, str, int, str]] = {}
        self._parent: dict[str, str] = {}
        self._size: dict[str, int] = {}  # group size, kept at roots

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._signatures

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, doc_id: str, text: str, published: str | None = None) -> str | None:
        """Index a document; return the id of its group's original, or None when unique.

        Adding a document that is already indexed changes nothing.
        """
        if doc_id not in self._signatures:
            minhash = signature(text)
            values = minhash.hashvalues.astype(np.uint32)
            self._rank[doc_id] = (published is None, published or "", -len(text), doc_id)
            self._parent[doc_id] = doc_id
            self._size[doc_id] = 1
            for other in self._lsh.query(minhash):
                if self._similarity(values, self._signatures[other]) >= self.threshold:
                    self._union(doc_id, other)
            self._signatures[doc_id] = values
            self._lsh.insert(doc_id, minhash)
        original = self._find(doc_id)
        if original != doc_id:
            return original
        return original if self._size[original] > 1 else None

    def original_of(self, doc_id: str) -> str:
        """The original of ``doc_id``'s group (the document itself when unique)."""
        return self._find(doc_id)

    def mapping(self) -> dict[str, str]:
        """Every copy's id mapped to its original's id."""
        out: dict[str, str] = {}
        for doc_id in self._parent:
            root = self._find(doc_id)
            if root != doc_id:
                out[doc_id] = root
        return out

    @staticmethod
    def _similarity(a: npt.NDArray[np.uint32], b: npt.NDArray[np.uint32]) -> float:
        return float(np.count_nonzero(a == b)) / len(a)

    def _find(self, doc_id: str) -> str:
        parent = self._parent
        root = doc_id
        while parent[root] != root:
            root = parent[root]
        while parent[doc_id] != root:  # path compression
            parent[doc_id], doc_id = root, parent[doc_id]
        return root

    def _union(self, a: str, b: str) -> None:
        root_a, root_b = self._find(a), self._find(b)
        if root_a == root_b:
            return
        # The better-ranked root (earliest, then longest) stays the original.
        if self._rank[root_b] < self._rank[root_a]:
            root_a, root_b = root_b, root_a
        self._parent[root_b] = root_a
        self._size[root_a] += self._size.pop(root_b)


def find_duplicates(docs: Sequence[tuple[str, str, str | None]]) -> dict[str, str]:
    """Map each copy's id to the id of its original.

    ``docs`` are ``(id, text, published)``; the original of a group is the
    earliest published document, else the longest.  Unique documents are
    not in the result.
    """
    index = DuplicateIndex()
    for doc_id, text, published in _ordered(docs):
        index.add(doc_id, text, published)
    return index.mapping()


def _ordered(
    docs: Iterable[tuple[str, str, str | None]],
) -> list[tuple[str, str, str | None]]:
    # Stable, order-independent result: union-find roots do not depend on
    # the order, but sorting keeps LSH insertion deterministic too.
    return sorted(docs, key=lambda d: d[0])
