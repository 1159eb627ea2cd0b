"""Fixtures for the browser tests: the API tests' ledger and live server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.newsledger_live import build_ledger, live_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_ledger(tmp_path_factory.mktemp("web-ledger"))
    with live_server(db) as base:
        yield base
