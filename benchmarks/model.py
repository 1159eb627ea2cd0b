"""Record types: frozen dataclasses (slots) against msgspec structs.

model.py's nouns are built by the million (mentions, figures) and sent
between processes, so the choice is measured: construction time, pickling
(how records travel to and from worker processes) and memory per record.

    .venv/bin/python benchmarks/model.py
"""

from __future__ import annotations

import pickle
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgspec

N = 200_000


@dataclass(frozen=True, slots=True)
class MentionDC:
    doc_id: str
    start: int
    end: int
    text: str
    entity_id: str
    name: str
    type: str
    origin: str = "kb"


class MentionStruct(msgspec.Struct, frozen=True):
    doc_id: str
    start: int
    end: int
    text: str
    entity_id: str
    name: str
    type: str
    origin: str = "kb"


def build(cls: Callable[..., Any]) -> list[Any]:
    return [cls("doc", i, i + 5, "Musk", "kb:Q317521", "Elon Musk", "PERSON") for i in range(N)]


def measure(name: str, cls: Callable[..., Any]) -> None:
    start = time.perf_counter()
    records = build(cls)
    built = time.perf_counter() - start
    tracemalloc.start()
    records = build(cls)
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    start = time.perf_counter()
    blob = pickle.dumps(records)
    back = pickle.loads(blob)
    pickled = time.perf_counter() - start
    assert back == records
    print(
        f"{name:<22} build {N / built / 1e6:5.2f} M/s  pickle+unpickle {N / pickled / 1e6:5.2f} M/s"
        f"  {size / N:5.0f} B/record  {len(blob) / N:5.0f} B pickled"
    )


if __name__ == "__main__":
    measure("dataclass(slots)", MentionDC)
    measure("msgspec.Struct", MentionStruct)
