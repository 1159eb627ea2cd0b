"""Concurrent POSTs to a 2-worker server while readers read: none fails, none
waits for a resolve, none is lost.

Under load, POSTs failed with 500 ("database is locked") when the server's
resolve queue held SQLite's write lock for longer than SQLite's busy
timeout, and the others waited for the resolve chunk (15 s at the median at
10,000 documents).  The server here runs with a resolve that is slow on
purpose and a short busy timeout (``slow_resolve/sitecustomize.py``), so
that the same race shows in seconds: every POST must still get 201 well
before the resolve chunk running meanwhile ends, and every document
acknowledged must be stored and resolved afterwards.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from newsledger import Ledger, Settings
from tests.api.newsledger_live import TOKEN
from tests.api.test_serve_workers import served

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="finds the worker processes in /proc"
)

SLOW_RESOLVE = Path(__file__).with_name("slow_resolve")
WRITES = 8
READERS = 4
# Each resolve chunk holds the ledger's write lock this much longer...
SLOW_RESOLVE_SECONDS = 30.0
# ... and a POST must answer well before that: it waits for its own
# extraction (serialised per worker, slow on a loaded machine), never for
# the chunk.
POST_SECONDS = 20.0
WRITE_TIMEOUT = 240.0
SETTLE_SECONDS = 300.0


def _article(n: int) -> str:
    orgs = ["Northwind Robotics", "Helix Energy", "Bluefin Capital", "Arcadia Labs"]
    return (
        f"{orgs[n % 4]} said on Tuesday it had raised ${20 + n} million for plant {n}.\n\n"
        f"Its chief executive, Mara Lindqvist, said {orgs[(n + 1) % 4]} employs "
        f"{200 + 11 * n} people in Lyon."
    )


@contextmanager
def _slow_resolve_server(db: Path) -> Iterator[str]:
    env = {
        "SLOW_RESOLVE_SECONDS": str(SLOW_RESOLVE_SECONDS),
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(SLOW_RESOLVE), os.environ.get("PYTHONPATH")])
        ),
    }
    with served(db, workers=2, env_extra=env) as (base, _):
        yield base


def _post(base: str, n: int) -> tuple[int | None, str, float]:
    started = time.monotonic()
    try:
        response = httpx.post(
            base + "/api/documents",
            json={"text": _article(n), "url": f"https://wire.example/concurrent/{n}"},
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=WRITE_TIMEOUT,
        )
    except httpx.HTTPError as error:
        return None, repr(error), time.monotonic() - started
    return response.status_code, response.text, time.monotonic() - started


def test_concurrent_posts_under_readers_all_succeed_and_are_resolved(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    with Ledger(db, Settings()):
        pass
    with _slow_resolve_server(db) as base:
        # One write first, so that a resolve is running when the rest arrive.
        first = _post(base, 0)
        assert first[0] == 201, first
        stop = threading.Event()
        read_errors: list[str] = []

        def read() -> None:
            with httpx.Client(base_url=base, timeout=WRITE_TIMEOUT) as client:
                while not stop.is_set():
                    for path in ("/api/stats", "/api/documents", "/"):
                        try:
                            status = client.get(path).status_code
                        except httpx.HTTPError as error:
                            read_errors.append(f"{path}: {error!r}")
                            continue
                        if status != 200:
                            read_errors.append(f"{path}: {status}")

        readers = [threading.Thread(target=read) for _ in range(READERS)]
        for reader in readers:
            reader.start()
        try:
            with ThreadPoolExecutor(WRITES) as pool:
                answers = list(pool.map(lambda n: _post(base, n), range(1, WRITES + 1)))
        finally:
            stop.set()
            for reader in readers:
                reader.join()
        failed = [(n, a) for n, a in enumerate(answers, 1) if a[0] != 201]
        assert not failed, f"{failed}\n{(tmp_path / 'server.log').read_text()[-4000:]}"
        assert not read_errors, read_errors[:5]
        slowest = max(seconds for _, _, seconds in answers)
        assert slowest < POST_SECONDS, [round(seconds, 1) for _, _, seconds in answers]
        ids = [first[1]] + [text for _, text, _ in answers]
        acknowledged = {httpx.Response(201, text=text).json()["id"] for text in ids}
        deadline = time.monotonic() + SETTLE_SECONDS
        states: dict[str, str] = {}
        while time.monotonic() < deadline:
            states = {
                doc_id: httpx.get(f"{base}/api/documents/{doc_id}", timeout=30).json()["state"]
                for doc_id in acknowledged
            }
            if set(states.values()) == {"resolved"}:
                break
            time.sleep(0.5)
        assert set(states.values()) == {"resolved"}, states
    with sqlite3.connect(db) as conn:
        stored = {row[0] for row in conn.execute("SELECT id FROM documents")}
        pending = conn.execute("SELECT COUNT(*) FROM pending").fetchone()[0]
        dangling = conn.execute(
            "SELECT COUNT(*) FROM mentions WHERE entity_id NOT IN (SELECT id FROM entities)"
        ).fetchone()[0]
    assert acknowledged <= stored
    assert len(acknowledged) == WRITES + 1
    assert pending == 0
    assert dangling == 0
