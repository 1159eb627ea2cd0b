"""The whole server: the API from ``newsledger.api`` with the web pages on top.

The web package depends on the API package and never the reverse, so the
API can be served, tested and changed without the pages.
"""

from __future__ import annotations

from fastapi import FastAPI

from newsledger.api.app import DEFAULT_BODY_TIMEOUT, DEFAULT_MAX_BODY_BYTES, create_api_app
from newsledger.web.pages import router as pages_router
from newsledger.web.render import error_page
from newsledger.web.views import router as views_router


def create_app(
    db: str,
    token: str | None,
    read_token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    body_timeout: float = DEFAULT_BODY_TIMEOUT,
) -> FastAPI:
    """The API and web UI over the ledger at ``db``."""
    app = create_api_app(
        db,
        token,
        read_token=read_token,
        max_body_bytes=max_body_bytes,
        html_error=error_page,
        body_timeout=body_timeout,
    )
    app.include_router(pages_router)
    app.include_router(views_router)
    return app
