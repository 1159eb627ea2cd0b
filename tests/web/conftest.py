"""Fixtures for the browser tests: the API tests' ledger and live server."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))

from newsledger_live import build_ledger, live_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_ledger(tmp_path_factory.mktemp("web-ledger"))
    with live_server(db) as base:
        yield base
