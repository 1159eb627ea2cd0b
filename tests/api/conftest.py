"""Fixtures for the API tests: a small ledger and a live server over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.newsledger_live import build_ledger, live_server


@pytest.fixture(scope="module")
def ledger_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ledger(tmp_path_factory.mktemp("ledger"))


@pytest.fixture(scope="module")
def server(ledger_db: Path) -> Iterator[str]:
    with live_server(ledger_db) as base:
        yield base
