"""kill -9 of the server during writes: every acknowledged write is kept and resolved."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from newsledger import Ledger, Settings
from tests.api.newsledger_live import free_port

TOKEN = "kill-test-token"
ARTICLES = 10
# The first write loads the pipeline (models, lexicons): allow for it.
WRITE_TIMEOUT = 120.0
SETTLE_TIMEOUT = 240.0
STARTUP_TIMEOUT = 180.0


def _article(n: int) -> str:
    orgs = ["Northwind Robotics", "Helix Energy", "Bluefin Capital", "Arcadia Labs"]
    return (
        f"{orgs[n % 4]} said on Monday it had raised ${10 + n} million from investors.\n\n"
        f"Chief executive Priya Raman said report {n} marks a new plant in Lyon for "
        f"{orgs[(n + 1) % 4]}, which employs {100 + 7 * n} people."
    )


@contextmanager
def _server(db: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSLEDGER_")}
    env["NEWSLEDGER_TOKEN"] = TOKEN
    log = db.parent / f"server-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsledger", "serve", "--db", str(db), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        # Start-up imports the whole pipeline: minutes on a loaded machine.
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                httpx.get(base + "/api/health", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        yield proc, base
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def _post(base: str, n: int) -> httpx.Response:
    return httpx.post(
        base + "/api/documents",
        json={"text": _article(n), "url": f"https://wire.example/{n}"},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=WRITE_TIMEOUT,
    )


def test_kill_9_during_writes_loses_no_acknowledged_write_and_restart_resolves_them(
    tmp_path: Path,
) -> None:
    db = tmp_path / "ledger.db"
    with Ledger(db, Settings()):
        pass
    acknowledged: dict[int, str] = {}
    with _server(db) as (proc, base):
        first = _post(base, 0)
        assert first.status_code == 201, first.text
        assert first.json()["id"] and first.json()["state"] in ("pending", "resolved")
        acknowledged[0] = first.json()["id"]

        def write() -> None:
            for n in range(1, ARTICLES):
                try:
                    response = _post(base, n)
                except httpx.TransportError:
                    return
                if response.status_code == 201:
                    acknowledged[n] = response.json()["id"]

        writer = threading.Thread(target=write)
        writer.start()
        deadline = time.monotonic() + WRITE_TIMEOUT
        while len(acknowledged) < ARTICLES // 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        writer.join(timeout=WRITE_TIMEOUT)
    assert len(acknowledged) >= ARTICLES // 2
    with _server(db) as (_, base):
        # A retried write answers with the stored id (and repairs nothing twice).
        retry = _post(base, 0)
        assert retry.status_code == 200, retry.text
        assert retry.json()["id"] == acknowledged[0]
        assert retry.json()["existing"] == [acknowledged[0]]
        deadline = time.monotonic() + SETTLE_TIMEOUT
        states: dict[str, str] = {}
        while time.monotonic() < deadline:
            states = {
                doc_id: httpx.get(f"{base}/api/documents/{doc_id}", timeout=30).json()["state"]
                for doc_id in acknowledged.values()
            }
            if set(states.values()) == {"resolved"}:
                break
            time.sleep(0.5)
        assert set(states.values()) == {"resolved"}, states
    with sqlite3.connect(db) as conn:
        stored = {row[0] for row in conn.execute("SELECT id FROM documents")}
        dangling = conn.execute(
            "SELECT COUNT(*) FROM mentions WHERE entity_id NOT IN (SELECT id FROM entities)"
        ).fetchone()[0]
        pending = conn.execute("SELECT COUNT(*) FROM pending").fetchone()[0]
    assert set(acknowledged.values()) <= stored
    assert dangling == 0
    assert pending == 0
