"""A small ledger and a live server on loopback, shared by the API and browser tests.

The articles are written here: an English and a German report that disagree
on how many GPUs a data centre has, and an article whose text carries HTML
that must be shown, never run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from newsledger.ledger import Ledger

TOKEN = "test-write-token"

EN_ARTICLE = """\
Northwind Labs expands its Colossus data centre

Northwind Labs said on Monday that its Colossus data centre in Memphis now runs \
more than one million GPUs. "Nobody has this much compute," said Dana Whitfield, \
the chief executive of Northwind Labs.

The company raised $12 billion from investors in March 2025, according to a filing.

Its rival, Bluefin Systems, said the figures were exaggerated.
"""

DE_ARTICLE = """\
Northwind Labs baut Rechenzentrum Colossus aus

Northwind Labs betreibt in Memphis das Rechenzentrum Colossus. Es nutzt nach \
Angaben von Analysten über 100.000 Grafikprozessoren. „Die Zahlen sind übertrieben“, sagte \
Martin Keller von Bluefin Systems.

Northwind Labs hatte im März 2025 rund 12 Milliarden US-Dollar eingesammelt.
"""

SCRIPT_ARTICLE = """\
Security notes on web pages

A researcher showed how a page can carry <script>window.pwned = 1; \
document.title = "pwned";</script> inside article text, and also \
<img src=x onerror="window.pwned = 2"> as an image tag.

Anyone reading about Northwind Labs should see that markup as text.
"""

ARTICLES = {
    "en/northwind-colossus.txt": EN_ARTICLE,
    "de/northwind-colossus.txt": DE_ARTICLE,
    "en/markup.txt": SCRIPT_ARTICLE,
}


def build_ledger(folder: Path) -> Path:
    """Write the articles under ``folder`` and ingest them into ``folder/ledger.db``."""
    for name, text in ARTICLES.items():
        path = folder / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    db = folder / "ledger.db"
    with Ledger(db) as ledger:
        result = ledger.ingest([folder / "articles"])
        assert result.ingested == len(ARTICLES), result.failures
        _ensure_gpu_conflict(ledger)
    return db


def _ensure_gpu_conflict(ledger: Ledger) -> None:
    # The pages under test show the GPU disagreement the pipeline finds
    # between the two articles; without it the UI tests would test nothing.
    conflicts = ledger.store.conflicts()
    assert [(c.subject, c.attribute) for c in conflicts] == [("Colossus", "gpus")], conflicts


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# Seconds a fresh server may take to answer: imports plus the first store open.
STARTUP_TIMEOUT = 60.0


@contextmanager
def live_server(db: Path, *extra: str, token: str | None = TOKEN) -> Iterator[str]:
    """``newsledger serve`` in a child process on a free loopback port; yields its URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSLEDGER_")}
    if token is not None:
        env["NEWSLEDGER_TOKEN"] = token
    log = db.parent / f"server-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "newsledger",
                "serve",
                "--db",
                str(db),
                "--port",
                str(port),
                *extra,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {log.read_text()}")
            try:
                httpx.get(base + "/static/style.css", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start: {log.read_text()}") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
