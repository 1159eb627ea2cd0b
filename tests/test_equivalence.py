"""Every way to build a ledger gives the same ledger on the seed corpus.

The default path (one process, SQLite) is the reference; parallel workers,
PostgreSQL, and Ray -> Parquet -> load must give the same entities, figures,
claims, quotes, events, conflicts and stories.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsledger import Ledger, Settings


def snapshot(ledger: Ledger) -> dict[str, Any]:
    store = ledger.store
    return {
        "documents": [(d.id, d.source, d.language) for d in store.documents()],
        "entities": store.entities(),
        "figures": store.figures(),
        "claims": store.claims(),
        "quotes": store.quotes(),
        "events": store.events(),
        "conflicts": store.conflicts(),
        "stories": store.stories(),
        "duplicates": store.duplicates(),
        "failures": store.failures(),
    }


@pytest.fixture(scope="module")
def seed_inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from tests.conftest import SEEDS

    if not SEEDS.is_dir():
        pytest.skip(f"shared seed corpus not found at {SEEDS}")
    # A missing path makes the failure bookkeeping part of the comparison.
    return [SEEDS, tmp_path_factory.mktemp("none") / "missing.txt"]


@pytest.fixture(scope="module")
def reference(seed_inputs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("reference") / "ledger.db"
    with Ledger(db, Settings()) as ledger:
        ledger.ingest(seed_inputs)
        found = snapshot(ledger)
    assert len(found["documents"]) == 5
    assert found["entities"] and found["figures"]
    assert len(found["failures"]) == 1
    return found


def _assert_same(got: dict[str, Any], expected: dict[str, Any]) -> None:
    for key in expected:
        assert got[key] == expected[key], f"{key} differ"


def test_two_workers_give_the_same_ledger(
    seed_inputs: list[Path], reference: dict[str, Any], tmp_path: Path
) -> None:
    with Ledger(tmp_path / "w2.db", Settings(workers=2)) as ledger:
        ledger.ingest(seed_inputs)
        _assert_same(snapshot(ledger), reference)


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    from tests.store.pg import fresh_schema

    with fresh_schema() as url:
        yield url


@pytest.mark.postgres
def test_postgres_gives_the_same_ledger(
    seed_inputs: list[Path], reference: dict[str, Any], postgres_schema_url: str
) -> None:
    with Ledger(postgres_schema_url, Settings()) as ledger:
        ledger.ingest(seed_inputs)
        _assert_same(snapshot(ledger), reference)


@pytest.fixture(scope="module")
def ray_runtime() -> Iterator[None]:
    ray = pytest.importorskip("ray")
    if not ray.is_initialized():
        # Left running for the other Ray tests of this session; Ray stops
        # it at exit.
        ray.init(num_cpus=2, include_dashboard=False)
    yield


@pytest.mark.ray
def test_ray_then_load_gives_the_same_ledger(
    seed_inputs: list[Path], reference: dict[str, Any], tmp_path: Path, ray_runtime: None
) -> None:
    from newsledger.ingest.ray_engine import load_parquet, run_ray

    summary = run_ray(seed_inputs, tmp_path / "out", Settings())
    assert (summary.documents, summary.failures) == (5, 1)
    with Ledger(tmp_path / "ray.db", Settings()) as ledger:
        load_parquet(summary.out, ledger)
        ledger.resolve()
        _assert_same(snapshot(ledger), reference)
