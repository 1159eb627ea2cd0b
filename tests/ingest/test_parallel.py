"""Parallel ingest: same ledger as one process, input order kept, memory bounded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsledger import Ledger, Settings
from newsledger.ingest.parallel import CHUNK_SIZE, CHUNKS_PER_WORKER, Processed, map_documents
from newsledger.model import Extraction, Failure, RawDocument

EN = (
    "Northwind Robotics raised ${n} million on Tuesday, chief executive Priya Raman said.\n\n"
    "“We will hire {n} engineers in Boston,” Raman told reporters."
)
DE = (
    "Die Helix AG hat am Montag {n} Millionen Euro eingesammelt.\n\n"
    "„Wir bauen ein Werk in Leipzig“, sagte Vorstandschef Jonas Weber."
)


def _raw(n: int) -> RawDocument:
    template = EN if n % 2 else DE
    text = template.replace("{n}", str(10 + n))
    return RawDocument(source=f"doc{n}.txt", data=text.encode(), kind="text")


def _corpus(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:03d}.txt").write_bytes(_raw(n).data)
    (folder / "099-copy.txt").write_bytes(_raw(3).data)  # a duplicate
    (folder / "100-empty.txt").write_text("   ")  # a failure
    (folder / "101-boilerplate.html").write_text("<html><body><nav>Menu</nav></body></html>")
    return folder


def _snapshot(ledger: Ledger) -> tuple[object, ...]:
    store = ledger.store
    return (
        [(d.id, d.source) for d in store.documents()],
        store.mentions(),
        store.figures(),
        store.claims(),
        store.quotes(),
        store.events(),
        store.failures(),
    )


def test_two_workers_store_exactly_what_one_process_stores(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 30)
    results = {}
    for workers in (1, 2):
        settings = Settings(resolve=False, workers=workers, batch_size=7)
        with Ledger(tmp_path / f"w{workers}.db", settings) as ledger:
            state = ledger.ingest([corpus], count_files=True)
            results[workers] = (
                (state.ingested, state.duplicates, state.rejected, state.files, state.documents),
                _snapshot(ledger),
            )
            assert state.total_files == 33
            # Resuming adds nothing and does not even re-read the files.
            again = ledger.ingest([corpus])
            assert (again.ingested, again.unchanged_files) == (0, 33)
    assert results[1][0] == (30, 1, 2, 33, 32)
    assert results[2] == results[1]


def test_results_come_back_in_input_order_around_other_items() -> None:
    items: list[RawDocument | str] = []
    for n in range(3 * CHUNK_SIZE + 1):
        items.append(_raw(n))
        if n % 5 == 0:
            items.append(f"marker {n}")
    items.append(RawDocument(source="empty.txt", data=b"  ", kind="text"))
    out = list(map_documents(items, Settings(), workers=2))
    assert len(out) == len(items)
    for given, got in zip(items, out, strict=True):
        if isinstance(given, str):
            assert got == given
            continue
        assert isinstance(got, Processed)
        if given.source == "empty.txt":
            assert isinstance(got.result, Failure) and got.doc_id is None
        else:
            assert isinstance(got.result, Extraction)
            assert got.result.document.source == given.source
            assert got.doc_id == got.result.document.id


def test_only_a_bounded_number_of_documents_is_in_flight() -> None:
    pulled = 0

    def source() -> Iterator[RawDocument]:
        nonlocal pulled
        for n in range(80):
            pulled += 1
            yield _raw(n)

    workers = 2
    bound = (workers * CHUNKS_PER_WORKER + 1) * CHUNK_SIZE
    handed_back = 0
    for _ in map_documents(source(), Settings(), workers=workers):
        handed_back += 1
        assert pulled - handed_back <= bound
    assert handed_back == 80


def test_one_worker_runs_in_this_process_with_the_same_results() -> None:
    raws = [_raw(n) for n in range(4)]
    one = [p for p in map_documents(raws, Settings(), workers=1) if isinstance(p, Processed)]
    two = [p for p in map_documents(raws, Settings(), workers=2) if isinstance(p, Processed)]
    assert one == two
    assert all(isinstance(p.result, Extraction) for p in one)


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_reports_rate_and_eta(tmp_path: Path, workers: int) -> None:
    corpus = _corpus(tmp_path / "corpus", 5)
    seen = []
    settings = Settings(resolve=False, workers=workers)
    with Ledger(tmp_path / "l.db", settings) as ledger:
        ledger.ingest([corpus], progress=lambda s: seen.append((s.rate, s.eta)), count_files=True)
    rate, eta = seen[-1]
    assert rate > 0
    assert eta == 0
