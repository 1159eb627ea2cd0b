"""Features and documents as integer ids: frequencies, capped postings, vectors.

Every feature key gets an integer id the first time it is seen; per id the
index keeps its document frequency, its family and kind weight, and the
most recent documents that have it (``POSTING_CAP`` of them: a candidate
for a new document is found through the rare keys both share, and a
running story has recent coverage).  Per document it keeps the sorted
feature ids and weights, so that a candidate is scored exactly on all the
features both share.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from newsledger.resolve.packing import (
    Arrays,
    pack_ragged,
    pack_strings,
    unpack_arrays,
    unpack_strings,
)
from newsledger.resolve.stories.common import family_of
from newsledger.resolve.stories.params import POSTING_CAP
from newsledger.resolve.story_evidence import KIND_WEIGHT

Vector = npt.NDArray[Any]


class Grow:
    """A numpy array that grows by doubling (amortised constant append)."""

    def __init__(self, dtype: Any, data: Vector | None = None) -> None:
        self._data: Vector = np.zeros(16, dtype=dtype) if data is None else np.array(data, dtype)
        self.size = 0 if data is None else len(data)

    def view(self) -> Vector:
        return self._data[: self.size]

    def extend(self, values: Vector | list[Any]) -> None:
        n = len(values)
        if self.size + n > len(self._data):
            grown = np.zeros(max(self.size + n, 2 * len(self._data)), dtype=self._data.dtype)
            grown[: self.size] = self._data[: self.size]
            self._data = grown
        self._data[self.size : self.size + n] = values
        self.size += n

    def append(self, value: Any) -> None:
        self.extend([value])


class Features:
    """Feature ids with document frequency, family, kind weight and recent documents."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.keys: list[str] = []
        # Documents counted per feature: indexed ones and those of the batch
        # being placed (rarity is judged over the whole batch).
        self.df = Grow(np.int32)
        self.family = Grow(np.int8)
        self.kind_weight = Grow(np.float64)
        self.is_entity = Grow(np.bool_)
        # The first indexed document of a feature (-1: none yet); a feature
        # held by two documents or more gets a posting list instead: most
        # features occur once, and an array each would double the memory.
        self.first = Grow(np.int32)
        self.shared: dict[int, array[int]] = {}

    def __len__(self) -> int:
        return len(self.keys)

    def register(self, keys: Iterable[str]) -> Vector:
        """Ids of ``keys`` (new ones are added), each counted once more in its frequency."""
        ids = self.ids
        fids: list[int] = []
        new: list[str] = []
        for key in keys:
            fid = ids.get(key)
            if fid is None:
                fid = len(self.keys)
                ids[key] = fid
                self.keys.append(key)
                new.append(key)
            fids.append(fid)
        if new:
            self.df.extend(np.zeros(len(new), dtype=np.int32))
            self.family.extend([family_of(k) for k in new])
            self.kind_weight.extend([KIND_WEIGHT.get(k[0], 1.0) for k in new])
            self.is_entity.extend([k.startswith("e:") for k in new])
            self.first.extend(np.full(len(new), -1, dtype=np.int32))
        out = np.array(fids, dtype=np.int32)
        self.df.view()[out] += 1
        return out

    def uncount(self, fids: Vector) -> None:
        self.df.view()[fids] -= 1

    def df_of(self, key: str) -> int:
        fid = self.ids.get(key)
        return 0 if fid is None else int(self.df.view()[fid])

    def post(self, fids: Vector, doc: int) -> list[tuple[int, int]]:
        """Record that document ``doc`` has the features ``fids``.

        Returns the features that no indexed document had but one, with that
        document: they have just become shared.
        """
        first = self.first.view()
        shared = self.shared
        now_shared: list[tuple[int, int]] = []
        for fid in fids.tolist():
            docs = shared.get(fid)
            if docs is not None:
                docs.append(doc)
                if len(docs) >= 2 * POSTING_CAP:
                    # Only recent documents are candidates: the list is
                    # capped, trimmed in halves so that appending stays cheap.
                    del docs[: len(docs) - POSTING_CAP]
            elif first[fid] < 0:
                first[fid] = doc
            else:
                shared[fid] = array("i", (int(first[fid]), doc))
                now_shared.append((fid, int(first[fid])))
        return now_shared

    def recent(self, fid: int) -> Vector | None:
        docs = self.shared.get(fid)
        if docs is not None:
            return np.frombuffer(docs, dtype=np.int32)[-POSTING_CAP:].copy()
        first = int(self.first.view()[fid])
        return np.array([first], dtype=np.int32) if first >= 0 else None

    def save(self, into: Arrays) -> None:
        pack_strings("features.keys", self.keys, into)
        into["features.df"] = self.df.view()
        into["features.first"] = self.first.view()
        into["features.shared_ids"] = np.array(list(self.shared), dtype=np.int64)
        pack_ragged("features.shared", list(self.shared.values()), np.int32, into)

    @classmethod
    def load(cls, arrays: Mapping[str, npt.NDArray[np.generic]]) -> Features:
        features = cls()
        keys = unpack_strings("features.keys", arrays)
        features.keys = keys
        features.ids = {key: i for i, key in enumerate(keys)}
        features.df = Grow(np.int32, arrays["features.df"])
        features.family = Grow(np.int8, np.array([family_of(k) for k in keys], dtype=np.int8))
        features.kind_weight = Grow(
            np.float64, np.array([KIND_WEIGHT.get(k[0], 1.0) for k in keys], dtype=np.float64)
        )
        features.is_entity = Grow(np.bool_, np.array([k.startswith("e:") for k in keys], bool))
        features.first = Grow(np.int32, arrays["features.first"])
        features.shared = dict(
            zip(
                arrays["features.shared_ids"].tolist(),
                unpack_arrays("features.shared", arrays, "i"),
                strict=True,
            )
        )
        return features


class Vectors:
    """Each document's feature ids (sorted) and weights, in flat arrays."""

    def __init__(self) -> None:
        self.offsets = Grow(np.int64, np.zeros(1, dtype=np.int64))
        self.fids = Grow(np.int32)
        self.weights = Grow(np.float64)

    def add(self, fids: Vector, weights: Vector) -> None:
        self.fids.extend(fids)
        self.weights.extend(weights)
        self.offsets.append(self.fids.size)

    def of(self, docs: Vector) -> tuple[Vector, Vector, Vector]:
        """Feature ids, weights and the owner (position in ``docs``) of each entry."""
        offsets = self.offsets.view()
        starts = offsets[docs]
        lengths = offsets[docs + 1] - starts
        owner = np.repeat(np.arange(len(docs)), lengths)
        shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        positions = np.arange(int(lengths.sum())) + shift
        return self.fids.view()[positions], self.weights.view()[positions], owner

    def save(self, into: Arrays) -> None:
        into["vectors.offsets"] = self.offsets.view()
        into["vectors.fids"] = self.fids.view()
        into["vectors.weights"] = self.weights.view()

    @classmethod
    def load(cls, arrays: Mapping[str, npt.NDArray[np.generic]]) -> Vectors:
        vectors = cls()
        vectors.offsets = Grow(np.int64, arrays["vectors.offsets"])
        vectors.fids = Grow(np.int32, arrays["vectors.fids"])
        vectors.weights = Grow(np.float64, arrays["vectors.weights"])
        return vectors
