"""Stores under test: every contract test runs on SQLite and on PostgreSQL.

PostgreSQL tests need a server: set NEWSLEDGER_TEST_POSTGRES to a libpq URL
(`.ci/run` starts one).  Each test gets its own schema, dropped afterwards,
so runs never collide.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from newsledger.store import Store, open_store

POSTGRES_ENV = "NEWSLEDGER_TEST_POSTGRES"


def postgres_url_or_skip() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set; set it to a PostgreSQL URL to run these tests")
    return url


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped after the test."""
    import psycopg

    url = postgres_url_or_skip()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


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
