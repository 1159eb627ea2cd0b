"""The application's own limits, called as ASGI: refusals that never wait for a body."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from newsledger.api.app import create_api_app

TOKEN = "limits-token"


def _scope(method: str, path: str, headers: dict[str, str]) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


def _call(app: Any, scope: dict[str, Any], receive: Any, limit: float = 10.0) -> list[Any]:
    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    asyncio.run(asyncio.wait_for(app(scope, receive, send), limit))
    return sent


async def _never() -> dict[str, Any]:
    # A client that sent its headers and then nothing more.
    await asyncio.sleep(3600)
    raise AssertionError("unreachable")


def _status_and_body(sent: list[Any]) -> tuple[int, dict[str, str], Any]:
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return start["status"], headers, json.loads(body)


def test_a_write_without_token_is_refused_without_reading_the_body(tmp_path: Path) -> None:
    app = create_api_app(str(tmp_path / "l.db"), TOKEN)
    chunked = {"host": "x", "transfer-encoding": "chunked", "content-type": "application/json"}
    status, headers, body = _status_and_body(
        _call(app, _scope("POST", "/api/documents", chunked), _never)
    )
    assert status == 401
    assert headers["connection"] == "close"
    assert "token" in body["error"]
    wrong = {**chunked, "authorization": "Bearer nope"}
    status, _, _ = _status_and_body(
        _call(app, _scope("POST", "/api/conflicts/abc/feedback", wrong), _never)
    )
    assert status == 403


def test_reads_and_wrong_methods_are_not_taken_for_writes(tmp_path: Path) -> None:
    app = create_api_app(str(tmp_path / "l.db"), TOKEN)

    async def empty() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    status, _, _ = _status_and_body(_call(app, _scope("GET", "/api/health", {}), empty))
    assert status == 200
    status, _, _ = _status_and_body(_call(app, _scope("DELETE", "/api/documents", {}), empty))
    assert status == 405


def test_a_body_that_stops_arriving_gets_408(tmp_path: Path) -> None:
    app = create_api_app(str(tmp_path / "l.db"), TOKEN, body_timeout=0.3)
    headers = {
        "host": "x",
        "transfer-encoding": "chunked",
        "content-type": "application/json",
        "authorization": f"Bearer {TOKEN}",
    }
    status, response_headers, body = _status_and_body(
        _call(app, _scope("POST", "/api/documents", headers), _never)
    )
    assert status == 408
    assert response_headers["connection"] == "close"
    assert body["detail"] == {"limit": 0.3}
