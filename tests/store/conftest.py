"""Stores under test: every contract test runs on SQLite and on PostgreSQL.

PostgreSQL tests need a server: set NEWSLEDGER_TEST_POSTGRES to a libpq URL
(`.ci/run` starts one).  Each test gets its own schema, dropped afterwards,
so runs never collide.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsledger.store import Store, open_store
from tests.store.pg import fresh_schema


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped after the test."""
    with fresh_schema() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh ledger lives, for each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    return str(request.getfixturevalue("postgres_schema_url"))


@pytest.fixture
def make_store(location: str) -> Iterator[Callable[[], Store]]:
    """Opens the ledger at `location` (again and again); closes them all after."""
    opened: list[Store] = []

    def make() -> Store:
        store = open_store(location)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()
