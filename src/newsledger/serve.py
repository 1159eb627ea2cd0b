"""Run the HTTP API and web UI with uvicorn."""

from __future__ import annotations

import uvicorn

from newsledger.api.app import DEFAULT_MAX_BODY_BYTES
from newsledger.web.app import create_app


def serve(
    db: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    read_token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> None:
    """Serve the ledger at ``db`` on ``host:port`` until interrupted.

    Writes need ``token``; without one the server is read-only.  Reads are
    open unless ``read_token`` is given.
    """
    app = create_app(db, token, read_token=read_token, max_body_bytes=max_body_bytes)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
