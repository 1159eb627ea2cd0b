"""Ingest workers end with their caller, however it ends (issue 18: no orphans)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")

# Seconds the caller may take to start its fork server and two workers.
START_SECONDS = 90.0
# Seconds the workers may take to notice their caller is gone: the kernel's
# parent-death signal is immediate, the portable watchdog polls twice a second.
END_SECONDS = 10.0


def _stat_fields(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def live_in_group(pgid: int) -> list[int]:
    """Processes of process group ``pgid`` that are still running (zombies are not)."""
    alive = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        fields = _stat_fields(int(entry))
        # After ")": state, ppid, pgrp (proc(5)).
        if fields is not None and int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            alive.append(int(entry))
    return alive


def _corpus(path: Path, size: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for n in range(size):
            text = (
                f"Helix Energy said on Monday it had raised ${n + 5} million from investors. "
                f"The company, based in Boston, employs about {n * 7 + 120:,} people. "
                f"“We are building for the next decade,” said Sarah Okafor, its chief executive."
            )
            out.write(json.dumps({"text": text, "url": f"https://news.example/{n}"}) + "\n")


def test_kill_9_of_an_ingest_leaves_no_worker_alive(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    _corpus(corpus, 20_000)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsledger",
            "ingest",
            str(corpus),
            "--db",
            str(tmp_path / "l.db"),
            "--workers",
            "2",
            "-q",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # Its own process group: the caller, the fork server, the workers
        # and the resource tracker all carry its id.
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        # Caller, fork server, resource tracker and two workers.
        while len(live_in_group(proc.pid)) < 5:
            assert proc.poll() is None, "the ingest ended before its workers were seen"
            assert time.monotonic() < deadline, f"workers never started: {live_in_group(proc.pid)}"
            time.sleep(0.2)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + END_SECONDS
        while live_in_group(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = live_in_group(proc.pid)
        assert not left, f"processes outlived their killed parent: {left}"
    finally:
        # Whatever the outcome, nothing of this test stays behind.
        for pid in live_in_group(proc.pid):
            os.kill(pid, signal.SIGKILL)
