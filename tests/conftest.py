"""Shared fixtures: the shared seed corpus and small generated corpora."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold" / "seeds.json"


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"shared seed corpus not found at {SEEDS}")
    return SEEDS


@pytest.fixture
def gold_path() -> Path:
    if not GOLD.is_file():
        pytest.skip(f"shared gold file not found at {GOLD}")
    return GOLD


# -- no process left behind (issue 18) ---------------------------------------------

# Every process the suite starts inherits this mark in its environment (the
# live-server helpers drop only NEWSLEDGER_* variables), so one still running
# after the last test, whoever its parent is now, is found by it.
SESSION_MARK = "NLTEST_SESSION"
# Seconds processes being shut down by the last tests (a server, a Ray
# runtime) may take to end before they count as left behind.
LEFTOVER_GRACE_SECONDS = 15.0


def pytest_sessionstart(session: pytest.Session) -> None:
    os.environ[SESSION_MARK] = f"{os.getpid()}-{time.time_ns()}"


def _marked_processes(mark: str) -> dict[int, str]:
    """Processes other than this one whose environment carries ``mark``: pid to command."""
    needle = f"{SESSION_MARK}={mark}".encode()
    found: dict[int, str] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as handle:
                if needle not in handle.read().split(b"\0"):
                    continue
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                command = handle.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        # Zombies have ended; this process's own fork server and resource
        # tracker end with it (they wait for end-of-file on its pipes).
        own_helper = int(fields[1]) == os.getpid() and (
            "multiprocessing.forkserver" in command or "multiprocessing.resource_tracker" in command
        )
        if fields[0] not in ("Z", "X") and not own_helper:
            found[int(entry)] = command
    return found


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    mark = os.environ.get(SESSION_MARK)
    if mark is None or not Path("/proc/self/environ").exists():
        return
    # The Ray tests leave their runtime up for one another, to be stopped
    # at exit; stop it now, as exit would, so that its processes are not
    # taken for leftovers.
    ray = sys.modules.get("ray")
    if ray is not None and ray.is_initialized():
        ray.shutdown()
    deadline = time.monotonic() + LEFTOVER_GRACE_SECONDS
    left = _marked_processes(mark)
    while left and time.monotonic() < deadline:
        time.sleep(0.5)
        left = _marked_processes(mark)
    if not left:
        return
    lines = [f"  {pid}: {command[:200]}" for pid, command in sorted(left.items())]
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    message = "the test suite left processes behind (now ended):\n" + "\n".join(lines)
    if reporter is not None:
        reporter.write_line("\n" + message, red=True)
    else:
        print(message, file=sys.stderr)
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
