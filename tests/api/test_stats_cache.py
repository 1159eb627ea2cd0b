"""/api/stats and the overview answer from a tally kept per ledger: never stale."""

from __future__ import annotations

from pathlib import Path

from newsledger.api import queries as q
from newsledger.model import Document, Extraction
from newsledger.store import open_store


def _extraction(n: int, language: str, url: str | None) -> Extraction:
    text = f"Report {n} about Northwind Robotics."
    return Extraction(
        document=Document(
            id=f"doc{n:03d}",
            source=url or f"/news/{n}.txt",
            text=text,
            language=language,
            url=url,
            title=f"Report {n}",
        )
    )


def _fresh_counts(db: Path) -> dict[str, object]:
    # What a recount from nothing says (another process, no tally yet).
    q._tallies.clear()
    with open_store(str(db)) as store:
        return q.stats(store)


def test_stats_follow_writes_made_by_another_connection(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    reader = open_store(str(db))
    writer = open_store(str(db))
    try:
        writer.write_batch([_extraction(1, "en", "https://www.wire.example/a")])
        first = q.stats(reader)
        assert first["documents"] == 1
        assert first["outlets"] == {"wire.example": 1}
        # Unchanged ledger: the same answer (from the tally).
        assert q.stats(reader) == first
        writer.write_batch(
            [
                _extraction(2, "de", "https://zeitung.example/b"),
                _extraction(3, "de", None),
                _extraction(4, "en", "https://wire.example/c"),
            ]
        )
        second = q.stats(reader)
        assert second["documents"] == 4
        assert second["languages"] == {"de": 2, "en": 2}
        assert second["outlets"] == {"wire.example": 2, "zeitung.example": 1}
        assert second["without_outlet"] == 1
        assert second == _fresh_counts(db)
    finally:
        reader.close()
        writer.close()


def test_stats_of_a_ledger_replaced_under_the_same_path_are_counted_afresh(
    tmp_path: Path,
) -> None:
    db = tmp_path / "ledger.db"
    with open_store(str(db)) as store:
        store.write_batch([_extraction(n, "en", None) for n in range(1, 6)])
        assert q.stats(store)["documents"] == 5
    for leftover in tmp_path.iterdir():
        leftover.unlink()
    with open_store(str(db)) as store:
        store.write_batch([_extraction(9, "de", None)])
        store.write_batch([_extraction(8, "de", None)])
        counted = q.stats(store)
    assert counted["documents"] == 2
    assert counted["languages"] == {"de": 2}


def test_kept_answers_last_until_the_next_write(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    calls: list[int] = []

    def count(store: object) -> int:
        calls.append(1)
        return len(calls)

    with open_store(str(db)) as store:
        assert q.per_generation(store, "probe", lambda: count(store)) == 1
        assert q.per_generation(store, "probe", lambda: count(store)) == 1
        store.write_batch([_extraction(1, "en", None)])
        assert q.per_generation(store, "probe", lambda: count(store)) == 2
        with store.transaction():
            store.put_state("note", 1)
        assert q.per_generation(store, "probe", lambda: count(store)) == 3


def test_in_memory_ledgers_are_never_mixed_up() -> None:
    with open_store(":memory:") as first:
        first.write_batch([_extraction(n, "en", None) for n in range(1, 4)])
        assert q.stats(first)["documents"] == 3
    with open_store(":memory:") as second:
        second.write_batch([_extraction(1, "de", None)])
        assert q.stats(second)["languages"] == {"de": 1}
