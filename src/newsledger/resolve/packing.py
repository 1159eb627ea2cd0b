"""Lists of strings and ragged lists of numbers as flat numpy arrays.

Cross-document state (the story index) is saved with ``numpy.savez``: a few
flat arrays instead of millions of Python objects, so that saving and
loading it costs about its own size in memory, and loading never runs code
(no pickle; ``numpy.load(..., allow_pickle=False)``).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

Arrays = dict[str, npt.NDArray[np.generic]]


def pack_strings(name: str, strings: Iterable[str], into: Arrays) -> None:
    """Store ``strings`` as ``name.bytes`` (UTF-8, concatenated) and ``name.lengths``."""
    encoded = [s.encode("utf-8") for s in strings]
    into[f"{name}.bytes"] = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    into[f"{name}.lengths"] = np.array([len(e) for e in encoded], dtype=np.int64)


def unpack_strings(
    name: str, arrays: Mapping[str, npt.NDArray[np.generic]], *, shared: bool = False
) -> list[str]:
    """The strings ``pack_strings`` stored; ``shared`` interns them (ids that recur)."""
    data = arrays[f"{name}.bytes"].tobytes()
    ends = np.cumsum(arrays[f"{name}.lengths"]).tolist()
    out, start = [], 0
    for end in ends:
        text = data[start:end].decode("utf-8")
        out.append(sys.intern(text) if shared else text)
        start = end
    return out


def pack_ragged(
    name: str, rows: Iterable[Sequence[float]], dtype: type[np.generic], into: Arrays
) -> None:
    """Store a list of lists as ``name.flat`` and ``name.lengths``."""
    lengths: list[int] = []
    flat: list[float] = []
    for row in rows:
        lengths.append(len(row))
        flat.extend(row)
    into[f"{name}.flat"] = np.array(flat, dtype=dtype)
    into[f"{name}.lengths"] = np.array(lengths, dtype=np.int64)


def unpack_ragged(name: str, arrays: Mapping[str, npt.NDArray[np.generic]]) -> list[list[float]]:
    flat = arrays[f"{name}.flat"].tolist()
    out, start = [], 0
    for length in arrays[f"{name}.lengths"].tolist():
        out.append(flat[start : start + length])
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
