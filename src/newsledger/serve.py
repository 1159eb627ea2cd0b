"""Run the HTTP API and web UI with uvicorn: one process, or several over one store.

With ``workers > 1`` uvicorn's supervisor binds the socket and starts that
many worker processes, each with its own copy of the application built by
``app_from_environment`` from the settings the supervisor leaves in
``SETTINGS_ENV``.  Every request opens its own store, so the workers share
nothing but the database: SQLite in WAL mode lets them all read while one
writes (writers queue on the database's write lock), and PostgreSQL serves
many writers.  Each worker ends when the supervisor ends (``lifeline``).

Limits against slow or hostile clients (``ServeLimits``): a request's
headers must arrive within ``header_timeout`` seconds of the connection's
first byte (or of its opening), an idle keep-alive connection is closed
after ``keep_alive`` seconds, a body that stops arriving for
``body_timeout`` seconds gets 408, headers are capped at
``max_header_bytes``, and each worker holds at most ``max_connections``
connections (more get 503).  Write requests are refused on their headers,
before their body is read (``api.app.WriteGate``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
from dataclasses import dataclass
from typing import Any

import h11
import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.h11_impl import H11Protocol

from newsledger.api.app import DEFAULT_MAX_BODY_BYTES
from newsledger.lifeline import exit_with_parent
from newsledger.web.app import create_app

# Where the supervisor leaves the server's settings for its worker processes
# (they are started fresh, not forked, and build the application from it).
SETTINGS_ENV = "NEWSLEDGER_SERVE_SETTINGS"
# Seconds a worker process may take to answer the supervisor's health check,
# at start-up and after: a worker imports the whole application first
# (3-10 s on a busy 2-core machine), and uvicorn's 5 s default restarted
# workers in a loop there.  A worker that hangs for this long is replaced.
WORKER_HEALTHCHECK_SECONDS = 60
# Seconds a stopping server (SIGTERM, Ctrl-C) waits for requests in flight:
# uvicorn waits for ever by default, and a view taking a minute kept a
# stopped server alive that long.
GRACEFUL_SHUTDOWN_SECONDS = 10


@dataclass(frozen=True)
class ServeLimits:
    """How long and how much the server waits for a client; see the module text."""

    # Long enough for any real client on a slow link (a request's headers
    # are a few hundred bytes), short enough that connections held open by
    # a slow client are freed before they pile up.
    header_timeout: float = 10.0
    # uvicorn's default: a browser reuses its connection within seconds.
    keep_alive: int = 5
    # Seconds without a byte of a request body: an upload in progress sends
    # continuously; a stalled one holds a worker's memory and a connection.
    body_timeout: float = 30.0
    # h11's default cap on a request's headers (16 KiB).
    max_header_bytes: int = 16 * 1024
    # Open connections per worker before new ones get 503: well under the
    # usual 1,024 open files per process, so the server keeps answering.
    max_connections: int = 512


# The limits of this process: set by ``serve`` (one process) or by
# ``app_from_environment`` (each worker), read by the protocol below.
_limits = ServeLimits()


class GuardedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for each request's headers.

    uvicorn times out idle keep-alive connections only, and cancels that
    timer on the first byte: a client that opens a connection and sends
    nothing, or half a request line, held it for ever.  Here every request
    head has ``header_timeout`` seconds to arrive in full, or the
    connection is closed.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._arm_head_deadline()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE:
            # A new request has begun (or not yet): its head must come in time.
            if not self.transport.is_closing():
                self._arm_head_deadline()
        else:
            self._cancel_head_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_deadline()
        super().connection_lost(exc)

    def _arm_head_deadline(self) -> None:
        if self._head_deadline is None:
            self._head_deadline = self.loop.call_later(_limits.header_timeout, self._head_too_slow)

    def _cancel_head_deadline(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_too_slow(self) -> None:
        self._head_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            # Whether it is an idle keep-alive connection or a request that
            # stalled in its headers, nothing is running for it: just close.
            self.transport.close()


def _app(settings: dict[str, Any]) -> FastAPI:
    return create_app(
        settings["db"],
        settings["token"],
        read_token=settings["read_token"],
        max_body_bytes=settings["max_body_bytes"],
        body_timeout=settings["limits"]["body_timeout"],
    )


def app_from_environment() -> FastAPI:
    """The application of one worker process, from the supervisor's settings."""
    global _limits
    settings = json.loads(os.environ[SETTINGS_ENV])
    _limits = ServeLimits(**settings["limits"])
    # The supervisor is this worker's parent: when it ends, killed or not,
    # the worker ends too instead of serving an orphaned socket.  Its pid
    # is named, not read from getppid(): a supervisor killed while this
    # worker was still importing has already handed it to init.
    exit_with_parent(settings["supervisor"])
    return _app(settings)


def serve(
    db: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    read_token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    workers: int = 1,
    limits: ServeLimits | None = None,
) -> None:
    """Serve the ledger at ``db`` on ``host:port`` until interrupted.

    Writes need ``token``; without one the server is read-only.  Reads are
    open unless ``read_token`` is given.  ``workers`` processes answer
    requests side by side.
    """
    global _limits
    _limits = limits or ServeLimits()
    settings = {
        "db": db,
        "token": token,
        "read_token": read_token,
        "max_body_bytes": max_body_bytes,
        "limits": dataclasses.asdict(_limits),
        "supervisor": os.getpid(),
    }
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "info",
        "server_header": False,
        "http": GuardedH11Protocol,
        "timeout_keep_alive": _limits.keep_alive,
        "h11_max_incomplete_event_size": _limits.max_header_bytes,
        "limit_concurrency": _limits.max_connections,
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
    }
    if workers <= 1:
        uvicorn.run(_app(settings), **options)
        return
    os.environ[SETTINGS_ENV] = json.dumps(settings)
    try:
        uvicorn.run(
            "newsledger.serve:app_from_environment",
            factory=True,
            workers=workers,
            timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
            **options,
        )
    finally:
        os.environ.pop(SETTINGS_ENV, None)
