"""Child processes that end when their parent ends, however it ends.

A worker process (an ingest worker, a server worker) that outlives its
parent is an orphan: after ``kill -9`` of the parent nothing tells it to
stop, and it waits on its task queue forever.  ``exit_with_parent`` ties a
child to the life of its parent, or of any process it names (an ingest
worker's parent is the fork server, which itself lives as long as the
workers hold its pipe, so a worker watches the process that started the
pool):

- on Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` when the watched process is
  the direct parent: the kernel kills the child the moment its parent exits;
- on Linux 5.3+, a daemon thread waits on a pidfd of the watched process,
  which becomes readable when it exits (even before it is reaped);
- everywhere else, the thread polls: ``os.kill(pid, 0)`` fails, or the
  parent id changes (the child was re-parented), and the process ends.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import select
import signal
import sys
import threading
import time

# How often the portable watchdog looks: an orphan lives at most this long,
# and a check is one system call.
POLL_SECONDS = 0.5
# From <linux/prctl.h>.
_PR_SET_PDEATHSIG = 1
# Exit status of a child ended because its parent ended (128 + SIGHUP, as a
# shell reports a process that lost its terminal).
ORPHAN_EXIT_STATUS = 129


def _set_parent_death_signal() -> bool:
    """Ask the Linux kernel to kill this process when its parent exits."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        # It exists, under another user: not ours, but alive.
        return True
    return True


def _orphaned() -> None:
    # Nobody will collect this process's work.  No cleanup runs on purpose:
    # the parent owned the shared state.
    os._exit(ORPHAN_EXIT_STATUS)


def _wait_pidfd(pidfd: int) -> None:
    while True:
        readable, _, _ = select.select([pidfd], [], [])
        if readable:
            _orphaned()


def _poll(pid: int, parent: int, poll_seconds: float) -> None:
    while True:
        time.sleep(poll_seconds)
        if not _alive(pid) or os.getppid() != parent:
            _orphaned()


def exit_with_parent(pid: int | None = None, poll_seconds: float = POLL_SECONDS) -> None:
    """End this process when ``pid`` (default: its parent) ends, however it ends.

    Call it once, early in a child process.  If ``pid`` is already gone, the
    process ends at once.
    """
    parent = os.getppid()
    watched = parent if pid is None else pid
    if watched == parent:
        with contextlib.suppress(OSError):
            _set_parent_death_signal()
    if not _alive(watched) or os.getppid() != parent:
        _orphaned()
    pidfd: int | None = None
    with contextlib.suppress(AttributeError, OSError):
        pidfd = os.pidfd_open(watched)
    if pidfd is not None:
        thread = threading.Thread(target=_wait_pidfd, args=(pidfd,), daemon=True)
    else:
        thread = threading.Thread(target=_poll, args=(watched, parent, poll_seconds), daemon=True)
    thread.name = "newsledger-lifeline"
    thread.start()
