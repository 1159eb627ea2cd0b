"""A throwaway PostgreSQL schema per test, from NEWSLEDGER_TEST_POSTGRES."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest

POSTGRES_ENV = "NEWSLEDGER_TEST_POSTGRES"


def postgres_url_or_skip() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set; set it to a PostgreSQL URL to run these tests")
    return url


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A URL whose search_path is a new schema, dropped afterwards."""
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
