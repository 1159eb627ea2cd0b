"""Ctrl-C during resolve: what was finished is kept, the message says so, a rerun resumes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsledger import Ledger, Settings

DOCS = 240
# Resolve chunks made slow on purpose (each sleeps inside its transaction),
# so that the interrupt lands mid-run however fast resolve has become: the
# whole run once finished between two polls of this test.
SLOW_RESOLVE = Path(__file__).parents[1] / "api" / "slow_resolve"


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _pending(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM pending").fetchone()[0])
    except sqlite3.OperationalError:
        return -1


def test_ctrl_c_during_resolve_keeps_finished_chunks_and_a_rerun_resumes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(DOCS):
        (corpus / f"{i:04d}.txt").write_text(
            f"Report {i}: Acme unit {i} shipped {i + 3} robots to Lyon on Monday.\n\n"
            f"Analysts at Helix Capital expect {i % 17 + 2} percent growth for unit {i}.",
            encoding="utf-8",
        )
    db = tmp_path / "ledger.db"
    with Ledger(db, Settings(resolve=False)) as ledger:
        ledger.ingest([corpus])
        assert ledger.store.count_pending() == DOCS
    env = {
        **os.environ,
        "NEWSLEDGER_RESOLVE_CHUNK": "20",
        "PYTHONPATH": os.pathsep.join([str(SLOW_RESOLVE), os.environ.get("PYTHONPATH", "")]),
        "SLOW_RESOLVE_SECONDS": "0.5",
        "BUSY_TIMEOUT_SECONDS": "30",
    }
    command = [sys.executable, "-m", "newsledger", "resolve", "--db", str(db)]
    # A shell's background job inherits SIGINT ignored (POSIX), and Python
    # then never raises KeyboardInterrupt: give the child a terminal's default.
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_default_sigint,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if 0 <= _pending(db) < DOCS:  # a chunk was committed
            break
        time.sleep(0.05)
    if process.poll() is not None:
        pytest.fail(f"resolve ended before it could be interrupted: {process.stderr.read()!r}")
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    left = _pending(db)
    assert 0 < left < DOCS
    assert "resolved and kept" in err
    assert f"{DOCS - left:,} of {DOCS:,} documents" in err
    assert "newsledger resolve" in err and "resume" in err
    rerun = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert _pending(db) == 0
    with Ledger(db, Settings()) as ledger:
        names = {e.name for e, _, _ in ledger.store.entities()}
        # No mention points to an entity that does not exist.
        dangling = ledger.store.execute(
            "SELECT COUNT(*) FROM mentions WHERE entity_id NOT IN (SELECT id FROM entities)"
        ).fetchone()[0]
    assert "Helix Capital" in names
    assert dangling == 0
