"""The HTTP API as a FastAPI application, and what the web UI builds on.

``create_api_app(db, token)`` builds the API alone; ``newsledger.web.app``
adds the web pages to it.  The dependency runs one way: the web package
imports this one, never the reverse (an HTML error page is passed in as
``html_error``).  Reads are open unless a read token is set; writes
(``POST /api/documents``) need ``Authorization: Bearer <token>`` and are
refused when no token is configured.  Every error is a JSON body
``{"error": ..., "detail": ...}`` (an HTML page for a browser on the web
pages, when the web UI is mounted), never a stack trace.  A SQLite
connection belongs to one thread, so every request opens its own store:
opening one is a file open and a few pragmas.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute, APIRouter
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsledger.errors import InputError, NewsledgerError, StoreError
from newsledger.store import Store, open_store

try:
    import fcntl as _flock
except ImportError:  # not on Windows: the write lock is per process there
    _flock = None  # type: ignore[assignment]

log = logging.getLogger("newsledger.api")

# Largest request body accepted: a long article as HTML, or a feed with a few
# hundred entries, stays well below it; anything bigger belongs in a file
# ingested with `newsledger ingest`.
DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024
# Seconds a request body may go without a byte before the request gets 408
# (see ``newsledger.serve.ServeLimits``, which sets it for a running server).
DEFAULT_BODY_TIMEOUT = 30.0

API_DESCRIPTION = """\
The newsledger ledger over HTTP: documents, entities, figures and claims,
quotes, events, stories, conflicts and full-text search.  Listings take
`limit` and `offset` and report the `total`.  Writes need
`Authorization: Bearer <token>`.  Errors are `{"error": ..., "detail": ...}`.
"""


class WriteLock:
    """One writer at a time: among this process's threads, and among the server's
    worker processes over the same SQLite file (an advisory lock on a file
    beside it), so that a second writer waits for the first instead of
    timing out on the database's own lock while the first resolves.
    PostgreSQL takes concurrent writers; there the lock is per process.
    """

    def __init__(self, db: str) -> None:
        self._thread_lock = threading.Lock()
        local = "://" not in db and db != ":memory:"
        self._path = f"{db}.write-lock" if local and _flock is not None else None
        self._fd: int | None = None

    def __enter__(self) -> WriteLock:
        self._thread_lock.acquire()
        if self._path is not None and _flock is not None:
            try:
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
                _flock.flock(self._fd, _flock.LOCK_EX)
            except OSError:
                # A read-only folder: fall back to the database's own lock.
                self._close()
        return self

    def acquire_now(self) -> bool:
        """Take the lock if no other writer holds it; never wait.  Release
        with ``__exit__`` (or use the lock in a ``with`` after a True)."""
        if not self._thread_lock.acquire(blocking=False):
            return False
        if self._path is not None and _flock is not None:
            try:
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
                _flock.flock(self._fd, _flock.LOCK_EX | _flock.LOCK_NB)
            except BlockingIOError:
                self._close()
                self._thread_lock.release()
                return False
            except OSError:
                self._close()
        return True

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._close()
        self._thread_lock.release()

    def _close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file releases its lock
            self._fd = None


@dataclass
class ServerConfig:
    """What one running server was told, plus what it shares between requests."""

    db: str
    token: str | None
    read_token: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    # Ingest runs one at a time: SQLite has one writer, and resolve reads the
    # whole ledger.
    write_lock: WriteLock = field(init=False)
    # Extraction runs one request at a time per process, outside the write
    # lock: the pipeline's models are shared between the request threads.
    extraction_lock: threading.Lock = field(default_factory=threading.Lock)
    cache: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.write_lock = WriteLock(self.db)

    @contextmanager
    def store(self) -> Iterator[Store]:
        store = open_store(self.db)
        try:
            yield store
        finally:
            store.close()


def config_of(request: Request) -> ServerConfig:
    config: ServerConfig = request.app.state.config
    return config


class ApiError(StarletteHTTPException):
    """An HTTP error with a message and optional structured detail."""

    def __init__(
        self,
        status_code: int,
        message: str,
        detail: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status_code, message, headers)
        self.extra = detail


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    cookie = request.cookies.get("newsledger_token")
    return cookie or None


def _matches(given: str, expected: str | None) -> bool:
    return expected is not None and secrets.compare_digest(
        given.encode("utf-8"), expected.encode("utf-8")
    )


def require_read(request: Request) -> None:
    """Let a request read when no read token is set, or when it brings one."""
    config = config_of(request)
    if config.read_token is None:
        return
    given = _bearer(request)
    if given is None:
        raise ApiError(
            401,
            "this server needs a token to read: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not (_matches(given, config.read_token) or _matches(given, config.token)):
        raise ApiError(403, "the token given does not allow reading")


def require_write(request: Request) -> None:
    """Let a request write only with the server's write token."""
    config = config_of(request)
    if config.token is None:
        raise ApiError(
            403, "writes are disabled on this server; start it with --token or NEWSLEDGER_TOKEN"
        )
    given = _bearer(request)
    if given is None:
        raise ApiError(
            401,
            "writing needs a token: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not _matches(given, config.token):
        raise ApiError(403, "the token given does not allow writing")


# -- body size cap ------------------------------------------------------------


class _BodyTooLarge(ApiError):
    # An HTTPException, so that the framework's body parsing passes it on
    # as it is instead of turning it into a 400.
    def __init__(self, cap: int) -> None:
        super().__init__(413, f"request body is over the cap of {cap:,} bytes", {"limit": cap})


class _BodyTooSlow(ApiError):
    def __init__(self, seconds: float) -> None:
        # The rest of the body is never read: the connection cannot be reused.
        super().__init__(
            408,
            f"the request body stopped arriving for {seconds:g} seconds",
            {"limit": seconds},
            {"Connection": "close"},
        )


class BodyLimit:
    """Refuse request bodies over ``cap`` bytes with 413, counted as they stream.

    A body that stops arriving for ``timeout`` seconds gets 408 and the
    connection is closed, so a stalled upload does not hold it for ever.
    """

    def __init__(self, app: ASGIApp, cap: int, timeout: float = DEFAULT_BODY_TIMEOUT) -> None:
        self.app = app
        self.cap = cap
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.cap:
                    await self._refuse(send)
                    return
        seen = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal seen
            try:
                message = await asyncio.wait_for(receive(), self.timeout)
            except TimeoutError:
                raise _BodyTooSlow(self.timeout) from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.cap:
                    raise _BodyTooLarge(self.cap)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except _BodyTooLarge:
            if not started:
                await self._refuse(send)
        except _BodyTooSlow as slow:
            if not started:
                response = error_response(
                    slow.status_code, str(slow.detail), slow.extra, dict(slow.headers or {})
                )
                await response({"type": "http"}, _no_receive, send)

    async def _refuse(self, send: Send) -> None:
        response = error_response(
            413, f"request body is over the cap of {self.cap:,} bytes", {"limit": self.cap}
        )
        await response({"type": "http"}, _no_receive, send)


# -- writes refused on their headers -------------------------------------------------


def _needs_write_token(route: BaseRoute) -> bool:
    return isinstance(route, APIRoute) and any(
        dependency.call is require_write for dependency in route.dependant.dependencies
    )


class WriteGate:
    """Refuse a write without the write token on its headers, before reading its body.

    The route's own ``require_write`` runs only after the framework has read
    and parsed the body: up to the size cap per request, for anyone.  This
    runs the same check on the headers alone for every route that needs
    the write token, and answers with ``Connection: close`` so that the rest
    of the body is never read.
    """

    def __init__(self, app: ASGIApp, router: APIRouter) -> None:
        self.app = app
        # The router's own routes (with their full paths), not the
        # application's, which wraps included routers.
        self.routes = [route for route in router.routes if _needs_write_token(route)]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] not in ("GET", "HEAD", "OPTIONS")
            and any(route.matches(scope)[0] is Match.FULL for route in self.routes)
        ):
            try:
                require_write(Request(scope))
            except ApiError as refused:
                headers = dict(refused.headers or {})
                headers["Connection"] = "close"
                response = error_response(
                    refused.status_code, str(refused.detail), refused.extra, headers
                )
                await response(scope, _no_receive, send)
                return
        await self.app(scope, receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


# -- errors ---------------------------------------------------------------------


def error_response(
    status: int, message: str, detail: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"error": message, "detail": detail}, status_code=status, headers=headers)


# Renders an error for a browser: (status, message) to a whole HTML page.
HtmlError = Callable[[int, str], str]


def _wants_html(request: Request) -> bool:
    """Pages answer errors as pages; the API and a client asking for JSON get JSON."""
    path = request.url.path
    if path == "/api" or path.startswith("/api/") or path == "/openapi.json":
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept or "json" not in accept


def _error(
    request: Request,
    status: int,
    message: str,
    detail: Any = None,
    headers: dict[str, str] | None = None,
) -> Response:
    html_error: HtmlError | None = getattr(request.app.state, "html_error", None)
    if html_error is not None and _wants_html(request):
        return HTMLResponse(html_error(status, message), status_code=status, headers=headers)
    return error_response(status, message, detail, headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "request failed"
    if exc.status_code == 404 and not isinstance(exc, ApiError):
        message = f"nothing at {request.url.path}"
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}"
    headers = dict(exc.headers) if exc.headers else None
    return _error(request, exc.status_code, message, getattr(exc, "extra", None), headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"where": ".".join(str(p) for p in err.get("loc", ())), "problem": str(err.get("msg"))}
        for err in exc.errors()
    ]
    first = problems[0] if problems else {"where": "request", "problem": "invalid"}
    return _error(request, 422, f"invalid request: {first['where']}: {first['problem']}", problems)


async def _library_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, StoreError):
        log.error("store error: %s", exc)
        return _error(request, 503, "the ledger database cannot be used", str(exc))
    status = 422 if isinstance(exc, InputError) else 400
    return _error(request, status, str(exc))


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.exception("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return _error(request, 500, "internal error; the server log has the details")


# Article text is escaped; this policy is a second line of defence that also
# keeps every page from loading anything from another server.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


class SecurityHeaders:
    """Add nosniff everywhere, and a strict content policy to HTML and SVG."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                kind = headers.get("content-type", "")
                if kind.startswith(("text/html", "image/svg+xml")):
                    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
                    headers["Referrer-Policy"] = "no-referrer"
            await send(message)

        await self.app(scope, receive, with_headers)


# -- the application --------------------------------------------------------------


def create_api_app(
    db: str,
    token: str | None,
    read_token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    html_error: HtmlError | None = None,
    body_timeout: float = DEFAULT_BODY_TIMEOUT,
) -> FastAPI:
    """The API over the ledger at ``db``; ``html_error`` renders errors for browsers."""
    from newsledger.api.ingest import resume_pending
    from newsledger.api.routes import router as api_router

    app = FastAPI(
        title="newsledger",
        version="1",
        description=API_DESCRIPTION,
        # The interactive docs pages load scripts from a CDN; the schema is
        # served at /openapi.json for any local tool.
        docs_url=None,
        redoc_url=None,
    )
    app.state.config = ServerConfig(
        db=str(db),
        token=token or None,
        read_token=read_token or None,
        max_body_bytes=max_body_bytes,
    )
    app.state.html_error = html_error
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(NewsledgerError, _library_error)
    app.add_exception_handler(Exception, _internal_error)
    app.include_router(api_router)
    # Documents stored but not resolved (a crash, another process) are
    # resolved by the background queue from start-up on (api.ingest).
    app.router.on_startup.append(functools.partial(resume_pending, app.state.config))
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, cap=max_body_bytes, timeout=body_timeout)
    # Outermost: a write without the token is refused before anything reads.
    app.add_middleware(WriteGate, router=api_router)
    return app
