"""What incremental resolve keeps between runs: threads by row, the story
index with its log of placed batches, stored names by key."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger import Ledger, Settings
from newsledger.resolve import incremental
from newsledger.resolve.incremental import load_story_index
from newsledger.resolve.stories import thread_to_json
from tests.resolve.test_incremental import _corpus


def _grown(tmp_path: Path, steps: int = 3) -> Path:
    db = tmp_path / "l.db"
    for i in range(steps):
        with Ledger(db, Settings()) as ledger:
            ledger.ingest([_corpus(tmp_path / f"p{i}", i * 7, 7)])
    return db


def test_threads_kept_per_row_equal_the_threads_of_the_whole_index(tmp_path: Path) -> None:
    db = _grown(tmp_path)
    with Ledger(db, Settings()) as ledger:
        index = load_story_index(ledger.store)
        assert index is not None
        whole = [thread_to_json(t) for t in index.threads(2)]
        kept = ledger.store.get_state("threads", [])
    assert whole, "the corpus forms threads"
    assert kept == whole


def test_the_story_index_read_back_from_its_blob_and_log_is_the_one_placed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A blob after the first step, then a row per step: the load replays them.
    monkeypatch.setattr(incremental, "LOG_MIN_DOCS", 8)
    monkeypatch.setattr(incremental, "LOG_SHARE", 0.0)
    db = _grown(tmp_path)
    placed = next(iter(incremental._CACHE.values()))[1]
    with Ledger(db, Settings()) as ledger:
        assert ledger.store.story_log(), "the later steps are kept as log rows"
        assert ledger.store.get_blob(incremental.STORY_INDEX_STATE), "the first as the blob"
        loaded = load_story_index(ledger.store)
    assert loaded is not None
    assert loaded.to_bytes() == placed.to_bytes()


def test_a_later_short_name_merges_with_a_stored_full_name(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "a.txt").write_text(
        "Quentin Marlowe-Ashby, the founder of Corvel Dynamics, said on Monday that the "
        "company would open a plant in Leeds.\n",
        encoding="utf-8",
    )
    (second / "b.txt").write_text(
        "Marlowe-Ashby said on Tuesday that Corvel Dynamics would hire 200 people.\n",
        encoding="utf-8",
    )
    with Ledger(db, Settings()) as ledger:
        ledger.ingest([first])
        ledger.ingest([second])
        names = {e.name: m for e, m, _ in ledger.store.entities()}
    with Ledger(tmp_path / "once.db", Settings()) as ledger:
        ledger.ingest([first, second])
        once = {e.name: m for e, m, _ in ledger.store.entities()}
    assert names == once
    assert any(name.startswith("Quentin") and count == 2 for name, count in names.items()), names
