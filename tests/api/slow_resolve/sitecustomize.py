"""Loaded by the test server's processes (on their PYTHONPATH): a slow resolve.

The POST failures seen under load came from the resolve queue holding
SQLite's write lock for longer than SQLite's busy timeout (30 s) while a
POST waited to write: the POST failed with "database is locked" (500).
Here both are scaled down so that a test sees the same in seconds: each
resolve chunk takes ``SLOW_RESOLVE_SECONDS`` longer, and a connection waits
at most ``BUSY_TIMEOUT_SECONDS`` for SQLite's lock.
"""

from __future__ import annotations

import os
import sqlite3
import time
from typing import Any

SLOW_RESOLVE_SECONDS = float(os.environ.get("SLOW_RESOLVE_SECONDS", "3"))
BUSY_TIMEOUT_SECONDS = float(os.environ.get("BUSY_TIMEOUT_SECONDS", "0.5"))

_connect = sqlite3.connect


def _short_busy_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
    kwargs["timeout"] = BUSY_TIMEOUT_SECONDS
    return _connect(*args, **kwargs)


sqlite3.connect = _short_busy_connect  # type: ignore[assignment]

try:
    from newsledger.resolve import incremental
except ImportError:  # a process that is not newsledger's
    incremental = None  # type: ignore[assignment]

if incremental is not None:
    _chunk = incremental.Resolver._chunk

    def _slow_chunk(self: Any, *args: Any, **kwargs: Any) -> None:
        _chunk(self, *args, **kwargs)
        # Inside the chunk's write transaction: the lock is held meanwhile.
        time.sleep(SLOW_RESOLVE_SECONDS)

    incremental.Resolver._chunk = _slow_chunk  # type: ignore[method-assign]
