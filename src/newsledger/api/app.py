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

import functools
import logging
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsledger.errors import InputError, NewsledgerError, StoreError
from newsledger.store import Store, open_store

log = logging.getLogger("newsledger.api")

# Largest request body accepted: a long article as HTML, or a feed with a few
# hundred entries, stays well below it; anything bigger belongs in a file
# ingested with `newsledger ingest`.
DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024

API_DESCRIPTION = """\
The newsledger ledger over HTTP: documents, entities, figures and claims,
quotes, events, stories, conflicts and full-text search.  Listings take
`limit` and `offset` and report the `total`.  Writes need
`Authorization: Bearer <token>`.  Errors are `{"error": ..., "detail": ...}`.
"""


@dataclass
class ServerConfig:
    """What one running server was told, plus what it shares between requests."""

    db: str
    token: str | None
    read_token: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    # Ingest runs one at a time: SQLite has one writer, and resolve reads the
    # whole ledger.
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    cache: dict[str, Any] = field(default_factory=dict)

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


class BodyLimit:
    """Refuse request bodies over ``cap`` bytes with 413, counted as they stream."""

    def __init__(self, app: ASGIApp, cap: int) -> None:
        self.app = app
        self.cap = cap

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
            message = await receive()
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

    async def _refuse(self, send: Send) -> None:
        response = error_response(
            413, f"request body is over the cap of {self.cap:,} bytes", {"limit": self.cap}
        )
        await response({"type": "http"}, _no_receive, send)


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
    app.add_middleware(BodyLimit, cap=max_body_bytes)
    return app
