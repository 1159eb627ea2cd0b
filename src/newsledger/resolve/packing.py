"""Lists of strings and ragged lists of numbers as flat numpy arrays.

Cross-document state (the story index) is saved with ``numpy.savez``: a few
flat arrays instead of millions of Python objects, so that saving and
loading it costs about its own size in memory, and loading never runs code
(no pickle; ``numpy.load(..., allow_pickle=False)``).
"""

from __future__ import annotations

import io
import itertools
from array import array
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

Arrays = dict[str, npt.NDArray[np.generic]]


def pack_strings(name: str, strings: Iterable[str], into: Arrays) -> None:
    """Store ``strings`` as ``name.bytes`` (UTF-8, concatenated) and ``name.lengths``."""
    encoded = [s.encode("utf-8") for s in strings]
    into[f"{name}.bytes"] = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    into[f"{name}.lengths"] = np.array([len(e) for e in encoded], dtype=np.int64)


def unpack_strings(name: str, arrays: Mapping[str, npt.NDArray[np.generic]]) -> list[str]:
    data = arrays[f"{name}.bytes"].tobytes()
    ends = np.cumsum(arrays[f"{name}.lengths"]).tolist()
    out, start = [], 0
    for end in ends:
        out.append(data[start:end].decode("utf-8"))
        start = end
    return out


def pack_ragged(
    name: str, rows: Sequence[Sequence[float]], dtype: type[np.generic], into: Arrays
) -> None:
    """Store a list of lists (or arrays) of numbers as ``name.flat`` and ``name.lengths``."""
    lengths = np.fromiter((len(row) for row in rows), dtype=np.int64, count=len(rows))
    into[f"{name}.flat"] = np.fromiter(
        itertools.chain.from_iterable(rows), dtype=dtype, count=int(lengths.sum())
    )
    into[f"{name}.lengths"] = lengths


def unpack_ragged(name: str, arrays: Mapping[str, npt.NDArray[np.generic]]) -> list[list[float]]:
    flat = arrays[f"{name}.flat"].tolist()
    out, start = [], 0
    for length in arrays[f"{name}.lengths"].tolist():
        out.append(flat[start : start + length])
        start += length
    return out


def unpack_arrays(
    name: str, arrays: Mapping[str, npt.NDArray[np.generic]], typecode: str
) -> list[array[Any]]:
    """Rows of ``pack_ragged`` as compact ``array.array``s (``typecode`` matching its dtype)."""
    flat = arrays[f"{name}.flat"]
    out, start = [], 0
    for length in arrays[f"{name}.lengths"].tolist():
        out.append(array(typecode, flat[start : start + length].tobytes()))
        start += length
    return out


def pack_tokens(name: str, rows: Sequence[Sequence[str]], into: Arrays) -> None:
    """Store rows of recurring strings (entity ids) as a vocabulary and int32 codes."""
    vocab: dict[str, int] = {}
    lengths = np.fromiter((len(row) for row in rows), dtype=np.int64, count=len(rows))
    into[f"{name}.codes"] = np.fromiter(
        (vocab.setdefault(token, len(vocab)) for row in rows for token in row),
        dtype=np.int32,
        count=int(lengths.sum()),
    )
    into[f"{name}.lengths"] = lengths
    pack_strings(f"{name}.vocab", vocab, into)


def unpack_tokens(
    name: str, arrays: Mapping[str, npt.NDArray[np.generic]]
) -> list[tuple[str, ...]]:
    """Rows stored by ``pack_tokens``; equal strings are one shared object."""
    vocab = unpack_strings(f"{name}.vocab", arrays)
    codes = arrays[f"{name}.codes"].tolist()
    out, start = [], 0
    for length in arrays[f"{name}.lengths"].tolist():
        out.append(tuple(vocab[code] for code in codes[start : start + length]))
        start += length
    return out


def to_bytes(arrays: Arrays) -> bytes:
    buffer = io.BytesIO()
    # Compressed: the same entity ids recur across documents and stories,
    # and the saved state shrinks to about a third.
    np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
    return buffer.getvalue()


def from_bytes(data: bytes) -> dict[str, npt.NDArray[np.generic]]:
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        return {name: archive[name] for name in archive.files}
