"""Documents per feature, most recent last, in compact form."""

from __future__ import annotations

from array import array
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from newsledger.resolve.packing import (
    Arrays,
    pack_ragged,
    pack_strings,
    unpack_arrays,
    unpack_strings,
)

WEIGHT_BITS = 20
WEIGHT_SCALE = float(1 << WEIGHT_BITS)


class Postings:
    """Documents per feature, most recent last.

    Most features occur once (a text band, an obscure name): those are kept
    as one packed int (document index and weight), and become arrays only
    when a second document shares them, which cuts memory by about half.
    """

    def __init__(self) -> None:
        self.single: dict[str, int] = {}
        self.docs: dict[str, array[int]] = {}
        self.weights: dict[str, array[float]] = {}

    def df(self, key: str) -> int:
        docs = self.docs.get(key)
        if docs is not None:
            return len(docs)
        return 1 if key in self.single else 0

    def add(self, key: str, index: int, weight: float) -> tuple[int, float] | None:
        """Record ``index``; return the first document and weight if ``key`` just became shared."""
        docs = self.docs.get(key)
        if docs is not None:
            docs.append(index)
            self.weights[key].append(weight)
            return None
        packed = self.single.pop(key, None)
        if packed is None:
            quantised = min(int(weight * WEIGHT_SCALE), (1 << WEIGHT_BITS) - 1)
            self.single[key] = (index << WEIGHT_BITS) | quantised
            return None
        first, first_weight = self._unpack(packed)
        self.docs[key] = array("q", (first, index))
        self.weights[key] = array("d", (first_weight, weight))
        return first, first_weight

    def recent(
        self, key: str, window: int
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]] | None:
        docs = self.docs.get(key)
        if docs is not None:
            start = max(0, len(docs) - window)
            return (
                np.frombuffer(docs, dtype=np.int64)[start:],
                np.frombuffer(self.weights[key], dtype=np.float64)[start:],
            )
        packed = self.single.get(key)
        if packed is None:
            return None
        first, weight = self._unpack(packed)
        return np.array([first], dtype=np.int64), np.array([weight])

    @staticmethod
    def _unpack(packed: int) -> tuple[int, float]:
        return packed >> WEIGHT_BITS, (packed & ((1 << WEIGHT_BITS) - 1)) / WEIGHT_SCALE

    def save(self, into: Arrays) -> None:
        pack_strings("single.keys", self.single, into)
        into["single.packed"] = np.array(list(self.single.values()), dtype=np.int64)
        pack_strings("shared.keys", self.docs, into)
        pack_ragged("shared.docs", list(self.docs.values()), np.int64, into)
        pack_ragged("shared.weights", list(self.weights.values()), np.float64, into)

    @classmethod
    def load(cls, arrays: Mapping[str, npt.NDArray[np.generic]]) -> Postings:
        postings = cls()
        postings.single = dict(
            zip(
                unpack_strings("single.keys", arrays),
                arrays["single.packed"].tolist(),
                strict=True,
            )
        )
        keys = unpack_strings("shared.keys", arrays)
        postings.docs = dict(zip(keys, unpack_arrays("shared.docs", arrays, "q"), strict=True))
        postings.weights = dict(
            zip(keys, unpack_arrays("shared.weights", arrays, "d"), strict=True)
        )
        return postings
