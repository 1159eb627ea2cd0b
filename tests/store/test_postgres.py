"""What is particular to the PostgreSQL store: URLs, errors, schemas."""

from __future__ import annotations

import re

import pytest

from newsledger.errors import StoreError
from newsledger.store import SQLiteStore, open_store
from newsledger.store.postgres import PostgresStore, redact


def test_password_is_left_out_of_messages() -> None:
    assert redact("postgresql://ann:s3cret@db.example:5432/news") == (
        "postgresql://ann:***@db.example:5432/news"
    )
    assert redact("postgresql://ann@db/news") == "postgresql://ann@db/news"


def test_unreachable_server_is_one_store_error_without_the_password() -> None:
    # Port 1 on loopback: nothing listens there, the refusal is immediate.
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://ann:s3cret@127.0.0.1:1/news?connect_timeout=2")
    assert "s3cret" not in str(caught.value)
    assert "cannot connect to PostgreSQL" in str(caught.value)


def test_a_url_that_went_through_a_path_still_opens_postgres() -> None:
    # pathlib.Path("postgresql://h/db") is "postgresql:/h/db"; the CLI passes Paths.
    with pytest.raises(StoreError, match=re.escape("postgresql://ann:***@127.0.0.1:1")):
        open_store("postgresql:/ann:s3cret@127.0.0.1:1/news?connect_timeout=2")


@pytest.mark.postgres
def test_two_ledgers_in_one_database_are_kept_apart(postgres_schema_url: str) -> None:
    with open_store(postgres_schema_url) as store:
        assert isinstance(store, PostgresStore)
        store.put_state("who", "first")
        assert store.count("documents") == 0
    with open_store(postgres_schema_url) as store:
        assert store.get_state("who") == "first"


def test_a_plain_path_opens_sqlite(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    with open_store(str(tmp_path / "x.db")) as store:
        assert isinstance(store, SQLiteStore)
